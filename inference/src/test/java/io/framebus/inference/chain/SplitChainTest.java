package io.framebus.inference.chain;

import io.framebus.ChannelReader;
import io.framebus.ChannelWriter;
import io.framebus.DType;
import io.framebus.Frame;
import io.framebus.FrameChannel;
import io.framebus.FrameClaim;
import io.framebus.FrameKind;
import io.framebus.PixelFormat;
import io.framebus.inference.ChannelOrder;
import io.framebus.inference.DetectorStage;
import io.framebus.inference.Digits;
import io.framebus.inference.PreprocessSpec;
import io.framebus.inference.ResizeMode;
import io.framebus.inference.SessionConfig;
import io.framebus.inference.TestVideo;
import io.framebus.inference.TopKDecoder;
import io.framebus.pipeline.ChainMetadata;
import io.framebus.pipeline.Detections;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.framebus.inference.TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The chain split into stages, each on its own thread over real channels, as each runs in its own process
 * from the command line: frames -> preprocess -> tensors -> infer -> output channels -> postprocess ->
 * detections. With the bundled YOLOX (compared box for box with the single-process detector on the same
 * frames) and MNIST models.
 */
class SplitChainTest {
    private static final Duration LONG = Duration.ofSeconds(60);

    @AfterEach
    void noChannelFilesLeft() throws Exception {
        assertEquals(List.of(), leftovers());
    }

    @Test
    @SuppressWarnings("try") // closes the frames writer early on purpose: the stages drain and return
    void yoloxBoxesFromTheChainEqualThoseOfTheSingleProcessDetectorOnTheSameFrames() throws Exception {
        String frames = uniqueName("frames");
        String outputs = uniqueName("yolox-out");
        PreprocessSpec spec = PreprocessSpec.yolox(416, 416);
        Map<Long, Detections.Frame> single;
        Map<Long, Detections.Frame> chain;
        InferStage.Summary inferred;
        try (TestVideo video = new TestVideo(PEOPLE);
             DetectorStage detector = DetectorStage.yolox(YOLOX);
             InferStage infer = InferStage.open(YOLOX, SessionConfig.defaults());
             ChannelWriter framesOut = FrameChannel.create(plain(frames, (long) stride(video.width()) * video.height())
                     .withSlots(6));
             ChannelWriter singleTensors = FrameChannel.create(plain(detector.tensorChannel(uniqueName("t1"))));
             ChannelWriter singleDets = FrameChannel.create(plain(DetectorStage.detectionsChannel(uniqueName("d1"),
                     100)));
             ChannelWriter chainDets = FrameChannel.create(plain(DetectorStage.detectionsChannel(uniqueName("d2"),
                     100)));
             ChannelReader singleIn = FrameChannel.attach(frames, lossless());
             ChannelReader singleDetsIn = FrameChannel.attach(singleDets.name(), lossless());
             ChannelReader chainDetsIn = FrameChannel.attach(chainDets.name(), lossless())) {
            PreprocessStage pre = new PreprocessStage(spec);
            PostprocessStage post = new PostprocessStage(new YoloxTensorDecoder()).geometry(spec);
            CompletableFuture<DetectorStage.Summary> detecting = Stages.start("detect",
                    () -> detector.run(singleIn, singleTensors, singleDets));
            try (ChainThreads threads = ChainThreads.start(frames, pre, infer, OutputChannels.named(List.of(outputs)),
                    post, chainDets)) {
                assertTrue(framesOut.awaitReaders(2, LONG), "the detector and the preprocessing read the frames");
                List<Long> published = new ArrayList<>();
                for (int index = 300; index < 360; index += 10) {
                    video.seekForward(index);
                    published.add(video.publish(framesOut));
                }
                framesOut.close();
                detecting.get(LONG.toSeconds(), TimeUnit.SECONDS);
                inferred = threads.finish();
                single = drain(singleDetsIn, published.size());
                chain = drain(chainDetsIn, published.size());
                assertEquals(published, List.copyOf(single.keySet()), "the detector saw every frame (LOSSLESS)");
            }
        }
        assertEquals(6, inferred.inferred());
        assertEquals(0, inferred.probes(), "a static model needs no probe run");
        assertEquals(single.keySet(), chain.keySet());
        int persons = 0;
        for (Map.Entry<Long, Detections.Frame> e : single.entrySet()) {
            Detections.Frame s = e.getValue();
            Detections.Frame c = chain.get(e.getKey());
            assertEquals(s.detections(), c.detections(), "frame " + e.getKey() + ": the same boxes, to the bit");
            assertEquals(s.width(), c.width());
            assertEquals(s.height(), c.height());
            assertEquals(s.producer(), c.producer());
            persons += (int) s.detections().stream().filter(d -> d.classId() == 0).count();
        }
        assertTrue(persons >= 6, "people walk through these frames: " + single);
    }

    @Test
    @SuppressWarnings("try") // closes the frames writer early on purpose: the stages drain and return
    void mnistReadsDigitsThroughTheSplitChain() throws Exception {
        int size = 56;
        String frames = uniqueName("digits");
        String outputs = uniqueName("mnist-out");
        PreprocessSpec spec = PreprocessSpec.of(28, 28).withOrder(ChannelOrder.GRAY).withResize(ResizeMode.STRETCH)
                .withNormalisation(1 / 255f, new float[] {0}, new float[] {1});
        Map<Long, Detections.Frame> labels;
        List<Long> published = new ArrayList<>();
        try (InferStage infer = InferStage.open(MNIST, SessionConfig.defaults());
             ChannelWriter framesOut = FrameChannel.create(plain(frames, (long) size * size * 3).withSlots(4));
             ChannelWriter dets = FrameChannel.create(plain(DetectorStage.detectionsChannel(uniqueName("labels"), 3)));
             ChannelReader labelsIn = FrameChannel.attach(dets.name(), lossless())) {
            PostprocessStage post = new PostprocessStage(new TopKTensorDecoder(new TopKDecoder(3).withSoftmax(true),
                    String::valueOf));
            try (ChainThreads threads = ChainThreads.start(frames, new PreprocessStage(spec), infer,
                    OutputChannels.named(List.of(outputs)), post, dets);
                 ChannelReader tap = FrameChannel.attach(outputs, latest())) {
                assertTrue(framesOut.awaitReaders(1, LONG));
                for (int digit : new int[] {1, 0, 1}) {
                    FrameClaim claim = framesOut.claim(TAKE);
                    claim.segment().fill((byte) 0);
                    if (digit == 1) {
                        Digits.drawOne(claim.segment(), size);
                    } else {
                        Digits.drawZero(claim.segment(), size);
                    }
                    published.add(claim.video(size, size, size * 3, PixelFormat.BGR24).pts(digit * 1000L).publish());
                    long done = published.size();
                    long deadline = System.nanoTime() + LONG.toNanos();
                    while (labelsIn.published() < done && System.nanoTime() < deadline) {
                        Thread.sleep(5); // one digit at a time, so that the LATEST tap sees the last output
                    }
                }
                try (Frame out = tap.tryTake(TAKE)) {
                    assertEquals(FrameKind.TENSOR, out.kind());
                    assertEquals(DType.FLOAT32, out.dtype());
                    assertArrayEquals(new long[] {1, 10}, out.shape());
                    assertEquals("Plus214_Output_0", out.label(), "the output's name");
                    assertEquals(published.getLast(), out.origin(), "the video frame it came from");
                    assertEquals(ChainMetadata.sourceGeometry(size, size), out.tag());
                    assertEquals(1000L, out.pts());
                }
                framesOut.close();
                assertEquals(3, threads.finish().inferred());
                labels = drain(labelsIn, 3);
            }
        }
        assertEquals(published, List.copyOf(labels.keySet()));
        int[] expected = {1, 0, 1};
        for (int i = 0; i < 3; i++) {
            Detections.Frame f = labels.get(published.get(i));
            assertEquals(TopKDecoder.PRODUCER_ID, f.producer());
            assertEquals(3, f.detections().size());
            Detections.Detection best = f.detections().getFirst();
            assertEquals(expected[i], best.classId(), "digit " + i + ": " + f.detections());
            assertTrue(best.score() > 0.5f && best.score() <= 1f, "a softmax probability: " + best);
            assertEquals(new Detections.Detection(best.classId(), best.score(), 0, 0, size, size), best,
                    "a label is boxed by the whole frame");
        }
    }

    /** Reads {@code count} payloads of a closed (or closing) detections channel, by video frame sequence. */
    static Map<Long, Detections.Frame> drain(ChannelReader reader, int count) {
        Map<Long, Detections.Frame> found = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            try (Frame f = reader.tryTake(TAKE)) {
                assertNotNull(f, "payload " + i + " of " + count);
                Detections.Frame d = Detections.read(f.segment(), f.length());
                assertEquals(d.frameSequence(), f.origin(), "a payload's origin is its video frame");
                found.put(d.frameSequence(), d);
            }
        }
        return found;
    }
}
