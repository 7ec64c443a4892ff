package io.framebus.layout;

/**
 * The binary layout of a channel file: the only place that knows an offset.
 *
 * <p>A channel is one file (in {@code /dev/shm}, a hugetlbfs mount or a huge-page tmpfs). It has a
 * <em>control region</em>, mapped read-write by everyone, and a <em>data region</em> of slots,
 * mapped read-write by the writer and read-only by readers. The data region starts on a page
 * boundary of the backing's page size (2 MiB for huge pages) and every slot is a whole number of
 * pages, so slots can be huge-page mapped.
 *
 * <pre>
 *  offset 0
 *  +--------------------------------------------------------------------------+
 *  | HEADER (1024 B = 16 lines of 64 B)                                       |
 *  |  line 0   magic "FRAMEBUS" | version | slotCount | maxReaders | ring cap |
 *  |           holdLimit | slotSize | slotStride | pageSize | fileSize        |
 *  |  line 1   backing | fileMode | dataOffset | created ms | creator pid     |
 *  |           controlSize | nameLength                                       |
 *  |  line 2   channel name (UTF-8, up to 64 bytes)                           |
 *  |  line 3   writer pid | writer start time | generation | channel state    |
 *  |  line 4   published sequence            (writer writes, readers read)    |
 *  |  line 5   reader futex word                (readers sleep on it)       |
 *  |  line 6   writer futex word | writer-sleeping bit (writer sleeps on it)  |
 *  |  line 7   reclaimed readers | reclaimed holds | last reclaim ns | restarts|
 *  |  line 8   obtained page size | huge-mapped bytes | max writer stall ns    |
 *  |  line 9-10 writer note (UTF-8, up to 128 bytes, e.g. "zero-copy decode")  |
 *  |  line 11-12 reader-sleeping bitmap: bit r set while row r is asleep      |
 *  |  line 13-15 reserved                                                      |
 *  +--------------------------------------------------------------------------+
 *  | RING: ringCapacity entries of 16 B, a power of two                       |
 *  |   entry i = [ sequence : 8 ][ slot : 4 ][ reserved : 4 ]                 |
 *  |   the frame with sequence s is announced in entry s &amp; (ringCapacity-1)  |
 *  +--------------------------------------------------------------------------+
 *  | SLOT TABLE: slotCount descriptors of 256 B                               |
 *  |   +0   sequence of the frame in the slot (its generation)                |
 *  |        0 = empty, -1 = claimed by the writer and being written           |
 *  |   +8   length | +16 kind | +20 pixel format | +24 width | +28 height     |
 *  |   +32  stride | +36 dtype | +40 rank | +44 flags | +48 pts               |
 *  |   +56  capture ns | +64 publish ns | +72 user tag | +80 writer generation |
 *  |   +88  shape[8] (8 B each) | +152..255 reserved                          |
 *  +--------------------------------------------------------------------------+
 *  | READER TABLE: maxReaders rows of readerRowSize B                         |
 *  |   line 0  state | mode | hold limit | pid | start time | attach ns       |
 *  |   line 1  cursor: next sequence the reader will take (writer reads it)   |
 *  |   line 2  received | skipped | lost                                      |
 *  |   line 3+ hold[slotCount]: sequence this reader holds in slot k, or 0    |
 *  +--------------------------------------------------------------------------+  (padding to pageSize)
 *  | DATA: slotCount slots of slotStride = roundUp(slotSize, pageSize) bytes  |
 *  |   slot k at dataOffset + k * slotStride                                  |
 *  +--------------------------------------------------------------------------+  fileSize
 * </pre>
 *
 * <p><b>Liveness locks.</b> Processes hold open-file-description ({@code F_OFD_SETLK}) write locks
 * on single bytes of the file: the writer on byte {@link #WRITER_LOCK_BYTE}, reader row {@code i}
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
    /** "FRAMEBUS" read as a little-endian long. */
    public static final long MAGIC = 0x535542454D415246L;
    public static final int VERSION = 1;

    public static final int CACHE_LINE = 64;
    public static final int HEADER_SIZE = 1024;
    public static final int NAME_MAX_BYTES = 64;
    public static final int NOTE_MAX_BYTES = 128;
    public static final int MAX_DIMS = 8;

    // ---- header, line 0: geometry, written once before the magic
    public static final int H_MAGIC = 0;
    public static final int H_VERSION = 8;
    public static final int H_SLOT_COUNT = 12;
    public static final int H_MAX_READERS = 16;
    public static final int H_RING_CAPACITY = 20;
    public static final int H_HOLD_LIMIT = 24;
    public static final int H_SLOT_SIZE = 32;
    public static final int H_SLOT_STRIDE = 40;
    public static final int H_PAGE_SIZE = 48;
    public static final int H_FILE_SIZE = 56;
    // ---- line 1
    public static final int H_BACKING = 64;
    public static final int H_FILE_MODE = 68;
    public static final int H_DATA_OFFSET = 72;
    public static final int H_CREATED_MILLIS = 80;
    public static final int H_CREATOR_PID = 88;
    public static final int H_CONTROL_SIZE = 96;
    public static final int H_NAME_LENGTH = 104;
    // ---- line 2
    public static final int H_NAME = 128;
    // ---- line 3: writer identity
    public static final int H_WRITER_PID = 192;
    public static final int H_WRITER_START_TIME = 200;
    public static final int H_GENERATION = 208;
    public static final int H_STATE = 216;
    // ---- line 4: the published sequence, alone on its line
    public static final int H_PUBLISHED = 256;
    // ---- line 5: readers' futex
    public static final int H_READER_FUTEX = 320;
    // ---- line 6: writer's futex
    public static final int H_WRITER_FUTEX = 384;
    public static final int H_WRITER_SLEEPING = 392;
    // ---- line 7: reclaim statistics
    public static final int H_RECLAIMED_READERS = 448;
    public static final int H_RECLAIMED_HOLDS = 456;
    public static final int H_LAST_RECLAIM_NANOS = 464;
    public static final int H_WRITER_RESTARTS = 472;
    // ---- line 8: what the writer obtained
    public static final int H_OBTAINED_PAGE_SIZE = 512;
    public static final int H_HUGE_MAPPED_BYTES = 520;
    public static final int H_MAX_WRITER_STALL_NANOS = 528;
    // ---- lines 9-10: the writer's note
    public static final int H_NOTE = 576;
    // ---- lines 11-12: one bit per reader row, set while that reader sleeps on the futex
    public static final int H_READER_SLEEPERS = 704;

    /** Channel states stored at {@link #H_STATE}. */
    public static final int STATE_INITIALIZING = 0;
    public static final int STATE_OPEN = 1;
    public static final int STATE_CLOSED = 2;

    // ---- ring entries
    public static final int RING_ENTRY_SIZE = 16;
    public static final int E_SEQUENCE = 0;
    public static final int E_SLOT = 8;

    // ---- slot descriptors
    public static final int SLOT_DESCRIPTOR_SIZE = 256;
    public static final int S_SEQUENCE = 0;
    public static final int S_LENGTH = 8;
    public static final int S_KIND = 16;
    public static final int S_PIXEL_FORMAT = 20;
    public static final int S_WIDTH = 24;
    public static final int S_HEIGHT = 28;
    public static final int S_STRIDE = 32;
    public static final int S_DTYPE = 36;
    public static final int S_RANK = 40;
    public static final int S_FLAGS = 44;
    public static final int S_PTS = 48;
    public static final int S_CAPTURE_NANOS = 56;
    public static final int S_PUBLISH_NANOS = 64;
    public static final int S_TAG = 72;
    public static final int S_GENERATION = 80;
    public static final int S_SHAPE = 88;

    /** Slot sequence values with a special meaning. */
    public static final long SLOT_EMPTY = 0;
    public static final long SLOT_CLAIMED = -1;

    // ---- reader rows
    public static final int R_STATE = 0;
    public static final int R_MODE = 4;
    public static final int R_HOLD_LIMIT = 8;
    public static final int R_PID = 16;
    public static final int R_START_TIME = 24;
    public static final int R_ATTACH_NANOS = 32;
    public static final int R_CURSOR = 64;
    public static final int R_RECEIVED = 128;
    public static final int R_SKIPPED = 136;
    public static final int R_LOST = 144;
    public static final int R_HOLDS = 192;

    /** Reader row states stored at {@link #R_STATE}. */
    public static final int ROW_FREE = 0;
    public static final int ROW_ACTIVE = 1;

    /** Liveness lock bytes. */
    public static final long WRITER_LOCK_BYTE = 0;

    // ---- limits, checked on create and on open
    public static final int MAX_SLOTS = 1 << 16;
    public static final int MAX_READERS = 1024;
    public static final int MAX_RING_CAPACITY = 1 << 24;
    public static final long MAX_SLOT_SIZE = Integer.MAX_VALUE;
    public static final long SMALL_PAGE = 4096;
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
    private final long dataOffset;
    private final long slotStride;
    private final long fileSize;

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

        this.ringOffset = HEADER_SIZE;
        this.slotTableOffset = alignUp(ringOffset + (long) ringCapacity * RING_ENTRY_SIZE, CACHE_LINE);
        this.readerTableOffset = slotTableOffset + (long) slotCount * SLOT_DESCRIPTOR_SIZE;
        this.readerRowSize = R_HOLDS + alignUp(8L * slotCount, CACHE_LINE);
        this.controlSize = alignUp(readerTableOffset + maxReaders * readerRowSize, pageSize);
        this.dataOffset = controlSize;
        this.slotStride = alignUp(slotSize, pageSize);
        this.fileSize = Math.addExact(dataOffset, Math.multiplyExact(slotStride, (long) slotCount));
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

    public long controlSize() {
        return controlSize;
    }

    public long dataOffset() {
        return dataOffset;
    }

    public long slotStride() {
        return slotStride;
    }

    public long fileSize() {
        return fileSize;
    }

    /** Offset of ring entry {@code index} (already masked) in the control region. */
    public long ringEntry(int index) {
        return ringOffset + (long) index * RING_ENTRY_SIZE;
    }

    /** Offset of the descriptor of slot {@code slot} in the control region. */
    public long slotDescriptor(int slot) {
        return slotTableOffset + (long) slot * SLOT_DESCRIPTOR_SIZE;
    }

    /** Offset of reader row {@code row} in the control region. */
    public long readerRow(int row) {
        return readerTableOffset + row * readerRowSize;
    }

    /** Offset of {@code hold[slot]} within a reader row. */
    public static long holdOffset(int slot) {
        return R_HOLDS + 8L * slot;
    }

    /** Offset of slot {@code slot} within the data region. */
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
                + ", file=" + fileSize + "]";
    }
}
