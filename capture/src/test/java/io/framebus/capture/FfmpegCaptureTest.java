package io.framebus.capture;

import io.framebus.ChannelReader;
import io.framebus.ChannelWriter;
import io.framebus.Frame;
import io.framebus.FrameChannel;
import io.framebus.FrameClaim;
import io.framebus.FrameKind;
import io.framebus.PixelFormat;
import io.framebus.pipeline.StageListener;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.framebus.capture.TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/** Decoding real H.264 files into a channel and reading the frames back through a reader. */
class FfmpegCaptureTest {

    @Test
    void probeReportsGeometryRateAndFrameCount() {
        SourceInfo info = FfmpegSource.probe(PEOPLE.toString());
        assertEquals(768, info.width());
        assertEquals(432, info.height());
        assertEquals(10.0, info.fps(), 1e-9);
        assertEquals(1394, info.frameCount());
        assertEquals("h264", info.codec());
        assertEquals(768 * 432 * 3, info.frameBytes());
        assertEquals(768 * 3, info.stride());
        assertEquals(768L * 432 * 3, CaptureChannels.configFor("probe", info, 4).slotSize());
    }

    @Test
    void decodesFileIntoChannelAndReaderSeesEveryFrameWithMetadata() throws Exception {
        String name = uniqueName("decode");
        try (FfmpegSource source = FfmpegSource.open(PEOPLE);
             ChannelWriter writer = FrameChannel.create(config(name, source.info(), 4));
             ChannelReader reader = FrameChannel.attach(name, lossless())) {
            Capture capture = new Capture(source);
            CompletableFuture<CaptureSummary> run = CompletableFuture.supplyAsync(() -> capture.run(writer,
                    CaptureOptions.defaults().withMaxFrames(30), StageListener.NONE));
            long lastCapture = 0;
            for (int i = 0; i < 30; i++) {
                try (Frame frame = reader.tryTake(TAKE)) {
                    assertNotNull(frame, "frame " + i);
                    assertEquals(i + 1, frame.sequence());
                    assertEquals(FrameKind.VIDEO, frame.kind());
                    assertEquals(PixelFormat.BGR24, frame.pixelFormat());
                    assertEquals(768, frame.width());
                    assertEquals(432, frame.height());
                    assertEquals(768 * 3, frame.stride());
                    assertEquals(768L * 432 * 3, frame.length());
                    assertEquals(i * 100_000L, frame.pts(), "pts in microseconds at 10 fps");
                    assertTrue(frame.captureNanos() > lastCapture && frame.captureNanos() <= frame.publishNanos());
                    lastCapture = frame.captureNanos();
                }
            }
            CaptureSummary summary = run.get();
            assertEquals(30, summary.frames());
            assertEquals(0, summary.dropped());
            assertEquals("capture: ffmpeg h264 decode -> sws_scale yuv420p->bgr24 into slot (zero-copy)",
                    FrameChannel.inspect(name, SHM).note());
            System.out.println("decode: " + summary);
        }
        assertFalse(channelFileExists(name), "closing the writer removes the channel file");
    }

    /**
     * The proof that frames are not copied: sws_scale's destination pointer is the claimed slot's
     * own address, the slot (poisoned before) holds the converted picture right after sws_scale,
     * and what a reader sees in the channel equals, byte for byte, an independent decode of the
     * same frames by a second decoder into private memory.
     */
    @Test
    void swsScaleDestinationIsTheSlotItselfAndReadersSeeExactlyTheDecodedPicture() {
        String name = uniqueName("zerocopy");
        int frames = 12;
        try (FfmpegSource source = FfmpegSource.open(PEOPLE);
             FfmpegSource reference = FfmpegSource.open(PEOPLE);
             Arena arena = Arena.ofConfined();
             ChannelWriter writer = FrameChannel.create(config(name, source.info(), 4));
             ChannelReader reader = FrameChannel.attach(name, lossless())) {
            SourceInfo info = source.info();
            int stride = info.stride();
            long bytes = info.frameBytes();
            MemorySegment expected = arena.allocate(bytes, 64);
            // A padded private buffer checks that sws_scale honours the given stride and writes nothing between rows.
            int padded = stride + 64;
            MemorySegment paddedBuffer = arena.allocate((long) padded * info.height(), 64);
            for (int i = 0; i < frames; i++) {
                // 1. by hand: claim, poison, let the source convert into the slot, check the pointer it used
                FrameClaim claim = writer.claim(Duration.ofSeconds(5));
                assertNotNull(claim);
                claim.segment().asSlice(0, bytes).fill((byte) 0x5A);
                assertTrue(source.advance());
                source.writeTo(claim.segment(), stride);
                assertEquals(claim.address(), source.lastDestinationAddress(),
                        "sws_scale's dst[0] must be the claimed slot's address");
                long pts = source.ptsMicros();
                // 2. an independent decoder into private memory
                assertTrue(reference.advance());
                reference.writeTo(expected, stride);
                assertNotEquals(expected.address(), claim.address());
                assertEquals(-1, MemorySegment.mismatch(claim.segment(), 0, bytes, expected, 0, bytes),
                        "frame " + i + ": slot differs from the independent decode right after sws_scale");
                claim.video(info.width(), info.height(), stride, PixelFormat.BGR24).pts(pts).publish();
                // 3. through the channel: the reader's own mapping of the slot
                try (Frame frame = reader.tryTake(TAKE)) {
                    assertNotNull(frame);
                    assertTrue(frame.segment().isReadOnly());
                    assertEquals(-1, MemorySegment.mismatch(frame.segment(), 0, bytes, expected, 0, bytes),
                            "frame " + i + ": reader sees other bytes than the independent decode");
                }
                // 4. stride honoured: padding bytes untouched
                paddedBuffer.fill((byte) 0x5A);
                reference.writeTo(paddedBuffer, padded);
                for (int y = 0; y < info.height(); y++) {
                    assertEquals(-1, MemorySegment.mismatch(paddedBuffer, (long) y * padded, (long) y * padded + stride,
                            expected, (long) y * stride, (long) (y + 1) * stride), "row " + y);
                    if (y < info.height() - 1) {
                        for (int p = stride; p < padded; p++) {
                            assertEquals((byte) 0x5A, paddedBuffer.get(java.lang.foreign.ValueLayout.JAVA_BYTE,
                                    (long) y * padded + p), "padding written at row " + y);
                        }
                    }
                }
            }
        }
        assertFalse(channelFileExists(name));
    }

    /** The same proof through the Capture stage itself, for every frame of a run. */
    @Test
    void captureStageWritesEveryFrameStraightIntoItsSlot() throws Exception {
        String name = uniqueName("stage");
        int frames = 40;
        try (FfmpegSource source = FfmpegSource.open(PEOPLE);
             FfmpegSource reference = FfmpegSource.open(PEOPLE);
             Arena arena = Arena.ofConfined();
             ChannelWriter writer = FrameChannel.create(config(name, source.info(), 3));
             ChannelReader reader = FrameChannel.attach(name, lossless())) {
            long bytes = source.info().frameBytes();
            MemorySegment expected = arena.allocate(bytes, 64);
            Capture capture = new Capture(source);
            List<Long> mismatchedAddresses = new ArrayList<>();
            StageListener check = (seq, cap, take, done, skipped) -> {
                if (capture.lastSlotAddress() != source.lastDestinationAddress()) {
                    mismatchedAddresses.add(seq);
                }
            };
            CompletableFuture<CaptureSummary> run = CompletableFuture.supplyAsync(() -> capture.run(writer,
                    CaptureOptions.defaults().withMaxFrames(frames), check));
            for (int i = 0; i < frames; i++) {
                try (Frame frame = reader.tryTake(TAKE)) {
                    assertNotNull(frame);
                    assertTrue(reference.advance());
                    reference.writeTo(expected, source.info().stride());
                    assertEquals(reference.ptsMicros(), frame.pts());
                    assertEquals(-1, MemorySegment.mismatch(frame.segment(), 0, bytes, expected, 0, bytes),
                            "frame " + i);
                }
            }
            assertEquals(frames, run.get().frames());
            assertTrue(mismatchedAddresses.isEmpty(),
                    "sws_scale wrote elsewhere than the slot for " + mismatchedAddresses);
            assertNotEquals(0, capture.lastSlotAddress());
        }
        assertFalse(channelFileExists(name));
    }

    @Test
    void loopingRewindsAndKeepsPresentationTimesIncreasing() throws Exception {
        String name = uniqueName("loop");
        try (FfmpegSource source = FfmpegSource.open(BUNNY);
             ChannelWriter writer = FrameChannel.create(config(name, source.info(), 4));
             ChannelReader reader = FrameChannel.attach(name, lossless())) {
            SourceInfo info = source.info();
            assertEquals(1280, info.width());
            assertEquals(132, info.frameCount());
            assertEquals(25.0, info.fps(), 1e-9);
            Capture capture = new Capture(source);
            int total = 300;
            CompletableFuture<CaptureSummary> run = CompletableFuture.supplyAsync(() -> capture.run(writer,
                    CaptureOptions.defaults().withLoop(true).withMaxFrames(total), StageListener.NONE));
            long last = -1;
            for (int i = 0; i < total; i++) {
                try (Frame frame = reader.tryTake(TAKE)) {
                    assertNotNull(frame, "frame " + i);
                    assertTrue(frame.pts() > last, "pts must increase: " + frame.pts() + " after " + last);
                    if (i == 132) {
                        assertEquals(132 * 40_000L, frame.pts(), "the second pass continues one frame after the first");
                    }
                    last = frame.pts();
                }
            }
            CaptureSummary summary = run.get();
            assertEquals(total, summary.frames());
            assertEquals(2, summary.loops());
            assertEquals(2, source.loops());
            assertEquals((total - 1) * 40_000L, last);
        }
        assertFalse(channelFileExists(name));
    }

    @Test
    void withoutLoopCaptureEndsWithTheSource() {
        String name = uniqueName("end");
        try (TestPatternSource source = new TestPatternSource(64, 32, 30, 7);
             ChannelWriter writer = FrameChannel.create(config(name, source.info(), 2))) {
            CaptureSummary summary = new Capture(source).run(writer, CaptureOptions.defaults(), StageListener.NONE);
            assertEquals(7, summary.frames());
            assertEquals(0, summary.loops());
            assertEquals(7, writer.published());
        }
        assertFalse(channelFileExists(name));
    }

    @Test
    void slotsTooSmallForTheSourceAreRefusedClearly() {
        String name = uniqueName("small");
        try (TestPatternSource source = new TestPatternSource(64, 32, 30);
             ChannelWriter writer = FrameChannel.create(config(name, new SourceInfo(32, 32, 30, 1, -1, "x", "x"), 2))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new Capture(source).run(writer, CaptureOptions.defaults(), StageListener.NONE));
            assertTrue(e.getMessage().contains("CaptureChannels.configFor"), e.getMessage());
        }
        assertFalse(channelFileExists(name));
    }
}
