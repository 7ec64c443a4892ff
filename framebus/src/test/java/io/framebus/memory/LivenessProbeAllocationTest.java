package io.framebus.memory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The liveness probe ({@link Libc#ofdLocked}, which a sleeping reader runs every 100 ms against its writer's
 * lock) sees another open file description's lock; cold it allocates a few dozen bytes per call (its
 * downcall, interpreted), compiled nothing: the errno capture and {@code struct flock} are kept per thread.
 */
class LivenessProbeAllocationTest {
    @Test
    void theProbeSeesAnotherDescriptionsLockAndAllocatesNothing(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("probe");
        Files.write(file, new byte[64]);
        int holder = Libc.open(file.toString(), Libc.O_RDWR | Libc.O_CLOEXEC, 0);
        int prober = Libc.open(file.toString(), Libc.O_RDWR | Libc.O_CLOEXEC, 0);
        try {
            assertFalse(Libc.ofdLocked(prober, 8), "nobody holds byte 8");
            assertTrue(Libc.ofdLock(holder, 8, Libc.F_WRLCK), "the holder takes byte 8");
            assertTrue(Libc.ofdLocked(prober, 8), "another open file description holds byte 8");
            assertFalse(Libc.ofdLocked(prober, 9), "byte 9 is free");
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            int held = 0;
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 1_000; i++) { // cold, as a sleeping reader calls it (10 times a second)
                held += Libc.ofdLocked(prober, 8 + (i & 1)) ? 1 : 0;
            }
            long cold = threads.getCurrentThreadAllocatedBytes() - before;
            assertTrue(cold < 64 * 1_000, "1,000 cold probes allocated " + cold + " bytes");
            for (int i = 0; i < 200_000; i++) { // hot enough for C2
                held += Libc.ofdLocked(prober, 8 + (i & 1)) ? 1 : 0;
            }
            before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 10_000; i++) {
                held += Libc.ofdLocked(prober, 8 + (i & 1)) ? 1 : 0;
            }
            long hot = threads.getCurrentThreadAllocatedBytes() - before;
            assertEquals(105_500, held, "every probe of byte 8 saw the lock, none of byte 9");
            assertEquals(0, hot, "10,000 compiled probes allocated " + hot + " bytes");
            Libc.ofdLock(holder, 8, Libc.F_UNLCK);
            assertFalse(Libc.ofdLocked(prober, 8), "released");
        } finally {
            Libc.close(prober);
            Libc.close(holder);
        }
    }
}
