package io.framebus;

import java.util.List;

/**
 * What {@code framebus inspect} shows: a point-in-time reading of a channel file, taken without
 * mapping it and without disturbing its writer or readers. Values come from shared memory and are
 * shown as found; liveness comes from the kernel's lock table, not from the file.
 *
 * @param name              channel name
 * @param path              the file
 * @param backing           hugetlbfs, thp or plain
 * @param slotCount         slots
 * @param slotSize          bytes per slot
 * @param ringCapacity      ring entries
 * @param maxReaders        reader rows
 * @param layoutPageSize    page size the layout is aligned to
 * @param obtainedPageSize  page size the writer really got (from smaps at creation)
 * @param hugeMappedBytes   bytes the writer saw huge-mapped
 * @param fileSize          file size in bytes
 * @param fileMode          permission bits
 * @param state             open, closed or initializing
 * @param writer            the writer
 * @param published         last published sequence
 * @param reclaimedReaders  dead readers reclaimed so far
 * @param reclaimedHolds    holds returned from dead readers so far
 * @param lastReclaimNanos  {@link System#nanoTime()} of the last reclaim (0 if none): compare with the time of a kill
 * @param maxWriterStallMs  longest wait of the writer for a free slot
 * @param note              the writer's note (how frames are produced)
 * @param readers           attached or dead-but-unreclaimed reader rows
 * @param slots             every slot
 */
public record ChannelSnapshot(String name, String path, String backing, int slotCount, long slotSize,
                              int ringCapacity, int maxReaders, long layoutPageSize, long obtainedPageSize,
                              long hugeMappedBytes, long fileSize, String fileMode, String state, Writer writer,
                              long published, long reclaimedReaders, long reclaimedHolds, long lastReclaimNanos,
                              double maxWriterStallMs,
                              String note, List<Reader> readers, List<Slot> slots) {

    /**
     * The writer. {@code alive} comes from the kernel's lock table (authoritative); {@code processAlive}
     * says whether a process with the recorded pid <em>and start time</em> exists, so a pid reused by
     * an unrelated process never passes for the writer.
     */
    public record Writer(long pid, boolean alive, boolean processAlive, long generation, long restarts) {
    }

    /** One reader row in use. {@code holds} lists the sequences it holds; liveness as for {@link Writer}. */
    public record Reader(int row, long pid, boolean alive, boolean processAlive, String mode, long cursor, long lag,
                         int holdLimit, List<Long> holds, long received, long skipped, long lost) {
    }

    /** One slot: {@code state} is empty, writing, or frame; holders are reader rows. */
    public record Slot(int index, String state, long sequence, List<Integer> holders) {
    }

    /** One line of {@code framebus ls}. {@code error} is non-null for a file that is not a valid channel. */
    public record Summary(String name, String path, long fileSize, String backing, boolean writerAlive,
                          long writerPid, int readers, long published, String error) {
    }
}
