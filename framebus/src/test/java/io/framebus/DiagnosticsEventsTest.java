package io.framebus;

import io.framebus.mains.CrashingWriterMain;
import io.framebus.mains.PatternReaderMain;
import io.framebus.testkit.ChildProcess;
import io.framebus.testkit.FramePattern;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.framebus.TestChannels.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The JFR events of what the bus does on its own, recorded in this JVM and read back with
 * {@code jdk.jfr.consumer}: processes really killed with SIGKILL, real takeovers, real stalls.
 */
class DiagnosticsEventsTest {
    private static final Duration LONG = Duration.ofSeconds(60);

    @Test
    void aReaderKilledWithSigkillIsRecordedWhenItsRowIsReclaimed() {
        String name = uniqueName("jfr-reclaim");
        try (FramebusRecording recording = new FramebusRecording();
             ChannelWriter writer = FrameChannel.create(plain(name, 8192).withSlots(3));
             ChildProcess reader = ChildProcess.start("reader", PatternReaderMain.class, name, SHM.toString(),
                     "lossless", "100", "600000")) {
            String attached = reader.awaitLine("ATTACHED", LONG);
            int row = Integer.parseInt(ChildProcess.fields(attached).get("row"));
            for (int i = 0; i < 3; i++) {
                FrameClaim c = writer.claim(LONG);
                FramePattern.fill(c.segment(), 8192, c.sequence());
                c.length(8192).publish();
            }
            reader.awaitLine("HOLDING 1", LONG);
            long pid = reader.pid();
            reader.kill();
            FrameClaim claim = writer.claim(LONG);
            assertNotNull(claim, "the dead reader was reclaimed");
            claim.abort();

            RecordedEvent e = recording.await("io.framebus.ReaderReclaimed", ev -> ev.getLong("pid") == pid).get(0);
            assertEquals(name, e.getString("channel"));
            assertEquals(row, e.getInt("row"));
            assertEquals(1, e.getInt("holdsReturned"), "the one frame it held");
            long deadFor = e.getLong("deadForAtMost");
            assertTrue(deadFor >= 0, "bounded by its last sighting: " + e);
            assertEquals(1, FrameChannel.inspect(name, SHM).reclaimedReaders());
        }
    }

    @Test
    void aWriterKilledWithSigkillAndTakenOverIsRecorded() {
        String name = uniqueName("jfr-takeover");
        try (FramebusRecording recording = new FramebusRecording()) {
            long oldPid;
            try (ChildProcess crashed = ChildProcess.start("writer-1", CrashingWriterMain.class, name, SHM.toString(),
                    "4", "4096", "2")) {
                crashed.awaitLine("CLAIMED", LONG);
                oldPid = crashed.pid();
                crashed.kill();
            }
            try (ChannelWriter successor = FrameChannel.create(plain(name, 4096).withSlots(4))) {
                assertTrue(successor.tookOver());
                RecordedEvent e = recording.await("io.framebus.WriterTakeover", ev -> name.equals(
                        ev.getString("channel"))).get(0);
                assertEquals(oldPid, e.getLong("oldPid"));
                assertEquals(1, e.getLong("oldGeneration"));
                assertEquals(2, e.getLong("newGeneration"));
                assertEquals(2, e.getLong("published"), "the two frames it published before it was killed");
                assertEquals(successor.path().toString(), e.getString("path"));
            }
        }
        assertFalse(fileExists(name));
    }

    @Test
    void aStallOverTheThresholdAndAnAutoBackingWithoutHugePagesAreRecorded() {
        String name = uniqueName("jfr-stall");
        String previous = System.setProperty("framebus.stallThresholdMillis", "5");
        try (FramebusRecording recording = new FramebusRecording();
             // auto in /dev/shm: plain pages, worse than the hugetlbfs that auto prefers
             ChannelWriter writer = FrameChannel.create(ChannelConfig.of(name, 4096).withSlots(2).withDirectory(SHM));
             ChannelReader reader = FrameChannel.attach(name, lossless().withHoldLimit(1))) {
            stall(writer, reader, Duration.ofMillis(30));

            RecordedEvent stall = recording.await("io.framebus.WriterStall",
                    e -> name.equals(e.getString("channel"))).get(0);
            assertTrue(stall.getDuration("stall").toMillis() >= 30, stall.toString());
            assertEquals(5, stall.getDuration("threshold").toMillis());
            assertEquals(2, stall.getLong("published"));

            RecordedEvent backing = recording.await("io.framebus.BackingDowngrade",
                    e -> name.equals(e.getString("channel"))).get(0);
            assertEquals("auto", backing.getString("requested"));
            assertEquals("plain", backing.getString("obtained"));
            assertEquals(4096, backing.getLong("obtainedPageSize"));
            assertTrue(backing.getString("reason").contains("/dev/shm"), backing.toString());
        } finally {
            restore("framebus.stallThresholdMillis", previous);
        }
    }

    @Test
    void stallsUnderTheThresholdAndExplicitPlainBackingsRecordNothing() {
        String name = uniqueName("jfr-quiet");
        try (FramebusRecording recording = new FramebusRecording();
             ChannelWriter writer = FrameChannel.create(plain(name, 4096).withSlots(2));
             ChannelReader reader = FrameChannel.attach(name, lossless().withHoldLimit(1))) {
            stall(writer, reader, Duration.ofMillis(5)); // under the 50 ms default threshold
            recording.await("io.framebus.ChannelStatistics", e -> name.equals(e.getString("channel")));
            assertEquals(List.of(), recording.events("io.framebus.WriterStall"));
            assertEquals(List.of(), recording.events("io.framebus.BackingDowngrade"));
        }
    }

    @Test
    void periodicEventsCarryTheCountersOfEveryChannelOpenHereAndSummariseSkippedFrames() {
        String name = uniqueName("jfr-periodic");
        try (FramebusRecording recording = new FramebusRecording();
             ChannelWriter writer = FrameChannel.create(plain(name, 4096).withSlots(4));
             ChannelReader latest = FrameChannel.attach(name, latest())) {
            for (int i = 0; i < 10; i++) {
                writer.tryClaim().length(8).publish();
            }
            latest.tryTake().close(); // the newest, frame 10: it skipped 1..9

            RecordedEvent channel = recording.await("io.framebus.ChannelStatistics",
                    e -> name.equals(e.getString("channel")) && e.getLong("published") == 10).get(0);
            assertEquals("writer", channel.getString("role"), "the writer's view when this JVM writes it");
            assertEquals(1, channel.getInt("readers"));
            assertEquals(1, channel.getLong("generation"));
            assertEquals(0, channel.getLong("reclaimedReaders"));

            RecordedEvent reader = recording.await("io.framebus.ReaderStatistics",
                    e -> name.equals(e.getString("channel")) && e.getLong("received") == 1).get(0);
            assertEquals("latest", reader.getString("mode"));
            assertEquals(latest.row(), reader.getInt("row"));
            assertEquals(9, reader.getLong("skipped"));
            assertEquals(0, reader.getLong("lag"));
            assertEquals(0, reader.getInt("holds"));

            RecordedEvent skipped = recording.await("io.framebus.LatestSkipped",
                    e -> name.equals(e.getString("channel"))).get(0);
            assertEquals(9, skipped.getLong("skipped"));
            assertEquals(1, skipped.getLong("taken"));
            assertEquals(9, skipped.getLong("totalSkipped"));

            // a second round of periodic events: still one statistics event per channel and period, and no
            // new skip summary, since the reader skipped nothing more
            recording.await("io.framebus.ChannelStatistics", e -> name.equals(e.getString("channel"))
                    && e.getStartTime().isAfter(skipped.getStartTime()));
            assertEquals(1, recording.events("io.framebus.LatestSkipped").stream()
                    .filter(e -> name.equals(e.getString("channel"))).count());
            long perPeriod = recording.events("io.framebus.ChannelStatistics").stream()
                    .filter(e -> name.equals(e.getString("channel")))
                    .collect(java.util.stream.Collectors.groupingBy(RecordedEvent::getStartTime,
                            java.util.stream.Collectors.counting()))
                    .values().stream().mapToLong(Long::longValue).max().orElse(0);
            assertEquals(1, perPeriod, "the writer and the reader of one channel in one JVM: one event per period");
        }
    }

    /** Two slots, a lossless reader that holds frame 1 and has not taken frame 2: a claim waits {@code wait}. */
    private static void stall(ChannelWriter writer, ChannelReader reader, Duration wait) {
        writer.tryClaim().length(1).publish();
        Frame held = reader.tryTake();
        writer.tryClaim().length(1).publish();
        assertNull(writer.claim(wait), "the reader holds frame 1 and has not taken frame 2");
        held.close();
    }

    private static void restore(String property, String previous) {
        if (previous == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, previous);
        }
    }
}
