package io.framebus;

import io.framebus.testkit.ChildProcess;
import io.framebus.mains.CrashingWriterMain;
import io.framebus.mains.PatternReaderMain;
import io.framebus.mains.PatternWriterMain;
import io.framebus.testkit.FramePattern;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.framebus.TestChannels.*;
import static org.junit.jupiter.api.Assertions.*;

/** Processes killed with SIGKILL at awkward moments: nothing leaks, nothing torn, nobody hangs. */
class CrashSafetyTest {
    private static final Duration LONG = Duration.ofSeconds(60);

    @Test
    void deadLosslessReaderIsReclaimedAndNoLongerHoldsTheWriterBack() {
        String name = uniqueName("deadreader");
        try (ChannelWriter writer = FrameChannel.create(plain(name, 8192).withSlots(3));
             ChildProcess reader = ChildProcess.start("reader", PatternReaderMain.class, name, SHM.toString(),
                     "lossless", "100", "600000")) {
            reader.awaitLine("ATTACHED", LONG);
            for (int i = 0; i < 3; i++) {
                FrameClaim c = writer.claim(LONG);
                FramePattern.fill(c.segment(), 8192, c.sequence());
                c.length(8192).publish();
            }
            reader.awaitLine("HOLDING 1", LONG); // it now holds frame 1 for ten minutes
            assertNull(writer.tryClaim(), "the lossless reader holds frame 1 and has not taken 2 and 3");

            long killedAt = System.nanoTime();
            reader.kill();
            FrameClaim claim = writer.claim(LONG);
            long waited = System.nanoTime() - killedAt;
            assertNotNull(claim, "once the dead reader is reclaimed the writer proceeds");
            claim.abort();

            ChannelSnapshot s = FrameChannel.inspect(name, SHM);
            assertEquals(1, s.reclaimedReaders());
            assertEquals(1, s.reclaimedHolds(), "exactly the one hold the dead reader had");
            assertTrue(s.readers().isEmpty(), "its row is free again: " + s.readers());
            assertTrue(s.slots().stream().allMatch(slot -> slot.holders().isEmpty()), "no slot leaked: " + s.slots());
            System.out.printf("dead reader: kill -> writer unblocked in %.1f ms%n", waited / 1e6);
        }
    }

    @Test
    void readerSurvivesAWriterThatDiesMidClaimAndContinuesWithItsSuccessor() {
        String name = uniqueName("writercrash");
        long size = 64 * 1024;
        try (ChildProcess first = ChildProcess.start("writer-1", CrashingWriterMain.class, name, SHM.toString(), "4",
                String.valueOf(size), "3", "1")) {
            first.awaitLine("READY", LONG);
            try (ChannelReader reader = FrameChannel.attach(name, lossless().withAttachTimeout(LONG))) {
                String claimedLine = first.awaitLine("CLAIMED", LONG).replace("CLAIMED ", "seq=");
                long claimed = Long.parseLong(ChildProcess.fields(claimedLine).get("seq"));
                assertEquals(4, claimed);
                first.kill();

                long seen = 0;
                for (int i = 0; i < 3; i++) {
                    try (Frame f = takeFrame(reader, LONG)) {
                        seen = f.sequence();
                        assertEquals(-1, FramePattern.verify(f.segment(), f.length(), f.sequence()));
                    }
                }
                assertEquals(3, seen, "the published frames are still delivered after the writer died");
                ChannelSnapshot dead = FrameChannel.inspect(name, SHM);
                assertEquals("writer-dead", dead.state());
                assertFalse(dead.writer().alive(), "its liveness lock is gone");
                assertFalse(dead.writer().processAlive(), "and no process has its pid and start time");
                assertEquals(ReadStatus.WRITER_DEAD, reader.await(Duration.ofSeconds(30)),
                        "a reader learns the writer is gone instead of hanging");
                assertEquals(WriterStatus.DEAD, reader.writerStatus());

                continueWithASuccessor(reader, name, size);
                assertThrows(ChannelClosedException.class, () -> takeFrame(reader, LONG));
                assertEquals(0, reader.lost());
            }
        }
        assertFalse(fileExists(name));
    }

    /** Starts a second writer that takes the dead one's channel over, and reads its five frames through. */
    private static void continueWithASuccessor(ChannelReader reader, String name, long size) {
        try (ChildProcess second = ChildProcess.start("writer-2", PatternWriterMain.class, name, SHM.toString(), "4",
                String.valueOf(size), "5", "1", "0")) {
            Map<String, String> ready = ChildProcess.fields(second.awaitLine("READY", LONG));
            assertEquals("2", ready.get("generation"), "the new writer bumps the generation");
            assertEquals("true", ready.get("tookOver"));
            assertEquals(ReadStatus.WRITER_RESTARTED, reader.await(LONG), "the reader hears of the takeover once");
            for (long expected = 4; expected <= 8; expected++) {
                try (Frame f = takeFrame(reader, LONG)) {
                    assertNotNull(f);
                    assertEquals(expected, f.sequence(), "sequences continue across the restart");
                    assertEquals(2, f.writerGeneration());
                    assertEquals(-1, FramePattern.verify(f.segment(), f.length(), f.sequence()),
                            "never the half-written frame of the dead writer");
                }
            }
            assertEquals(0, second.waitFor(LONG));
        }
    }

    @Test
    void staleFilesOfDeadWritersAreReplacedOrCollectedButLiveOnesNever() {
        String dead = uniqueName("stale");
        String live = uniqueName("live");
        try (ChildProcess crashed = ChildProcess.start("crashed", CrashingWriterMain.class, dead, SHM.toString(), "2",
                "4096", "1")) {
            crashed.awaitLine("CLAIMED", LONG);
            crashed.kill();
        }
        assertTrue(fileExists(dead), "a killed writer leaves its file behind");
        try (ChannelWriter other = FrameChannel.create(plain(dead, 8192).withSlots(3))) {
            assertFalse(other.tookOver(), "a different geometry replaces the stale file");
            assertEquals(1, other.generation());
        }
        try (ChildProcess crashed = ChildProcess.start("crashed", CrashingWriterMain.class, dead, SHM.toString(), "2",
                "4096", "1");
             ChannelWriter _ = FrameChannel.create(plain(live, 4096))) {
            crashed.awaitLine("CLAIMED", LONG);
            crashed.kill();
            var removed = FrameChannel.gc(SHM);
            assertTrue(removed.contains(dead), "gc removes the dead writer's channel: " + removed);
            assertFalse(removed.contains(live), "gc never removes a live writer's channel");
            assertTrue(fileExists(live));
            assertThrows(ChannelBusyException.class, () -> FrameChannel.remove(live, SHM, false));
        }
        assertFalse(fileExists(dead));
        assertFalse(fileExists(live));
    }
}
