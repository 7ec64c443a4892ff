package io.framebus;

import io.framebus.mains.CrashingWriterMain;
import io.framebus.mains.PatternReaderMain;
import io.framebus.testkit.ChildProcess;
import io.framebus.testkit.FramePattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static io.framebus.TestChannels.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * What the library logs through {@code System.Logger} (here backed by java.util.logging, the JDK's default):
 * create, attach, detach and close at DEBUG; a reclaim and a takeover at INFO; a stall over the threshold at
 * WARNING; and nothing at all on the hot path. Readers and writers are real child processes, really killed.
 */
class LogRecordsTest {
    private static final Duration LONG = Duration.ofSeconds(60);
    private final Logger logger = Logger.getLogger("io.framebus");
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            records.add(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level previousLevel;

    @BeforeEach
    void listen() {
        previousLevel = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(handler);
    }

    @AfterEach
    void stopListening() {
        logger.removeHandler(handler);
        logger.setLevel(previousLevel);
    }

    @Test
    void theLifeOfAChannelIsLoggedAtDebugAndTheHotPathLogsNothing() {
        String name = uniqueName("log-life");
        try (ChannelWriter writer = FrameChannel.create(plain(name, 4096).withSlots(4))) {
            try (ChannelReader reader = FrameChannel.attach(name, lossless())) {
                int before = records.size();
                for (int i = 0; i < 1000; i++) {
                    writer.tryClaim().length(64).publish();
                    reader.tryTake().close();
                }
                assertEquals(before, records.size(), "publish, take and release log nothing: " + messages());
            }
        }
        assertLogged(Level.FINE, "created channel '" + name + "'");
        assertLogged(Level.FINE, "attached to channel '" + name + "' as reader row");
        assertLogged(Level.FINE, "detached from channel '" + name + "'");
        assertLogged(Level.FINE, "closed channel '" + name + "'");
        assertTrue(records.stream().noneMatch(r -> r.getLevel().intValue() > Level.FINE.intValue()),
                "a clean run logs nothing above DEBUG: " + messages());
    }

    @Test
    void aReclaimAndATakeoverAreLoggedAtInfo() {
        String name = uniqueName("log-reclaim");
        try (ChannelWriter writer = FrameChannel.create(plain(name, 8192).withSlots(3));
             ChildProcess reader = ChildProcess.start("reader", PatternReaderMain.class, name, SHM.toString(),
                     "lossless", "100", "600000")) {
            reader.awaitLine("ATTACHED", LONG);
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
            assertLogged(Level.INFO, "channel '" + name + "': reclaimed row");
            assertLogged(Level.INFO, "dead reader pid " + pid);
        }

        String taken = uniqueName("log-takeover");
        try (ChildProcess crashed = ChildProcess.start("writer-1", CrashingWriterMain.class, taken, SHM.toString(),
                "4", "4096", "2")) {
            crashed.awaitLine("CLAIMED", LONG);
            long oldPid = crashed.pid();
            crashed.kill();
            try (ChannelWriter successor = FrameChannel.create(plain(taken, 4096).withSlots(4))) {
                assertTrue(successor.tookOver());
                assertLogged(Level.INFO, "channel '" + taken + "': took over from dead writer pid " + oldPid);
            }
        }
        assertFalse(fileExists(taken));
    }

    @Test
    void aStallOverTheThresholdIsAWarning() {
        String name = uniqueName("log-stall");
        String previous = System.setProperty("framebus.stallThresholdMillis", "5");
        try (ChannelWriter writer = FrameChannel.create(plain(name, 4096).withSlots(2));
             ChannelReader reader = FrameChannel.attach(name, lossless().withHoldLimit(1))) {
            writer.tryClaim().length(1).publish();
            Frame held = reader.tryTake();
            writer.tryClaim().length(1).publish();
            assertNull(writer.claim(Duration.ofMillis(30)), "the reader holds frame 1 and has not taken frame 2");
            held.close();
            assertLogged(Level.WARNING, "channel '" + name + "': the writer waited");
        } finally {
            if (previous == null) {
                System.clearProperty("framebus.stallThresholdMillis");
            } else {
                System.setProperty("framebus.stallThresholdMillis", previous);
            }
        }
    }

    /** Waits (records of other threads may come a little later) for a record at {@code level} containing text. */
    private void assertLogged(Level level, String text) {
        long deadline = System.nanoTime() + LONG.toNanos();
        while (records.stream().noneMatch(r -> r.getLevel().equals(level) && message(r).contains(text))) {
            if (System.nanoTime() - deadline > 0) {
                fail("no " + level + " record containing \"" + text + "\" in " + messages());
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
    }

    private static String message(LogRecord r) {
        return String.valueOf(r.getMessage());
    }

    private List<String> messages() {
        return records.stream().map(r -> r.getLevel() + " " + message(r)).toList();
    }
}
