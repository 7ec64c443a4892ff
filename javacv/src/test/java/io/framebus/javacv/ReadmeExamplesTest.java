package io.framebus.javacv;

import io.framebus.ChannelReader;
import io.framebus.ChannelWriter;
import io.framebus.FrameChannel;
import io.framebus.ReadStatus;
import io.framebus.ReaderOptions;
import io.framebus.capture.Capture;
import io.framebus.capture.CaptureChannels;
import io.framebus.capture.CaptureOptions;
import io.framebus.pipeline.StageListener;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static io.framebus.javacv.JavacvTestSupport.PEOPLE;
import static io.framebus.javacv.JavacvTestSupport.uniqueName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's JavaCV and OpenCV examples, as written there (a file name and a frame limit aside). */
class ReadmeExamplesTest {

    @Test
    void publishFromAGrabberAndReadMats() throws Exception {
        String name = uniqueName("readme");
        AtomicLong grayPixels = new AtomicLong();
        CompletableFuture<Long> read = new CompletableFuture<>();
        Thread reading = Thread.ofPlatform().start(() -> {
            try {
                read.complete(readMats(name, grayPixels));
            } catch (RuntimeException | Error e) {
                read.completeExceptionally(e);
            }
        });
        publishFromGrabber(name, PEOPLE.toString());
        long frames = read.get(60, TimeUnit.SECONDS);
        reading.join();
        assertTrue(frames >= 1, "the reader converted at least one Mat");
        assertEquals(frames * 768 * 432, grayPixels.get());
    }

    /** README: publishing from a grabber. */
    private static void publishFromGrabber(String name, String video) {
        try (GrabberSource source = GrabberSource.open(new FFmpegFrameGrabber(video)); // or new OpenCVFrameGrabber(0)
             ChannelWriter writer = FrameChannel.create(CaptureChannels.configFor(name, source.info()))) {
            writer.awaitReaders(1, Duration.ofSeconds(30));
            new Capture(source).run(writer, CaptureOptions.defaults().withMaxFrames(100), StageListener.NONE);
        }
    }

    /** README: reading a Mat. */
    private static long readMats(String name, AtomicLong grayPixels) {
        long frames = 0;
        try (ChannelReader reader = FrameChannel.attach(name, ReaderOptions.latest()
                .withAttachTimeout(Duration.ofSeconds(30)));
             ReadOnlyViews views = new ReadOnlyViews();
             Mat gray = new Mat()) {
            ReadStatus status;
            do {
                status = reader.take(frame -> {
                    ReadOnlyMat bgr = views.readOnlyMat(frame);                   // the slot itself: no copy
                    opencv_imgproc.cvtColor(bgr, gray, opencv_imgproc.COLOR_BGR2GRAY); // a source, never a dst
                    grayPixels.addAndGet(gray.total());
                }, Duration.ofSeconds(1));
                frames += status == ReadStatus.FRAME ? 1 : 0;
            } while (status != ReadStatus.CLOSED);
        }
        return frames;
    }
}
