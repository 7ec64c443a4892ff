package io.framebus.bench;

import java.lang.foreign.MemorySegment;
import java.util.Locale;

/**
 * The memcpy-only baseline: frame {@code s} is written into private buffer {@code s mod slots} (as
 * many buffers as a framebus channel has slots, same page size as its hugetlbfs slots where the
 * kernel grants transparent huge pages). Nothing is handed over, nobody reads: the producer's own
 * write, alone, is the fastest any transport could go.
 */
final class MemcpySink implements FrameSink {
    private final MemorySegment[] buffers;

    MemcpySink(ChildArgs args) {
        long bytes = args.cell().payload().bytes();
        long stride = (bytes + 4095) / 4096 * 4096;
        MemorySegment all = PrivateMemory.allocate(stride * args.settings().slots());
        buffers = new MemorySegment[args.settings().slots()];
        for (int i = 0; i < buffers.length; i++) {
            buffers[i] = all.asSlice(i * stride, bytes);
        }
    }

    @Override
    public String endpoint() {
        return "-";
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "memcpy %d private buffers, %s", buffers.length,
                PrivateMemory.pageDescription(buffers[0]));
    }

    @Override
    public void awaitReaders(long timeoutNanos) {
    }

    @Override
    public MemorySegment begin(long sequence, long deadlineNanos) {
        return buffers[(int) (sequence % buffers.length)];
    }

    @Override
    public long publish(long sequence, long checksum, long deadlineNanos) {
        return System.nanoTime();
    }

    @Override
    public void finish() {
    }

    @Override
    public void close() {
    }
}
