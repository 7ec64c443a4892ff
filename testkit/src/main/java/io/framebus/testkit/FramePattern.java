package io.framebus.testkit;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A byte pattern derived from a frame's sequence number, so that a reader can check every byte of
 * a frame it did not write. Word {@code i} of frame {@code s} is {@code seed(s) + i}: two different
 * frames never agree on a word at the same offset, so a torn frame (part old, part new) or a slot
 * rewritten under a reader fails verification.
 */
public final class FramePattern {
    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private FramePattern() {
    }

    static long seed(long sequence) {
        return (sequence + 1) * GOLDEN;
    }

    /** The pattern's 8-byte word {@code index} of frame {@code sequence} (little-endian in memory). */
    public static long word(long sequence, long index) {
        return seed(sequence) + index;
    }

    /** Writes the pattern of frame {@code sequence} into the first {@code length} bytes of {@code target}. */
    public static void fill(MemorySegment target, long length, long sequence) {
        long seed = seed(sequence);
        long words = length >>> 3;
        for (long i = 0; i < words; i++) {
            target.set(WORD, i << 3, seed + i);
        }
        for (long b = words << 3; b < length; b++) {
            target.set(ValueLayout.JAVA_BYTE, b, (byte) (seed + b));
        }
    }

    /**
     * Checks every byte against the pattern of frame {@code sequence}.
     *
     * @return -1 if all {@code length} bytes match, else the offset of the first mismatching word or byte
     */
    public static long verify(MemorySegment source, long length, long sequence) {
        long seed = seed(sequence);
        long words = length >>> 3;
        for (long i = 0; i < words; i++) {
            if (source.get(WORD, i << 3) != seed + i) {
                return i << 3;
            }
        }
        for (long b = words << 3; b < length; b++) {
            if (source.get(ValueLayout.JAVA_BYTE, b) != (byte) (seed + b)) {
                return b;
            }
        }
        return -1;
    }

    /** Which frame's pattern the word at offset 0 belongs to (for messages about torn frames), or -1. */
    public static long sequenceAt(MemorySegment source, long offset) {
        if (offset + 8 > source.byteSize()) {
            return -1;
        }
        long word = source.get(WORD, offset) - (offset >>> 3);
        long inverse = modularInverse(GOLDEN);
        return word * inverse - 1;
    }

    private static long modularInverse(long odd) {
        long x = odd;
        for (int i = 0; i < 5; i++) {
            x *= 2 - odd * x;
        }
        return x;
    }

    /** Reads one byte per 4 KiB page (what a reader that only "touches" a frame does); returns their sum. */
    public static long touch(MemorySegment source, long length) {
        long sum = 0;
        for (long offset = 0; offset < length; offset += 4096) {
            sum += source.get(ValueLayout.JAVA_BYTE, offset);
        }
        return sum;
    }
}
