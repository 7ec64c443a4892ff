package io.framebus.bench;

import io.framebus.testkit.FramePattern;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Compiles the per-byte loops (the writer's fill, the readers' checksum and touch) before a cell's
 * clock starts: each child runs them 1,500 times on 16 KiB of memory of the same kind as the
 * frames' (a native segment; framebus's slots are native segments too). Without it, on a busy machine
 * a short warm-up can end before the JIT has compiled them, and the window would time the interpreter.
 */
final class Warmup {
    private static final int CALLS = 1_500;
    private static final long BYTES = 16 * 1024;

    private Warmup() {
    }

    /** The writer's loops. Returns a value so that the JIT cannot drop the work. */
    static long writer() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(BYTES, 4096);
            long sink = 0;
            for (int i = 1; i <= CALLS; i++) {
                FramePattern.fill(s, BYTES, i);
                sink += BenchPattern.expectedChecksum(i, BYTES);
            }
            return sink;
        }
    }

    /** A reader's loop for {@code work}. */
    static long reader(Work work) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(BYTES, 4096);
            FramePattern.fill(s, BYTES, 1);
            MemorySegment readOnly = s.asReadOnly();
            long sink = 0;
            for (int i = 1; i <= CALLS; i++) {
                sink += work == Work.FULL
                        ? BenchPattern.checksum(readOnly, BYTES) : BenchPattern.touch(readOnly, BYTES);
            }
            return sink;
        }
    }
}
