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
    /** Rounds of each work alone; the fastest counts. */
    private static final int ALONE_ROUNDS = 5;
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
     * Each reader work alone, in this process and with nothing else of the bench running: {@link Work#TOUCH}
     * and then {@link Work#FULL} over the buffers in the order they were written (each was written
     * {@code slots} frames ago, as a framebus reader's slot was), for {@code nanosPerWork} each, in
     * {@value #ALONE_ROUNDS} rounds of at least one pass over every buffer. A limit is the best the machine
     * does, so each work reports its fastest round: on this VM a single long round now and then ran at half
     * speed (1.53 against 0.69 ms per 1080p checksum), which made the computed CPU limit one that framebus
     * beat by 1.5x. Returns the RESULT fields {@code touch_ns touch_frames full_ns full_frames} (that round's).
     */
    String measureWorkAlone(long nanosPerWork) {
        StringBuilder fields = new StringBuilder();
        long sink = 0;
        for (Work w : Work.values()) {
            sink += Warmup.reader(w); // compiled, as in a reader process
            long bestNanos = Long.MAX_VALUE;
            long bestFrames = 1;
            for (int round = 0; round < ALONE_ROUNDS; round++) {
                long frames = 0;
                long start = System.nanoTime();
                long now = start;
                while (now - start < nanosPerWork / ALONE_ROUNDS || frames < buffers.length) {
                    MemorySegment b = buffers[(int) (frames % buffers.length)];
                    sink += w == Work.FULL ? BenchPattern.checksum(b, b.byteSize())
                            : BenchPattern.touch(b, b.byteSize());
                    frames++;
                    now = System.nanoTime();
                }
                if ((double) (now - start) / frames < (double) bestNanos / bestFrames) {
                    bestNanos = now - start;
                    bestFrames = frames;
                }
            }
            fields.append(String.format(Locale.ROOT, " %s_ns=%d %s_frames=%d", w.id(), bestNanos, w.id(), bestFrames));
        }
        return fields.append(" alone_sink=").append(sink & 1).toString();
    }

    @Override
    public void close() {
    }
}
