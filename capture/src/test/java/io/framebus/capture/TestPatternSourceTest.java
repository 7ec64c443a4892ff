package io.framebus.capture;

import io.framebus.ChannelReader;
import io.framebus.ChannelWriter;
import io.framebus.Frame;
import io.framebus.FrameChannel;
import io.framebus.PixelFormat;
import io.framebus.pipeline.StageListener;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.CompletableFuture;

import static io.framebus.capture.TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/** Synthetic frames drawn straight into slots. */
class TestPatternSourceTest {

    @Test
    void readersReceiveExactlyTheRenderedPattern() throws Exception {
        String name = uniqueName("pattern");
        int frames = 50;
        try (TestPatternSource source = new TestPatternSource(320, 180, 30, frames);
             Arena arena = Arena.ofConfined();
             ChannelWriter writer = FrameChannel.create(config(name, source.info(), 3));
             ChannelReader reader = FrameChannel.attach(name, lossless())) {
            SourceInfo info = source.info();
            MemorySegment expected = arena.allocate(info.frameBytes());
            MemorySegment previous = arena.allocate(info.frameBytes());
            CompletableFuture<CaptureSummary> run = CompletableFuture.supplyAsync(() ->
                    new Capture(source).run(writer, CaptureOptions.defaults(), StageListener.NONE));
            for (int i = 0; i < frames; i++) {
                try (Frame frame = reader.tryTake(TAKE)) {
                    assertNotNull(frame);
                    assertEquals(PixelFormat.BGR24, frame.pixelFormat());
                    assertEquals(320 * 3, frame.stride());
                    assertEquals(i * 1_000_000L / 30, frame.pts());
                    TestPatternSource.render(expected, info.stride(), 320, 180, i);
                    assertEquals(-1, MemorySegment.mismatch(frame.segment(), 0, info.frameBytes(), expected, 0,
                            info.frameBytes()), "frame " + i);
                    if (i > 0) {
                        assertNotEquals(-1, MemorySegment.mismatch(frame.segment(), 0, info.frameBytes(), previous, 0,
                                info.frameBytes()), "consecutive frames differ (bars move, counter counts)");
                    }
                    MemorySegment.copy(frame.segment(), 0, previous, 0, info.frameBytes());
                }
            }
            assertEquals(frames, run.get().frames());
            assertEquals("capture: test pattern drawn directly into the slot (no decoder, zero-copy)",
                    FrameChannel.inspect(name, SHM).note());
        }
        assertFalse(channelFileExists(name));
    }

    @Test
    void frameZeroHasBarsAndACounterBox() {
        try (Arena arena = Arena.ofConfined()) {
            int w = 320, h = 180, stride = w * 3;
            MemorySegment m = arena.allocate((long) stride * h);
            TestPatternSource.render(m, stride, w, h, 0);
            // bar 0 (white) from x = 0, bar 3 (green) from x = 120, bar 7 (black) at the right; sampled low in the
            // frame
            assertPixel(m, stride, 20, 150, 255, 255, 255);
            assertPixel(m, stride, 130, 150, 0, 255, 0);
            assertPixel(m, stride, 300, 150, 0, 0, 0);
            // counter box: black background in the top-left corner, a white stroke of the digit 0
            assertPixel(m, stride, 0, 0, 0, 0, 0);
            int scale = Math.max(2, h / 48);
            assertPixel(m, stride, scale, scale, 255, 255, 255);
        }
    }

    @Test
    void loopingAPatternContinuesCountingAndPts() {
        String name = uniqueName("patternloop");
        try (TestPatternSource source = new TestPatternSource(64, 32, 25, 10);
             ChannelWriter writer = FrameChannel.create(config(name, source.info(), 2))) {
            CaptureSummary s = new Capture(source).run(writer,
                    CaptureOptions.defaults().withLoop(true).withMaxFrames(35), StageListener.NONE);
            assertEquals(35, s.frames());
            assertEquals(3, s.loops());
            assertEquals(34, source.frameNumber());
            assertEquals(34 * 40_000L, source.ptsMicros());
        }
        assertFalse(channelFileExists(name));
    }

    @Test
    void realtimePacingSpacesFramesByTheirPresentationTimes() throws Exception {
        String name = uniqueName("paced");
        try (TestPatternSource source = new TestPatternSource(64, 32, 50, 6);
             ChannelWriter writer = FrameChannel.create(config(name, source.info(), 8));
             ChannelReader reader = FrameChannel.attach(name, lossless())) {
            CaptureSummary s = new Capture(source).run(writer, CaptureOptions.defaults().withRealtime(true),
                    StageListener.NONE);
            assertEquals(6, s.frames());
            long first = 0;
            for (int i = 0; i < 6; i++) {
                try (Frame f = reader.tryTake(TAKE)) {
                    if (i == 0) {
                        first = f.captureNanos();
                    }
                    // a lower bound only: pacing never releases a frame before its due time
                    assertTrue(f.captureNanos() - first >= f.pts() * 1000 - 1_000_000,
                            "frame " + i + " released " + (f.captureNanos() - first) + " ns after the first, pts "
                                    + f.pts());
                }
            }
        }
        assertFalse(channelFileExists(name));
    }

    private static void assertPixel(MemorySegment m, int stride, int x, int y, int b, int g, int r) {
        long at = (long) y * stride + 3L * x;
        assertEquals(b, Byte.toUnsignedInt(m.get(ValueLayout.JAVA_BYTE, at)), "B at " + x + "," + y);
        assertEquals(g, Byte.toUnsignedInt(m.get(ValueLayout.JAVA_BYTE, at + 1)), "G at " + x + "," + y);
        assertEquals(r, Byte.toUnsignedInt(m.get(ValueLayout.JAVA_BYTE, at + 2)), "R at " + x + "," + y);
    }
}
