package io.framebus.bench;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The 32-byte header the socket and Aeron writers send before each payload (framebus carries the
 * same facts in the slot's descriptor): sequence, payload length, publish time, checksum; native
 * byte order. Sequence -1 ends the stream.
 */
final class WireHeader {
    static final int BYTES = 32;
    static final long END = -1;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;

    private WireHeader() {
    }

    static void write(MemorySegment s, long sequence, long length, long publishNanos, long checksum) {
        s.set(LONG, 0, sequence);
        s.set(LONG, 8, length);
        s.set(LONG, 16, publishNanos);
        s.set(LONG, 24, checksum);
    }

    static long sequence(MemorySegment s) {
        return s.get(LONG, 0);
    }

    static long length(MemorySegment s) {
        return s.get(LONG, 8);
    }

    static long publishNanos(MemorySegment s) {
        return s.get(LONG, 16);
    }

    static long checksum(MemorySegment s) {
        return s.get(LONG, 24);
    }
}
