package io.framebus.bench;

import io.framebus.testkit.FramePattern;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The bench's frame content and the two kinds of reader work.
 *
 * <p>The producer fills every byte of frame {@code s} with {@link FramePattern#fill} (word {@code i}
 * is {@code seed(s) + i}), so no two frames are alike. The checksum of a frame is the 64-bit
 * wrapping sum of its little-endian words plus its trailing bytes (signed). The writer computes it
 * from the pattern's formula, without reading the frame back; a {@link Work#FULL} reader computes it
 * by reading every byte and compares.
 */
public final class BenchPattern {
    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG_UNALIGNED;

    private BenchPattern() {
    }

    /** The checksum of frame {@code sequence} of {@code length} bytes, from the pattern's formula. */
    public static long expectedChecksum(long sequence, long length) {
        long seed = FramePattern.word(sequence, 0);
        long words = length >>> 3;
        // sum_{i < words} (seed + i) = words * seed + words * (words - 1) / 2, all modulo 2^64
        long triangle = (words & 1) == 0 ? (words >>> 1) * (words - 1) : words * ((words - 1) >>> 1);
        long sum = words * seed + triangle;
        for (long b = words << 3; b < length; b++) {
            sum += (byte) (seed + b);
        }
        return sum;
    }

    /** Reads every byte of {@code segment[0, length)}: the sum of its words and trailing bytes. */
    public static long checksum(MemorySegment segment, long length) {
        // One accumulator and a plain counted loop: C2 vectorizes this reduction (manually unrolled
        // variants with several accumulators measured 1.5x slower on JDK 25).
        long words = length >>> 3;
        long sum = 0;
        for (long i = 0; i < words; i++) {
            sum += segment.get(WORD, i << 3);
        }
        for (long b = words << 3; b < length; b++) {
            sum += segment.get(ValueLayout.JAVA_BYTE, b);
        }
        return sum;
    }

    /** Reads one byte per 4 KiB page and the last byte; returns their sum (so the reads cannot be dropped). */
    public static long touch(MemorySegment segment, long length) {
        return FramePattern.touch(segment, length) + (length > 0 ? segment.get(ValueLayout.JAVA_BYTE, length - 1) : 0);
    }
}
