package io.framebus.inference.motion;

import io.framebus.ChannelReader;
import io.framebus.ChannelWriter;
import io.framebus.Frame;
import io.framebus.FrameChannel;
import io.framebus.FrameClaim;
import io.framebus.PixelFormat;
import io.framebus.inference.TestSupport;
import io.framebus.pipeline.Detections;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.framebus.inference.TestSupport.*;
import static io.framebus.inference.motion.MotionDetectorTest.*;
import static org.junit.jupiter.api.Assertions.*;

/** frames channel -> MotionStage (held previous frame, in-place diff) -> motion channel. */
class MotionStageTest {

    @AfterEach
    void noChannelFilesLeft() throws Exception {
        assertEquals(List.of(), leftovers());
    }

    @Test
    // "try": closes the frames writer early on purpose (the stage drains and returns);
    // the try-with-resources still closes it if an assertion fails first.
    @SuppressWarnings("try")
    void movingRectangleIsFollowedAndAStaticSceneGivesNothing() throws Exception {
        String framesName = uniqueName("motion-frames");
        String motionName = uniqueName("motion");
        try (ChannelWriter frames = FrameChannel.create(plain(framesName, (long) STRIDE * H).withSlots(4));
             ChannelWriter boxes = FrameChannel.create(plain(MotionStage.detectionsChannel(motionName, 16)));
             ChannelReader framesIn = FrameChannel.attach(framesName, latest().withHoldLimit(2));
             ChannelReader boxesIn = FrameChannel.attach(motionName, lossless())) {
            MotionStage stage = new MotionStage(new MotionDetector());
            CompletableFuture<MotionStage.Summary> running = CompletableFuture.supplyAsync(
                    () -> stage.run(framesIn, boxes), r -> Thread.ofPlatform().name("motion").start(r));

            publish(frames, 100, 100); // the first frame has nothing to compare with
            for (int i = 1; i <= 5; i++) {
                int x = 100 + 24 * i;
                long seq = publish(frames, x, 100);
                try (Frame f = boxesIn.tryTake(Duration.ofSeconds(30))) {
                    assertNotNull(f);
                    Detections.Frame payload = Detections.read(f.segment(), f.length());
                    assertEquals(seq, payload.frameSequence());
                    assertEquals(MotionStage.PRODUCER_ID, payload.producer());
                    assertEquals(1, payload.detections().size(), payload.toString());
                    Detections.Detection box = payload.detections().getFirst();
                    assertEquals(MotionDetector.MOTION_CLASS, box.classId());
                    // the rectangle moved from x-24 to x (80 wide, y 100..160): the box covers both positions
                    assertTrue(box.x1() <= x - 24 && box.x1() > x - 24 - 16, box.toString());
                    assertTrue(box.x2() >= x + 80 && box.x2() < x + 80 + 16, box.toString());
                    assertTrue(box.y1() <= 100 && box.y2() >= 160, box.toString());
                }
            }
            for (int i = 0; i < 4; i++) { // the rectangle stops: the same scene again and again
                long seq = publish(frames, 220, 100);
                try (Frame f = boxesIn.tryTake(Duration.ofSeconds(30))) {
                    Detections.Frame payload = Detections.read(f.segment(), f.length());
                    assertEquals(seq, payload.frameSequence());
                    if (i > 0) {
                        assertEquals(List.of(), payload.detections(), "static scene: no motion");
                    }
                }
            }
            frames.close();
            MotionStage.Summary summary = running.get(30, TimeUnit.SECONDS);
            System.out.println(summary);
            assertEquals(9, summary.analysed());
            assertEquals(5, summary.framesWithMotion());
            assertEquals(0, summary.unsupported());
        }
    }

    @Test
    void needsAReaderThatMayHoldTwoFrames() {
        String framesName = uniqueName("motion-hold");
        String motionName = uniqueName("motion-hold-out");
        try (ChannelWriter _ = FrameChannel.create(plain(framesName, 1024).withSlots(4));
             ChannelWriter boxes = FrameChannel.create(plain(MotionStage.detectionsChannel(motionName, 4)));
             ChannelReader framesIn = FrameChannel.attach(framesName, latest().withHoldLimit(1))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new MotionStage(new MotionDetector()).run(framesIn, boxes));
            assertTrue(e.getMessage().contains("withHoldLimit(2)"), e.getMessage());
        }
    }

    /** A frame of the synthetic scene (fixed noise) with the rectangle at (x, y), written into the slot. */
    private static long publish(ChannelWriter frames, int x, int y) {
        FrameClaim claim = frames.claim(TestSupport.TAKE);
        scene(claim.segment(), 7, x, y, 80, 60);
        return claim.video(W, H, STRIDE, PixelFormat.BGR24).publish();
    }
}
