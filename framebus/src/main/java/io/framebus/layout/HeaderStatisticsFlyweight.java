package io.framebus.layout;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * The statistics lines of the channel header (lines 7 and 8, see {@link HeaderFlyweight} for the whole
 * header). They never influence the protocol: they count what happened, for channel snapshots
 * ({@code framebus inspect}).
 *
 * <pre>
 *  line  offset  width  field                     written by           read with
 *  7     448     8 s64  reclaimed readers         reclaimers           volatile
 *        456     8 s64  reclaimed holds           reclaimers           volatile
 *        464     8 s64  last reclaim, nanoTime    reclaimers           volatile
 *        472     8 s64  writer restarts           each writer          volatile
 *        480     8 s64  lossless readers demoted  writer               volatile
 *  8     512     8 s64  obtained page size        each writer          volatile
 *        520     8 s64  huge-mapped bytes         each writer          volatile
 *        528     8 s64  longest writer stall, ns  writer               volatile
 *        536     8 s64  stall in progress since   writer               volatile
 *                       (System.nanoTime; 0 = the writer is not waiting for a slot)
 *        544     4 s32  row the writer waits on   writer               volatile
 *                       (the lossless reader furthest behind; -1 = none, held slots)
 * </pre>
 *
 * <p>A stateless flyweight, like {@link HeaderFlyweight}: any thread may use it.
 */
public final class HeaderStatisticsFlyweight {
    static final int RECLAIMED_READERS = 448;
    static final int RECLAIMED_HOLDS = 456;
    static final int LAST_RECLAIM_NANOS = 464;
    static final int WRITER_RESTARTS = 472;
    static final int OBTAINED_PAGE_SIZE = 512;
    static final int HUGE_MAPPED_BYTES = 520;
    static final int MAX_WRITER_STALL_NANOS = 528;
    static final int DEMOTIONS = 480;
    static final int STALL_SINCE_NANOS = 536;
    static final int STALLED_ON_ROW = 544;

    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private final MemorySegment segment;

    /**
     * Wraps the statistics of the header at the start of {@code segment}.
     *
     * @param segment the mapping, or a copy of at least {@value HeaderFlyweight#HEADER_SIZE} bytes
     */
    public HeaderStatisticsFlyweight(MemorySegment segment) {
        this.segment = HeaderFlyweight.requireHeader(segment);
    }

    /**
     * Counts one reclaimed reader.
     *
     * @param holds    holds returned
     * @param nanoTime when ({@link System#nanoTime()})
     */
    public void recordReclaim(long holds, long nanoTime) {
        long ignored = (long) LONG.getAndAdd(segment, (long) RECLAIMED_READERS, 1L);
        ignored = (long) LONG.getAndAdd(segment, (long) RECLAIMED_HOLDS, holds);
        LONG.setVolatile(segment, (long) LAST_RECLAIM_NANOS, nanoTime);
    }

    /** @return dead readers reclaimed so far */
    public long reclaimedReaders() {
        return (long) LONG.getVolatile(segment, (long) RECLAIMED_READERS);
    }

    /** @return holds returned from dead readers so far */
    public long reclaimedHolds() {
        return (long) LONG.getVolatile(segment, (long) RECLAIMED_HOLDS);
    }

    /** @return {@link System#nanoTime()} of the last reclaim, 0 if none */
    public long lastReclaimNanos() {
        return (long) LONG.getVolatile(segment, (long) LAST_RECLAIM_NANOS);
    }

    /** @return takeovers of this channel so far */
    public long writerRestarts() {
        return (long) LONG.getVolatile(segment, (long) WRITER_RESTARTS);
    }

    /** Counts one takeover. */
    public void countWriterRestart() {
        long ignored = (long) LONG.getAndAdd(segment, (long) WRITER_RESTARTS, 1L);
    }

    /**
     * Records what the kernel gave the writer's mapping.
     *
     * @param obtainedPageSize page size backing most of the data region
     * @param hugeMappedBytes  bytes mapped with huge pages
     */
    public void writePageReport(long obtainedPageSize, long hugeMappedBytes) {
        LONG.setVolatile(segment, (long) OBTAINED_PAGE_SIZE, obtainedPageSize);
        LONG.setVolatile(segment, (long) HUGE_MAPPED_BYTES, hugeMappedBytes);
    }

    /** @return the page size the writer obtained */
    public long obtainedPageSize() {
        return (long) LONG.getVolatile(segment, (long) OBTAINED_PAGE_SIZE);
    }

    /** @return bytes the writer saw huge-mapped */
    public long hugeMappedBytes() {
        return (long) LONG.getVolatile(segment, (long) HUGE_MAPPED_BYTES);
    }

    /** @return the longest wait of the writer for a free slot, in nanoseconds */
    public long maxWriterStallNanos() {
        return (long) LONG.getVolatile(segment, (long) MAX_WRITER_STALL_NANOS);
    }

    /**
     * Raises the recorded longest writer stall. Writer only.
     *
     * @param nanos the stall just ended
     */
    public void noteWriterStall(long nanos) {
        if (nanos > maxWriterStallNanos()) {
            LONG.setVolatile(segment, (long) MAX_WRITER_STALL_NANOS, nanos);
        }
    }

    /** Counts one lossless reader demoted to latest for stalling the writer beyond its budget. Writer only. */
    public void countDemotion() {
        long ignored = (long) LONG.getAndAdd(segment, (long) DEMOTIONS, 1L);
    }

    /** @return lossless readers demoted so far */
    public long demotions() {
        return (long) LONG.getVolatile(segment, (long) DEMOTIONS);
    }

    /**
     * Records that the writer is waiting for a slot (or, with {@code sinceNanos} 0, that it stopped).
     * Writer only; called on the slow path.
     *
     * @param sinceNanos {@link System#nanoTime()} when the wait began, 0 when it ended
     * @param row        the lossless reader row it waits on, -1 when it waits on held slots
     */
    public void markStall(long sinceNanos, int row) {
        INT.setVolatile(segment, (long) STALLED_ON_ROW, row);
        LONG.setVolatile(segment, (long) STALL_SINCE_NANOS, sinceNanos);
    }

    /** @return {@link System#nanoTime()} when the writer's current wait for a slot began, 0 when not waiting */
    public long stallSinceNanos() {
        return (long) LONG.getVolatile(segment, (long) STALL_SINCE_NANOS);
    }

    /** @return the lossless reader row the writer waits on, -1 for none */
    public int stalledOnRow() {
        return (int) INT.getVolatile(segment, (long) STALLED_ON_ROW);
    }
}
