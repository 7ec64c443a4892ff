package io.framebus.layout;

/**
 * The geometry of a channel and the map of its two files. This package is the only place that knows an
 * offset: this class places the regions, and the flyweight of each region ({@link HeaderFlyweight},
 * {@link RingFlyweight}, {@link SlotDescriptorFlyweight}, {@link ReaderRowFlyweight}) holds the
 * offsets of its fields, with their table. {@code docs/format.md} describes the same layout for
 * implementers in other languages.
 *
 * <p>A channel is two files in one directory ({@code /dev/shm}, a hugetlbfs mount or a huge-page
 * tmpfs): the <em>control file</em> {@code framebus-NAME}, mapped read-write by the writer and every
 * reader, and the <em>data file</em> {@code framebus-NAME.data} holding the slots, which only the
 * writer's user may write: readers map it read-only, and nobody else can shrink the memory the writer
 * (or a native decoder on its behalf) writes frames into. Both are a whole number of pages of the
 * backing's page size (2 MiB for huge pages), and every slot is a whole number of pages, so slots can
 * be huge-page mapped. All integers are little-endian.
 *
 * <pre>
 *  control file, offset 0
 *  +--------------------------------------------------------------------------+
 *  | HEADER: 2048 B = 32 lines of 64 B                       HeaderFlyweight  |
 *  |   geometry, data-file binding, identity, writer, published sequence,     |
 *  |   futex words, statistics, writer note, reader-sleeping bitmap, link     |
 *  +--------------------------------------------------------------------------+  ringOffset = 2048
 *  | RING: ringCapacity entries of 16 B, a power of two        RingFlyweight  |
 *  +--------------------------------------------------------------------------+  slotTableOffset
 *  | SLOT TABLE: slotCount descriptors of 256 B      SlotDescriptorFlyweight  |  = alignUp(2048 + 16 * ring, 64)
 *  +--------------------------------------------------------------------------+  readerTableOffset
 *  | READER TABLE: maxReaders rows of readerRowSize B     ReaderRowFlyweight  |  = slotTableOffset + 256 * slots
 *  |   readerRowSize = 256 + alignUp(8 * slotCount, 64)                       |
 *  +--------------------------------------------------------------------------+  (zero padding)
 *                                                   controlSize = alignUp(readerTableOffset
 *                                                                 + maxReaders * readerRowSize, pageSize)
 *  data file, offset 0
 *  +--------------------------------------------------------------------------+
 *  | SLOTS: slotCount slots of slotStride = alignUp(slotSize, pageSize) bytes |
 *  |   slot k at k * slotStride                                               |
 *  +--------------------------------------------------------------------------+  dataSize = slots * slotStride
 * </pre>
 *
 * <p><b>Liveness locks.</b> Processes hold open-file-description ({@code F_OFD_SETLK}) write locks
 * on single bytes of the control file: the writer on byte {@link #WRITER_LOCK_BYTE}, reader row {@code i}
 * on byte {@link #readerLockByte(int)}. The kernel drops them when the process dies.
 *
 * <p><b>Sleepers.</b> A reader about to sleep sets its own bit in the reader-sleeping bitmap, so a
 * reader killed while asleep leaves a bit that reclaim clears exactly (a shared counter could not
 * be repaired). The writer checks the bitmap after each publish and makes the wake syscall only
 * when a bit is set.
 *
 * <p><b>Hold protocol.</b> A reader stores {@code hold[k] = s} and only then re-reads the slot's
 * sequence; the writer stores {@code -1} into the slot's sequence and only then scans the holds.
 * Both are sequentially consistent accesses, so at least one side sees the other: the writer never
 * rewrites a held slot, and a reader never accepts a slot that changed. Because each reader owns
 * its row, a dead reader's holds are exactly the non-zero entries of its row.
 */
public final class ChannelLayout {
    /** "FRAMEBUS" read as a little-endian long: the header's magic. */
    public static final long MAGIC = 0x535542454D415246L;
    /** The layout version this code reads and writes; bumped whenever any offset or meaning changes. */
    public static final int VERSION = 3;

    /** Bytes of a cache line: fields one side writes and another reads sit on lines of their own. */
    public static final int CACHE_LINE = 64;

    /** Channel state: the creator is still writing the header. */
    public static final int STATE_INITIALIZING = 0;
    /** Channel state: a writer publishes (or did, and may have died: see its liveness lock). */
    public static final int STATE_OPEN = 1;
    /** Channel state: the writer closed the channel; readers drain, then stop. */
    public static final int STATE_CLOSED = 2;

    /** Slot sequence of a slot that holds no frame. */
    public static final long SLOT_EMPTY = 0;
    /** Slot sequence of a slot the writer has claimed and is writing. */
    public static final long SLOT_CLAIMED = -1;

    /** Reader row state: nobody reads through this row. */
    public static final int ROW_FREE = 0;
    /** Reader row state: a reader is attached (alive while it holds the row's lock). */
    public static final int ROW_ACTIVE = 1;

    /** The byte of the file the writer holds its liveness lock on. */
    public static final long WRITER_LOCK_BYTE = 0;

    /** Most slots a channel can have. */
    public static final int MAX_SLOTS = 1 << 16;
    /** Most reader rows a channel can have. */
    public static final int MAX_READERS = 1024;
    /** Largest ring. */
    public static final int MAX_RING_CAPACITY = 1 << 24;
    /** Largest slot, bytes. */
    public static final long MAX_SLOT_SIZE = Integer.MAX_VALUE;
    /** Most tensor dimensions a slot descriptor stores. */
    public static final int MAX_DIMS = SlotDescriptorFlyweight.MAX_DIMS;
    /** The plain page size. */
    public static final long SMALL_PAGE = 4096;
    /** The huge page size framebus uses (x86-64 PMD size). */
    public static final long HUGE_PAGE = 2L << 20;

    private final int slotCount;
    private final long slotSize;
    private final int ringCapacity;
    private final int maxReaders;
    private final long pageSize;

    private final long ringOffset;
    private final long slotTableOffset;
    private final long readerTableOffset;
    private final long readerRowSize;
    private final long controlSize;
    private final long slotStride;
    private final long dataSize;

    /**
     * Computes the layout of a channel with the given geometry.
     *
     * @throws IllegalArgumentException when a value is outside the supported limits
     */
    public ChannelLayout(int slotCount, long slotSize, int ringCapacity, int maxReaders, long pageSize) {
        check(slotCount >= 2 && slotCount <= MAX_SLOTS, "slot count must be 2.." + MAX_SLOTS + ", got " + slotCount);
        check(slotSize >= 1 && slotSize <= MAX_SLOT_SIZE,
                "slot size must be 1.." + MAX_SLOT_SIZE + " bytes, got " + slotSize);
        check(ringCapacity >= slotCount && ringCapacity <= MAX_RING_CAPACITY && Integer.bitCount(ringCapacity) == 1,
                "ring capacity must be a power of two between the slot count (" + slotCount + ") and "
                        + MAX_RING_CAPACITY + ", got " + ringCapacity);
        check(maxReaders >= 1 && maxReaders <= MAX_READERS,
                "max readers must be 1.." + MAX_READERS + ", got " + maxReaders);
        check(pageSize == SMALL_PAGE || pageSize == HUGE_PAGE, "page size must be 4 KiB or 2 MiB, got " + pageSize);
        this.slotCount = slotCount;
        this.slotSize = slotSize;
        this.ringCapacity = ringCapacity;
        this.maxReaders = maxReaders;
        this.pageSize = pageSize;

        this.ringOffset = HeaderFlyweight.HEADER_SIZE;
        this.slotTableOffset = alignUp(ringOffset + (long) ringCapacity * RingFlyweight.ENTRY_SIZE, CACHE_LINE);
        this.readerTableOffset = slotTableOffset + (long) slotCount * SlotDescriptorFlyweight.DESCRIPTOR_SIZE;
        this.readerRowSize = ReaderRowFlyweight.HOLDS + alignUp(8L * slotCount, CACHE_LINE);
        this.controlSize = alignUp(readerTableOffset + maxReaders * readerRowSize, pageSize);
        this.slotStride = alignUp(slotSize, pageSize);
        this.dataSize = Math.multiplyExact(slotStride, (long) slotCount);
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    public static long alignUp(long value, long alignment) {
        return (value + alignment - 1) & -alignment;
    }

    /** The lock byte of reader row {@code row}. */
    public static long readerLockByte(int row) {
        return 1L + row;
    }

    public int slotCount() {
        return slotCount;
    }

    public long slotSize() {
        return slotSize;
    }

    public int ringCapacity() {
        return ringCapacity;
    }

    public int ringMask() {
        return ringCapacity - 1;
    }

    public int maxReaders() {
        return maxReaders;
    }

    public long pageSize() {
        return pageSize;
    }

    /** @return bytes of the control file */
    public long controlSize() {
        return controlSize;
    }

    /** @return bytes between the starts of two consecutive slots: the slot size rounded up to pages */
    public long slotStride() {
        return slotStride;
    }

    /** @return bytes of the data file */
    public long dataSize() {
        return dataSize;
    }

    /** @return bytes of both files: what the channel takes from its filesystem */
    public long totalSize() {
        return Math.addExact(controlSize, dataSize);
    }

    /** Offset of ring entry {@code index} (already masked) in the control region. */
    public long ringEntry(int index) {
        return ringOffset + (long) index * RingFlyweight.ENTRY_SIZE;
    }

    /** Offset of the descriptor of slot {@code slot} in the control region. */
    public long slotDescriptor(int slot) {
        return slotTableOffset + (long) slot * SlotDescriptorFlyweight.DESCRIPTOR_SIZE;
    }

    /** Offset of reader row {@code row} in the control region. */
    public long readerRow(int row) {
        return readerTableOffset + row * readerRowSize;
    }

    /** Offset of slot {@code slot} within the data file. */
    public long slotData(int slot) {
        return slot * slotStride;
    }

    public long ringOffset() {
        return ringOffset;
    }

    public long slotTableOffset() {
        return slotTableOffset;
    }

    public long readerTableOffset() {
        return readerTableOffset;
    }

    public long readerRowSize() {
        return readerRowSize;
    }

    @Override
    public String toString() {
        return "ChannelLayout[slots=" + slotCount + " x " + slotSize + " B (stride " + slotStride + "), ring="
                + ringCapacity + ", readers=" + maxReaders + ", page=" + pageSize + ", control=" + controlSize
                + ", data=" + dataSize + "]";
    }
}
