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

    /**
     * Each reader work alone, in this process and with nothing else of the bench running: for
     * {@code nanosPerWork} each, {@link Work#TOUCH} and then {@link Work#FULL} over the buffers in the order
     * they were written (each was written {@code slots} frames ago, as a framebus reader's slot was). Returns
     * the RESULT fields {@code touch_ns touch_frames full_ns full_frames}.
     */
    String measureWorkAlone(long nanosPerWork) {
        StringBuilder fields = new StringBuilder();
        long sink = 0;
        for (Work w : Work.values()) {
            sink += Warmup.reader(w); // compiled, as in a reader process
            long frames = 0;
            long start = System.nanoTime();
            long now = start;
            while (now - start < nanosPerWork || frames < buffers.length) {
                MemorySegment b = buffers[(int) (frames % buffers.length)];
                sink += w == Work.FULL ? BenchPattern.checksum(b, b.byteSize()) : BenchPattern.touch(b, b.byteSize());
                frames++;
                now = System.nanoTime();
            }
            fields.append(String.format(Locale.ROOT, " %s_ns=%d %s_frames=%d", w.id(), now - start, w.id(), frames));
        }
        return fields.append(" alone_sink=").append(sink & 1).toString();
    }

    @Override
    public void close() {
    }
}
