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
 *  8     512     8 s64  obtained page size        each writer          volatile
 *        520     8 s64  huge-mapped bytes         each writer          volatile
 *        528     8 s64  longest writer stall, ns  writer               volatile
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

    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

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
}
