package io.framebus.javacv;

import io.framebus.ChannelReader;
import io.framebus.ChannelWriter;
import io.framebus.Frame;
import io.framebus.FrameChannel;
import io.framebus.PixelFormat;
import io.framebus.ReaderOptions;
import io.framebus.media.AddressPointer;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static io.framebus.javacv.JavacvTestSupport.SHM;
import static io.framebus.javacv.JavacvTestSupport.WAIT;
import static io.framebus.javacv.JavacvTestSupport.config;
import static io.framebus.javacv.JavacvTestSupport.lossless;
import static io.framebus.javacv.JavacvTestSupport.publishPicture;
import static io.framebus.javacv.JavacvTestSupport.uniqueName;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The OpenCV stage: the newest frame, resized into a slot of a second channel. */
class ResizeStageTest {
    private static final int W = 192;
    private static final int H = 108;
    private static final int PW = 96;
    private static final int PH = 54;

    @Test
    void previewsAreOpenCvResizesOfTheFramesWithTheirTimes() throws Exception {
        String frames = uniqueName("frames");
        String previews = uniqueName("previews");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        ChannelWriter writer = FrameChannel.create(config(frames, (long) W * H * 3, 6));
        try (ChannelWriter out = FrameChannel.create(ResizeStage.previewChannel(previews, PW, PH, PixelFormat.BGR24,
                     4).withBacking(io.framebus.Backing.PLAIN).withDirectory(SHM));
             ChannelReader preview = FrameChannel.attach(previews, lossless());
             ChannelReader in = FrameChannel.attach(frames, ReaderOptions.latest().withDirectory(SHM))) {
            ResizeStage stage = new ResizeStage(PW, PH);
            Future<ResizeStage.Summary> run = pool.submit(() -> stage.run(in, out));
            for (int seed = 1; seed <= 5; seed++) {
                long sequence = publishPicture(writer.claim(WAIT), W, H, W * 3, PixelFormat.BGR24, seed);
                try (Frame p = preview.tryTake(WAIT)) { // lossless: one preview per frame at this pace
                    assertNotNull(p, "preview of frame " + sequence);
                    assertEquals(sequence, p.tag(), "the tag is the input frame's sequence");
                    assertEquals(seed * 1000L, p.pts());
                    assertEquals(PW, p.width());
                    assertEquals(PH, p.height());
                    assertEquals(PW * 3, p.stride());
                    assertEquals(PixelFormat.BGR24, p.pixelFormat());
                    assertArrayEquals(expected(seed), bytes(p), "OpenCV's resize of frame " + seed);
                }
            }
            writer.close(); // the stage ends when its input closes
            ResizeStage.Summary summary = run.get(30, TimeUnit.SECONDS);
            assertEquals(5, summary.resized());
            assertEquals(0, summary.dropped());
            assertEquals(0, summary.unsupported());
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("the stage did not end cleanly", e);
        } finally {
            writer.close();
            pool.shutdownNow();
        }
    }

    /** The same resize, done privately. */
    private static byte[] expected(int seed) {
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            java.lang.foreign.MemorySegment picture = arena.allocate((long) W * H * 3);
            JavacvTestSupport.fill(picture, W, H, 3, W * 3, seed);
            AddressPointer at = new AddressPointer().set(picture.address(), picture.byteSize());
            try (Mat src = new Mat(H, W, CV_8UC3, at, W * 3);
                 Mat dst = new Mat();
                 Size size = new Size(PW, PH)) {
                resize(src, dst, size, 0, 0, INTER_AREA);
                byte[] b = new byte[PW * PH * 3];
                BytePointer data = dst.data();
                data.get(b);
                return b;
            }
        }
    }

    private static byte[] bytes(Frame frame) {
        byte[] b = new byte[(int) frame.length()];
        frame.byteBuffer().get(b);
        return b;
    }
}
