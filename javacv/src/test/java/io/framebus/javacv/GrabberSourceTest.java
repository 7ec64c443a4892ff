package io.framebus.javacv;

import io.framebus.ChannelReader;
import io.framebus.ChannelWriter;
import io.framebus.Frame;
import io.framebus.FrameChannel;
import io.framebus.PixelFormat;
import io.framebus.ReaderOptions;
import io.framebus.capture.Capture;
import io.framebus.capture.CaptureOptions;
import io.framebus.capture.CaptureSummary;
import io.framebus.capture.FfmpegSource;
import io.framebus.capture.SourceInfo;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static io.framebus.javacv.JavacvTestSupport.PEOPLE;
import static io.framebus.javacv.JavacvTestSupport.SHM;
import static io.framebus.javacv.JavacvTestSupport.WAIT;
import static io.framebus.javacv.JavacvTestSupport.config;
import static io.framebus.javacv.JavacvTestSupport.fill;
import static io.framebus.javacv.JavacvTestSupport.pixel;
import static io.framebus.javacv.JavacvTestSupport.uniqueName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Publishing from JavaCV grabbers: the same frames as the FFmpeg source, written straight into slots. */
class GrabberSourceTest {
    /** swscale's tolerance: the two sources run the same conversion, so any difference is a rounding step. */
    private static final int TOLERANCE = 2;
    private static final int FRAMES = 40;

    @Test
    void anFfmpegGrabberGivesTheSameFramesAsTheFfmpegSource() {
        try (FfmpegSource ffmpeg = FfmpegSource.open(PEOPLE);
             GrabberSource grabber = GrabberSource.open(new FFmpegFrameGrabber(PEOPLE.toFile()));
             Arena arena = Arena.ofConfined()) {
            SourceInfo a = ffmpeg.info();
            SourceInfo b = grabber.info();
            assertEquals(a.width(), b.width());
            assertEquals(a.height(), b.height());
            assertEquals(a.fps(), b.fps(), 1e-6);
            assertEquals(a.frameCount(), b.frameCount());
            assertFalse(grabber.isLive());
            assertTrue(grabber.note().contains("raw"), grabber.note());
            MemorySegment expected = arena.allocate(a.frameBytes(), 64);
            MemorySegment actual = arena.allocate(b.frameBytes(), 64);
            int maxDiff = 0;
            for (int i = 0; i < FRAMES; i++) {
                assertTrue(ffmpeg.advance());
                assertTrue(grabber.advance());
                assertEquals(ffmpeg.ptsMicros(), grabber.ptsMicros(), "pts of frame " + i);
                ffmpeg.writeTo(expected, a.stride());
                grabber.writeTo(actual, b.stride());
                assertEquals(actual.address(), grabber.lastDestinationAddress(), "sws_scale wrote into the target");
                for (long k = 0; k < a.frameBytes(); k++) {
                    int d = Math.abs((expected.get(ValueLayout.JAVA_BYTE, k) & 0xff)
                            - (actual.get(ValueLayout.JAVA_BYTE, k) & 0xff));
                    maxDiff = Math.max(maxDiff, d);
                }
            }
            assertTrue(maxDiff <= TOLERANCE, "largest byte difference " + maxDiff);
        }
    }

    @Test
    void captureFromAGrabberWritesEachFrameStraightIntoItsSlot() {
        String name = uniqueName("grab");
        try (GrabberSource source = GrabberSource.open(new FFmpegFrameGrabber(PEOPLE.toFile()));
             ChannelWriter writer = FrameChannel.create(config(name, source.info().frameBytes(), 4));
             ChannelReader reader = FrameChannel.attach(name, ReaderOptions.latest().withDirectory(SHM))) {
            Capture capture = new Capture(source);
            List<Long> sequences = new ArrayList<>();
            CaptureSummary summary = capture.run(writer, CaptureOptions.defaults().withMaxFrames(12),
                    (sequence, captureNanos, takeNanos, doneNanos, skipped) -> sequences.add(sequence));
            assertEquals(12, summary.frames());
            assertEquals(capture.lastSlotAddress(), source.lastDestinationAddress(),
                    "the conversion's destination is the slot");
            assertEquals(12, sequences.size());
            try (Frame last = reader.tryTake(WAIT)) {
                assertNotNull(last);
                assertEquals(12, last.sequence());
                assertEquals(PixelFormat.BGR24, last.pixelFormat());
                assertEquals(source.info().width(), last.width());
                assertEquals(source.info().frameBytes(), last.length());
            }
        }
    }

    @Test
    void otherGrabbersPicturesAreConvertedOnceIntoTheSlot() {
        for (int channels : new int[] {3, 1, 4}) {
            try (GrabberSource source = GrabberSource.open(new PatternGrabber(channels, 3));
                 Arena arena = Arena.ofConfined()) {
                SourceInfo info = source.info();
                assertEquals(PatternGrabber.W, info.width());
                assertTrue(source.isLive());
                MemorySegment slot = arena.allocate(info.frameBytes(), 64);
                for (int seed = 0; seed < 3; seed++) {
                    assertTrue(source.advance(), channels + " channels, frame " + seed);
                    source.writeTo(slot, info.stride());
                    for (int y = 0; y < PatternGrabber.H; y += 7) {
                        for (int x = 0; x < PatternGrabber.W; x += 5) {
                            for (int c = 0; c < 3; c++) {
                                int want = pixel(seed, x, y, channels == 1 ? 0 : c) & 0xff;
                                int got = slot.get(ValueLayout.JAVA_BYTE, (long) y * info.stride() + x * 3L + c) & 0xff;
                                assertTrue(Math.abs(want - got) <= 1, channels + " channels at " + x + "," + y + "," + c
                                        + ": " + got + " instead of " + want);
                            }
                        }
                    }
                }
                assertFalse(source.advance(), "the grabber ended");
            }
        }
    }

    /** A grabber of test pictures in direct buffers with padded rows, like OpenCV's camera frames. */
    static final class PatternGrabber extends FrameGrabber {
        static final int W = 96;
        static final int H = 64;
        private final int channels;
        private final int count;
        private final int stride;
        private final BytePointer memory;
        private final ByteBuffer buffer;
        private int grabbed;

        PatternGrabber(int channels, int count) {
            this.channels = channels;
            this.count = count;
            this.stride = W * channels + 16;
            this.memory = new BytePointer((long) stride * H);
            this.buffer = memory.asBuffer();
        }

        @Override
        public void start() {
            grabbed = 0;
        }

        @Override
        public void stop() {
        }

        @Override
        public void trigger() {
        }

        @Override
        public org.bytedeco.javacv.Frame grab() {
            if (grabbed == count) {
                return null;
            }
            fill(MemorySegment.ofBuffer(buffer), W, H, channels, stride, grabbed++);
            org.bytedeco.javacv.Frame f = new org.bytedeco.javacv.Frame();
            f.imageWidth = W;
            f.imageHeight = H;
            f.imageChannels = channels;
            f.imageDepth = org.bytedeco.javacv.Frame.DEPTH_UBYTE;
            f.imageStride = stride;
            f.image = new java.nio.Buffer[] {buffer};
            f.timestamp = grabbed * 40_000L;
            return f;
        }

        @Override
        public void release() {
            memory.close();
        }

        @Override
        public int getImageWidth() {
            return 0; // like a camera before its first frame: the source learns the size from it
        }

        @Override
        public double getFrameRate() {
            return 25;
        }
    }
}
