package io.framebus;

import io.framebus.testkit.FramePattern;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ReadOnlyBufferException;
import java.time.Duration;

import static io.framebus.TestChannels.*;
import static org.junit.jupiter.api.Assertions.*;

/** Claim, publish, poll and release in one process: the protocol's behaviour and its errors. */
class WriterReaderTest {

    @Test
    void originAndLabelTravelWithTheFrame() {
        String name = uniqueName("label");
        try (ChannelWriter writer = FrameChannel.create(plain(name, 4096).withSlots(4));
             ChannelReader reader = FrameChannel.attach(name, lossless())) {
            writer.tryClaim().tensor(DType.FLOAT32, 1, 10).origin(42).label("logits \u00e9").publish();
            writer.tryClaim().tensor(DType.FLOAT32, 1, 10).publish();
            try (Frame f = reader.tryTake()) {
                assertEquals(42, f.origin());
                assertEquals("logits \u00e9", f.label());
                assertSame(f.label(), f.label(), "decoded once per frame");
            }
            try (Frame f = reader.tryTake()) {
                assertEquals(0, f.origin(), "a new claim starts without an origin");
                assertEquals("", f.label(), "and without a label");
            }
            FrameClaim claim = writer.tryClaim();
            String tooLong = "x".repeat(48);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> claim.label(tooLong));
            assertTrue(e.getMessage().contains("47 bytes"), e.getMessage());
            claim.label("x".repeat(47)).publish();
            try (Frame f = reader.tryTake()) {
                assertEquals(47, f.label().length());
            }
        }
    }

    @Test
    void anUpstreamSequenceTravelsWithTheFrameAndANegativeOneIsRefused() {
        String name = uniqueName("upstream");
        try (ChannelWriter writer = FrameChannel.create(plain(name, 4096).withSlots(4));
             ChannelReader reader = FrameChannel.attach(name, lossless())) {
            writer.tryClaim().kind(FrameKind.RAW).upstreamSequence(9_000_000_001L).origin(5).publish();
            writer.tryClaim().kind(FrameKind.RAW).publish();
            try (Frame f = reader.tryTake()) {
                assertEquals(1, f.sequence());
                assertEquals(9_000_000_001L, f.upstreamSequence());
                assertEquals(5, f.origin(), "the origin is a field of its own");
            }
            try (Frame f = reader.tryTake()) {
                assertEquals(0, f.upstreamSequence(), "a new claim starts without an upstream sequence");
            }
            FrameClaim claim = writer.tryClaim();
            assertThrows(IllegalArgumentException.class, () -> claim.upstreamSequence(-1));
            claim.abort();
        }
    }

    @Test
    void frameRoundTripWithVideoMetadata() {
        String name = uniqueName("roundtrip");
        try (ChannelWriter writer = FrameChannel.create(plain(name, 64 * 1024).withSlots(4));
             ChannelReader reader = FrameChannel.attach(name, lossless())) {
            FrameClaim claim = writer.tryClaim();
            assertNotNull(claim);
            FramePattern.fill(claim.segment(), 64 * 48 * 3, 1);
            long seq = claim.video(64, 48, 64 * 3, PixelFormat.BGR24).pts(4242).tag(7).captureNanos(123).publish();
            assertEquals(1, seq);
            try (Frame frame = reader.tryTake()) {
                assertNotNull(frame);
                assertEquals(1, frame.sequence());
                assertEquals(FrameKind.VIDEO, frame.kind());
                assertEquals(64, frame.width());
                assertEquals(48, frame.height());
                assertEquals(192, frame.stride());
                assertEquals(PixelFormat.BGR24, frame.pixelFormat());
                assertEquals(64 * 48 * 3, frame.length());
                assertEquals(4242, frame.pts());
                assertEquals(7, frame.tag());
                assertEquals(123, frame.captureNanos());
                assertTrue(frame.publishNanos() > 0 && frame.takeNanos() >= frame.publishNanos());
                assertEquals(1, frame.writerGeneration());
                assertEquals(-1, FramePattern.verify(frame.segment(), frame.length(), 1));
                assertEquals(frame.length(), frame.byteBuffer().remaining());
            }
            assertNull(reader.tryTake());
        }
        assertFalse(fileExists(name), "a clean close removes the channel file");
    }

    @Test
    void tensorMetadataRoundTrip() {
        String name = uniqueName("tensor");
        try (ChannelWriter writer = FrameChannel.create(plain(name, 1 << 20).withSlots(2));
             ChannelReader reader = FrameChannel.attach(name, latest())) {
            writer.tryClaim().tensor(DType.FLOAT32, 1, 3, 64, 64).publish();
            try (Frame frame = reader.tryTake()) {
                assertEquals(FrameKind.TENSOR, frame.kind());
                assertEquals(DType.FLOAT32, frame.dtype());
                assertArrayEquals(new long[] {1, 3, 64, 64}, frame.shape());
                assertEquals(4L * 3 * 64 * 64, frame.length());
                assertEquals(64, frame.dim(3));
                assertThrows(IndexOutOfBoundsException.class, () -> frame.dim(4));
            }
        }
    }

    @Test
    void latestReaderSkipsToNewestAndCountsSkipped() {
        String name = uniqueName("latest");
        try (ChannelWriter writer = FrameChannel.create(plain(name, 4096).withSlots(4));
             ChannelReader reader = FrameChannel.attach(name, latest())) {
            for (int i = 1; i <= 10; i++) {
                FrameClaim c = writer.tryClaim();
                assertNotNull(c, "a latest reader that holds nothing never blocks the writer");
                FramePattern.fill(c.segment(), 4096, i);
                c.length(4096).publish();
            }
            try (Frame frame = reader.tryTake()) {
                assertEquals(10, frame.sequence());
                assertEquals(-1, FramePattern.verify(frame.segment(), 4096, 10));
            }
            assertEquals(9, reader.skipped());
            assertNull(reader.tryTake());
        }
    }

    @Test
    void losslessReaderBackPressuresTheWriterAndSeesEveryFrame() {
        String name = uniqueName("lossless");
        try (ChannelWriter writer = FrameChannel.create(plain(name, 4096).withSlots(3));
             ChannelReader reader = FrameChannel.attach(name, lossless())) {
            for (int i = 1; i <= 3; i++) {
                FrameClaim c = writer.tryClaim();
                FramePattern.fill(c.segment(), 4096, i);
                c.length(4096).publish();
            }
            assertNull(writer.tryClaim(), "all 3 slots hold frames the lossless reader has not taken");
            for (int i = 1; i <= 3; i++) {
                try (Frame frame = reader.tryTake()) {
                    assertEquals(i, frame.sequence());
                    assertEquals(-1, FramePattern.verify(frame.segment(), 4096, i));
                }
            }
            assertNotNull(writer.tryClaim(), "taking and releasing frees the slots");
            assertEquals(0, reader.lost());
        }
    }

    @Test
    void heldSlotIsNeverReused() {
        String name = uniqueName("held");
        try (ChannelWriter writer = FrameChannel.create(plain(name, 4096).withSlots(3));
             ChannelReader reader = FrameChannel.attach(name, latest().withHoldLimit(1))) {
            FrameClaim c = writer.tryClaim();
            FramePattern.fill(c.segment(), 4096, 1);
            c.length(4096).publish();
            Frame held = reader.tryTake();
            int heldSlot = held.slot();
            for (int i = 2; i <= 50; i++) {
                FrameClaim next = writer.tryClaim();
                assertNotNull(next);
                assertNotEquals(heldSlot, next.slot(), "the writer must not claim a held slot");
                FramePattern.fill(next.segment(), 4096, i);
                next.length(4096).publish();
            }
            assertEquals(-1, FramePattern.verify(held.segment(), 4096, 1), "held frame unchanged");
            held.close();
        }
    }

    @Test
    void holdLimitIsEnforcedWithAClearError() {
        String name = uniqueName("holdlimit");
        try (ChannelWriter writer = FrameChannel.create(plain(name, 4096).withSlots(4));
             ChannelReader reader = FrameChannel.attach(name, lossless().withHoldLimit(2))) {
            for (int i = 0; i < 3; i++) {
                writer.tryClaim().length(16).publish();
            }
            Frame a = reader.tryTake();
            Frame b = reader.tryTake();
            HoldLimitExceededException e = assertThrows(HoldLimitExceededException.class, reader::tryTake);
            assertTrue(e.getMessage().contains("hold limit"), e.getMessage());
            a.close();
            try (Frame c = reader.tryTake()) {
                assertEquals(3, c.sequence());
            }
            b.close();
        }
    }

    @Test
    void byteBufViewHoldsTheSlotUntilReleasedAndIsReadOnly() {
        String name = uniqueName("bytebuf");
        try (ChannelWriter writer = FrameChannel.create(plain(name, 4096).withSlots(2));
             ChannelReader reader = FrameChannel.attach(name, lossless().withHoldLimit(1))) {
            FrameClaim c = writer.tryClaim();
            FramePattern.fill(c.segment(), 4096, 1);
            c.length(4096).publish();
            Frame frame = reader.tryTake();
            ByteBuf buf = io.framebus.views.FrameByteBuf.of(frame);
            ByteBuf slice = buf.retainedSlice(0, 8);
            frame.close();
            assertEquals(4096, buf.readableBytes());
            assertFalse(frame.isFree(), "the ByteBuf still references the frame");
            assertEquals(FramePattern.word(1, 0), slice.getLongLE(0));
            assertThrows(ReadOnlyBufferException.class, () -> buf.setByte(0, 1));
            assertFalse(buf.release(), "the retained slice shares the buffer's reference count");
            assertFalse(frame.isFree(), "the retained slice still references the frame");
            assertTrue(slice.release());
            assertTrue(frame.isFree(), "released to zero drops the hold");
        }
    }

    @Test
    void readOnlyViewsRefuseWrites() {
        String name = uniqueName("readonly");
        try (ChannelWriter writer = FrameChannel.create(plain(name, 4096).withSlots(2));
             ChannelReader reader = FrameChannel.attach(name, latest())) {
            writer.tryClaim().length(4096).publish();
            try (Frame frame = reader.tryTake()) {
                MemorySegment segment = frame.segment();
                assertTrue(segment.isReadOnly());
                assertThrows(IllegalArgumentException.class, () -> segment.set(ValueLayout.JAVA_BYTE, 0, (byte) 1));
                assertThrows(ReadOnlyBufferException.class, () -> frame.byteBuffer().put(0, (byte) 1));
            }
        }
    }

    @Test
    void writerErrorsAreClear() {
        String name = uniqueName("errors");
        try (ChannelWriter writer = FrameChannel.create(plain(name, 1024).withSlots(2))) {
            FrameClaim claim = writer.tryClaim();
            FrameTooLargeException big = assertThrows(FrameTooLargeException.class, () -> claim.length(1025));
            assertTrue(big.getMessage().contains("1025") && big.getMessage().contains("1024"), big.getMessage());
            FrameTooLargeException dims = assertThrows(FrameTooLargeException.class,
                    () -> claim.tensor(DType.UINT8, 1, 1, 1, 1, 1, 1, 1, 1, 1));
            assertTrue(dims.getMessage().contains("at most 8"), dims.getMessage());
            assertThrows(IllegalStateException.class, writer::tryClaim, "one claim at a time");
            claim.abort();
            assertThrows(IllegalStateException.class, claim::publish, "an aborted claim cannot be published");
            assertNotNull(writer.tryClaim());
        }
    }

    @Test
    void tooManyReadersNamesTheLimit() {
        String name = uniqueName("toomany");
        try (ChannelWriter _ = FrameChannel.create(plain(name, 1024).withMaxReaders(2));
             ChannelReader _ = FrameChannel.attach(name, latest())) {
            int detachedRow;
            try (ChannelReader r1 = FrameChannel.attach(name, latest())) {
                TooManyReadersException e = assertThrows(TooManyReadersException.class,
                        () -> FrameChannel.attach(name, latest()));
                assertTrue(e.getMessage().contains("at most 2 readers"), e.getMessage());
                detachedRow = r1.row();
            }
            try (ChannelReader r3 = FrameChannel.attach(name, latest())) {
                assertEquals(detachedRow, r3.row(), "a detached reader's row is reused");
            }
        }
    }

    @Test
    void secondWriterIsRefusedWhileTheFirstLives() {
        String name = uniqueName("busy");
        try (ChannelWriter _ = FrameChannel.create(plain(name, 1024))) {
            ChannelBusyException e = assertThrows(ChannelBusyException.class,
                    () -> FrameChannel.create(plain(name, 1024)));
            assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
        }
    }

    @Test
    void lateJoinerStartsAtTheLatestFrame() {
        String name = uniqueName("late");
        try (ChannelWriter writer = FrameChannel.create(plain(name, 1024).withSlots(4))) {
            for (int i = 0; i < 5; i++) {
                writer.tryClaim().length(8).publish();
            }
            try (ChannelReader lossless = FrameChannel.attach(name, lossless());
                 ChannelReader latest = FrameChannel.attach(name, latest())) {
                try (Frame a = lossless.tryTake(); Frame b = latest.tryTake()) {
                    assertEquals(5, a.sequence());
                    assertEquals(5, b.sequence());
                }
                writer.tryClaim().length(8).publish();
                try (Frame a = lossless.tryTake()) {
                    assertEquals(6, a.sequence());
                }
            }
        }
    }

    @Test
    void closedChannelIsDrainedThenReportsClosed() {
        String name = uniqueName("closed");
        ChannelWriter writer = FrameChannel.create(plain(name, 1024).withSlots(4));
        try (ChannelReader reader = FrameChannel.attach(name, lossless())) {
            writer.tryClaim().length(8).publish();
            writer.tryClaim().length(8).publish();
            writer.close();
            assertFalse(fileExists(name));
            assertEquals(WriterStatus.CLOSED, reader.writerStatus());
            try (Frame f = takeFrame(reader, SECOND)) {
                assertEquals(1, f.sequence());
            }
            try (Frame f = takeFrame(reader, SECOND)) {
                assertEquals(2, f.sequence());
            }
            assertThrows(ChannelClosedException.class, () -> takeFrame(reader, SECOND));
        }
    }

    @Test
    void takeTimesOutWithNullAndWakesOnPublish() throws Exception {
        String name = uniqueName("take");
        try (ChannelWriter writer = FrameChannel.create(plain(name, 1024).withSlots(4));
             ChannelReader reader = FrameChannel.attach(name, latest())) {
            assertNull(takeFrame(reader, Duration.ofMillis(30)));
            Thread publisher = Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
                writer.tryClaim().length(8).publish();
            });
            try (Frame f = takeFrame(reader, Duration.ofSeconds(10))) {
                assertNotNull(f, "the futex wake-up delivers the frame");
                assertEquals(1, f.sequence());
            }
            publisher.join();
        }
    }

    /**
     * An adaptive reader spins, yields, then sleeps on the futex: the publisher waits until the reader's bit is
     * set in the sleeper bitmap (it would wait forever for a reader that kept polling), then publishes, and the
     * futex wake-up delivers the frame.
     */
    @Test
    void adaptiveReaderEndsItsWaitAsleepOnTheFutex() throws Exception {
        String name = uniqueName("adaptive");
        try (ChannelWriter writer = FrameChannel.create(plain(name, 1024).withSlots(4));
             ChannelReader reader = FrameChannel.attach(name, latest().withWaitStrategy(
                     io.framebus.wait.WaitStrategy.adaptive()));
             java.nio.channels.FileChannel file = java.nio.channels.FileChannel.open(writer.path());
             java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofShared()) {
            MemorySegment sleepers = new io.framebus.layout.HeaderFlyweight(file.map(
                    java.nio.channels.FileChannel.MapMode.READ_ONLY, 0, io.framebus.layout.HeaderFlyweight.HEADER_SIZE,
                    arena)).readerSleepers(1);
            boolean[] sawSleeper = new boolean[1];
            Thread publisher = Thread.ofPlatform().start(() -> {
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (System.nanoTime() < deadline && !sawSleeper[0]) {
                    sawSleeper[0] = sleepers.get(ValueLayout.JAVA_LONG, 0) != 0;
                    Thread.onSpinWait();
                }
                writer.tryClaim().length(8).publish();
            });
            try (Frame f = takeFrame(reader, Duration.ofSeconds(30))) {
                publisher.join();
                assertTrue(sawSleeper[0], "the adaptive reader went to sleep on the futex");
                assertNotNull(f, "the futex wake-up delivers the frame");
                assertEquals(1, f.sequence());
            }
        }
    }

    @Test
    void adaptiveWaitStrategyHasBoundedPhases() {
        io.framebus.wait.WaitStrategy a = io.framebus.wait.WaitStrategy.parse("Adaptive");
        assertSame(io.framebus.wait.WaitStrategy.adaptive(), a);
        assertTrue(a.sleepsOnFutex());
        assertEquals(20_000, a.spinNanos());
        assertEquals(30_000, a.yieldNanos());
        io.framebus.wait.WaitStrategy custom = io.framebus.wait.WaitStrategy.adaptive(Duration.ofNanos(5_000),
                Duration.ZERO);
        assertEquals(5_000, custom.spinNanos());
        assertEquals("adaptive(5us,0us)", custom.name());
        assertEquals(0, io.framebus.wait.WaitStrategy.futex().spinNanos());
        assertThrows(IllegalArgumentException.class, () -> io.framebus.wait.WaitStrategy.adaptive(
                Duration.ofSeconds(2), Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> io.framebus.wait.WaitStrategy.adaptive(Duration.ZERO,
                Duration.ofNanos(-1)));
    }

    @Test
    void attachWaitsForTheChannelOrFailsClearly() {
        String name = uniqueName("absent");
        ChannelNotFoundException e = assertThrows(ChannelNotFoundException.class,
                () -> FrameChannel.attach(name, latest().withAttachTimeout(Duration.ofMillis(50))));
        assertTrue(e.getMessage().contains(name), e.getMessage());
    }
}
