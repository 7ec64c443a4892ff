package io.framebus;

import io.framebus.mains.HoldingReaderMain;
import io.framebus.mains.Host;
import io.framebus.testkit.ChildProcess;
import io.framebus.testkit.JavaLauncher;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.framebus.TestChannels.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A reader in another PID namespace, as in a container: its pid means nothing here, so the channel
 * shows it as such (alive by its lock, its pid "not of this namespace") and never as dead; it is
 * reclaimed exactly when it is killed, because the lock, not the pid, decides.
 */
class PidNamespaceTest {
    private static final Duration LONG = Duration.ofSeconds(60);

    @Test
    void aReaderInAnotherPidNamespaceIsShownAliveAndReclaimedWhenKilled() throws Exception {
        Host.require(Host.isRoot(), "root, for unshare --pid");
        String name = uniqueName("pidns");
        try (ChannelWriter writer = FrameChannel.create(plain(name, 4096).withSlots(4))) {
            writer.tryClaim().length(64).publish();
            List<String> command = new ArrayList<>(List.of("unshare", "--pid", "--fork", "--mount-proc",
                    JavaLauncher.javaExecutable(), "--enable-native-access=ALL-UNNAMED",
                    HoldingReaderMain.class.getName(), name, SHM.toString()));
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().put("CLASSPATH", System.getProperty("java.class.path"));
            try (ChildProcess reader = ChildProcess.wrap("ns-reader", pb.start())) {
                String holding = reader.awaitLine("HOLDING", LONG);
                assertEquals("1", ChildProcess.fields(holding).get("pid"), "the reader is pid 1 in its namespace");
                ChannelSnapshot.Reader row = FrameChannel.inspect(name, SHM).readers().getFirst();
                assertTrue(row.alive(), "alive by its lock");
                assertFalse(row.pidInThisNamespace(), "its pid is not of this namespace");
                assertNull(row.processAlive(), "so nothing is claimed about the process behind the pid");
                assertEquals(1, row.holds().size());
                long hostPid = javaChildOf(reader.pid());
                new ProcessBuilder("kill", "-9", String.valueOf(hostPid)).start().waitFor();
                long deadline = System.nanoTime() + LONG.toNanos();
                ChannelSnapshot s;
                do {
                    Thread.sleep(20);
                    s = FrameChannel.inspect(name, SHM);
                } while (!s.readers().isEmpty() && System.nanoTime() < deadline);
                assertTrue(s.readers().isEmpty(), "reclaimed: " + s.readers());
                assertEquals(1, s.reclaimedReaders());
                assertEquals(1, s.reclaimedHolds());
            }
        }
        assertFalse(fileExists(name));
    }

    /** The host pid of the JVM that {@code unshare --fork} started (its only child). */
    private static long javaChildOf(long unsharePid) throws Exception {
        Path children = Path.of("/proc", String.valueOf(unsharePid), "task", String.valueOf(unsharePid), "children");
        String text = Files.readString(children).trim();
        assertFalse(text.isEmpty(), "unshare has a child");
        return Long.parseLong(text.split("\\s+")[0]);
    }
}
