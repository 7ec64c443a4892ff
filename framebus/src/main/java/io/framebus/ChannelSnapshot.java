package io.framebus;

import java.util.List;

/**
 * What {@code framebus inspect} shows: a point-in-time reading of a channel file, taken without
 * mapping it and without disturbing its writer or readers. Values come from shared memory and are
 * shown as found; liveness comes from the kernel's lock table, not from the file.
 *
 * @param name              channel name
 * @param path              the control file
 * @param dataPath          the data file (the slots)
 * @param ownerUid          the user owning the control file
 * @param backing           hugetlbfs, thp or plain
 * @param slotCount         slots
 * @param slotSize          bytes per slot
 * @param ringCapacity      ring entries
 * @param maxReaders        reader rows
 * @param layoutPageSize    page size the layout is aligned to
 * @param obtainedPageSize  page size the writer really got (from smaps at creation)
 * @param hugeMappedBytes   bytes the writer saw huge-mapped
 * @param fileSize          bytes of both files
 * @param fileMode          permission bits of the control file
 * @param state             open, writer-dead (open but no live writer), closed or initializing
 * @param writer            the writer
 * @param published         last published sequence
 * @param reclaimedReaders  dead readers reclaimed so far
 * @param reclaimedHolds    holds returned from dead readers so far
 * @param lastReclaimNanos  {@link System#nanoTime()} of the last reclaim (0 if none): compare with the time
 *                          of a kill
 * @param maxWriterStallMs  longest wait of the writer for a free slot, the one in progress included
 * @param stallMs           how long the writer has been waiting for a slot now, 0 when it is not waiting
 * @param stalledOnRow      the lossless reader row the writer waits on now, -1 for none
 * @param demotions         lossless readers the writer demoted for stalling it beyond their budget
 * @param link              where the frames come from when a bridge writes them, or null
 * @param note              the writer's note (how frames are produced), as raw text
 * @param readers           attached or dead-but-unreclaimed reader rows
 * @param slots             every slot
 */
public record ChannelSnapshot(String name, String path, String dataPath, int ownerUid, String backing,
                              int slotCount, long slotSize, int ringCapacity, int maxReaders, long layoutPageSize,
                              long obtainedPageSize, long hugeMappedBytes, long fileSize, String fileMode,
                              String state, Writer writer, long published, long reclaimedReaders,
                              long reclaimedHolds, long lastReclaimNanos, double maxWriterStallMs, double stallMs,
                              int stalledOnRow, long demotions, Link link, String note, List<Reader> readers,
                              List<Slot> slots) {

    /**
     * The writer. {@code alive} comes from the kernel's lock table and is the liveness that counts, in
     * every PID namespace. {@code processAlive} says whether a process with the recorded pid <em>and
     * start time</em> exists, so a pid reused by an unrelated process never passes for the writer; it is
     * null when the pid was recorded in another PID namespace (a container), where it means nothing here.
     *
     * @param pid              the pid of the last writer, as recorded in the header (in its own namespace)
     * @param alive            whether some process holds the writer's liveness lock
     * @param processAlive     whether the recorded process still runs; null when its pid is not of this namespace
     * @param pidInThisNamespace whether the recorded pid is one of this PID namespace
     * @param generation       the last writer's generation: 1 for the creator, one more per takeover
     * @param restarts         how many times a writer took the channel over from a dead one
     */
    public record Writer(long pid, boolean alive, Boolean processAlive, boolean pidInThisNamespace, long generation,
                         long restarts) {
    }

    /**
     * Where a bridged channel's frames come from, as its writer (the receiving bridge) records it.
     *
     * @param kind          "bridge"
     * @param source        what the bridge receives from, as raw text
     * @param lastHeardMs   how long ago the source was last heard, or -1 if never
     * @param received      frames received whole
     * @param sourceSkipped frames the source says it skipped
     * @param incomplete    frames dropped because they arrived incomplete
     * @param sourceGone    whether the source has not been heard for {@value ChannelLink#GONE_AFTER_MILLIS} ms
     *                      (or never), or the channel's writer, the bridge itself, is dead
     */
    public record Link(String kind, String source, double lastHeardMs, long received, long sourceSkipped,
                       long incomplete, boolean sourceGone) {
    }

    /**
     * One reader row in use, or left behind by a dead reader and not yet reclaimed. Liveness as for
     * {@link Writer}.
     *
     * @param row          the row's index in the reader table
     * @param label        what the reader says it is, as raw text
     * @param pid          the pid recorded in the row (in the reader's own PID namespace)
     * @param alive        whether some process holds the row's liveness lock
     * @param processAlive whether the recorded process still runs; null when its pid is not of this namespace
     * @param pidInThisNamespace whether the recorded pid is one of this PID namespace
     * @param mode         latest or lossless, or {@code unknown(code)} for a corrupt row
     * @param demoted      whether the writer demoted this lossless reader to latest for stalling it
     * @param stallBudgetMs how long the reader may hold the writer back before it is demoted, 0 for no limit
     * @param lastContactMs for a reader that forwards frames (a bridge), how long ago it last heard from its
     *                     far end; -1 otherwise
     * @param cursor       the next sequence the reader will take
     * @param lag          published frames the reader has not reached yet (0 when it is up to date)
     * @param holdLimit    how many frames the reader may hold at once
     * @param holds        the sequences of the frames it holds now
     * @param received     frames the reader has taken
     * @param skipped      frames a LATEST reader passed over
     * @param lost         frames a LOSSLESS reader missed
     */
    public record Reader(int row, String label, long pid, boolean alive, Boolean processAlive,
                         boolean pidInThisNamespace, String mode, boolean demoted, double stallBudgetMs, long cursor,
                         long lag, int holdLimit, List<Long> holds, long received, long skipped, long lost,
                         double lastContactMs) {
    }

    /**
     * One slot of the ring.
     *
     * @param index    the slot's index
     * @param state    empty, writing (claimed by the writer), frame (published), unpublished (a sequence
     *                 beyond the published one) or corrupt
     * @param sequence the sequence of the frame in the slot; 0 for an empty or claimed slot
     * @param holders  the reader rows that hold the slot
     */
    public record Slot(int index, String state, long sequence, List<Integer> holders) {
    }

    /**
     * One line of {@code framebus ls}.
     *
     * @param name        the channel name, from the file name
     * @param path        the control file
     * @param fileSize    bytes of both files
     * @param backing     hugetlbfs, thp or plain; {@code ?} for a file that is not a valid channel
     * @param writerAlive whether some process holds the writer's liveness lock
     * @param writerPid   the pid of the last writer, 0 if unknown
     * @param readers     how many attached readers are alive
     * @param published   the last published sequence
     * @param error       why the file is not a valid channel, or null for a valid one
     * @param bridge      for a bridged channel, where its frames come from ("from SOURCE") or go to ("to LABEL",
     *                    a live reader that forwards them), as raw text; null otherwise
     */
    public record Summary(String name, String path, long fileSize, String backing, boolean writerAlive,
                          long writerPid, int readers, long published, String error, String bridge) {
    }
}
