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
            for (int i = 0; i < 1_000; i++) { // the first calls link the downcall's method handles
                held += Libc.ofdLocked(prober, 8 + (i & 1)) ? 1 : 0;
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 1_000; i++) { // not yet hot enough for C2, as in a reader that probes 10 times a second
                held += Libc.ofdLocked(prober, 8 + (i & 1)) ? 1 : 0;
            }
            long cold = threads.getCurrentThreadAllocatedBytes() - before;
            assertTrue(cold < 64 * 1_000, "1,000 cold probes allocated " + cold + " bytes");
            // Hot enough for C2, whose escape analysis removes the downcall's allocation; when it compiles is up
            // to the JIT, so rounds of 10,000 probes run until one allocates nothing (at most 100 rounds).
            long hot = -1;
            int rounds = 0;
            for (; rounds < 100 && hot != 0; rounds++) {
                before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 10_000; i++) {
                    held += Libc.ofdLocked(prober, 8 + (i & 1)) ? 1 : 0;
                }
                hot = threads.getCurrentThreadAllocatedBytes() - before;
            }
            assertEquals(0, hot, "10,000 compiled probes allocated " + hot + " bytes");
            assertEquals(1_000 + 5_000 * rounds, held, "every probe of byte 8 saw the lock, none of byte 9");
            Libc.ofdLock(holder, 8, Libc.F_UNLCK);
            assertFalse(Libc.ofdLocked(prober, 8), "released");
        } finally {
            Libc.close(prober);
            Libc.close(holder);
        }
    }
}
