package io.framebus.layout;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

/**
 * The channel header: the first {@value #HEADER_SIZE} bytes of the control file, 32 lines of 64 bytes.
 * All fields are little-endian. Lines 7-8 are {@link HeaderStatisticsFlyweight}'s, lines 13-15
 * {@link LinkFlyweight}'s; lines 16-31 are reserved (zero).
 *
 * <pre>
 *  line  offset  width  field                          written by           read with
 *  0     0       8      magic "FRAMEBUS"               creator, last        acquire
 *        8       4 s32  layout version                 creator              plain (before magic)
 *        12      4 s32  slot count                     creator              plain
 *        16      4 s32  max readers                    creator              plain
 *        20      4 s32  ring capacity                  creator              plain
 *        24      4 s32  hold limit (default)           creator              plain
 *        28      4 s32  backing code                   creator              plain
 *        32      8 s64  slot size                      creator              plain
 *        40      8 s64  slot stride                    creator              plain
 *        48      8 s64  page size                      creator              plain
 *        56      8 s64  control file size              creator              plain
 *  1     64      8 s64  data file size                 creator              plain
 *        72      8 s64  data file inode                creator              plain
 *        80      8 s64  data file device (st_dev)      creator              plain
 *        88      8 s64  created, ms since the epoch    creator              plain
 *        96      8 s64  creator pid                    creator              plain
 *        104     4 s32  file mode bits asked for       creator              plain
 *        108     4 s32  name length in bytes           creator              plain
 *  2     128     64     channel name, UTF-8            creator              plain
 *  3     192     8 s64  writer pid                     each writer          volatile
 *        200     8 s64  writer start time              each writer          volatile
 *        208     8 s64  writer generation              each writer          volatile
 *        216     4 s32  channel state                  writer               volatile
 *        224     8 s64  writer's pid namespace (inode of /proc/self/ns/pid)  volatile
 *  4     256     8 s64  published sequence             writer               volatile / acquire
 *  5     320     4 s32  reader futex word              writer bumps         futex
 *  6     384     4 s32  writer futex word              readers bump         futex
 *        392     8      writer-sleeping bit            writer               volatile
 *  7-8   448     128    statistics                     see HeaderStatisticsFlyweight
 *  9-10  576     128    writer note, UTF-8, zero-terminated (at most 127 bytes of text)
 *  11-12 704     128    reader-sleeping bitmap: bit r of long r/64 set while row r sleeps
 *  13-15 832     192    link: where a bridged channel's frames come from, see LinkFlyweight
 *  16-31 1024    1024   reserved, zero
 * </pre>
 *
 * <p>A stateless flyweight: it keeps no position, so any thread may use it. It wraps either the live
 * mapping or a private copy of the header (for validation, see {@link HeaderCheck}).
 */
public final class HeaderFlyweight {
    /** Bytes of the header. */
    public static final int HEADER_SIZE = 2048;
    /** Bytes reserved for the channel name. */
    public static final int NAME_MAX_BYTES = 64;
    /** Bytes reserved for the writer note, terminator included: at most 127 bytes of text. */
    public static final int NOTE_MAX_BYTES = 128;

    static final int MAGIC = 0;
    static final int VERSION = 8;
    static final int SLOT_COUNT = 12;
    static final int MAX_READERS = 16;
    static final int RING_CAPACITY = 20;
    static final int HOLD_LIMIT = 24;
    static final int BACKING = 28;
    static final int SLOT_SIZE = 32;
    static final int SLOT_STRIDE = 40;
    static final int PAGE_SIZE = 48;
    static final int CONTROL_SIZE = 56;
    static final int DATA_SIZE = 64;
    static final int DATA_INODE = 72;
    static final int DATA_DEVICE = 80;
    static final int CREATED_MILLIS = 88;
    static final int CREATOR_PID = 96;
    static final int FILE_MODE = 104;
    static final int NAME_LENGTH = 108;
    static final int NAME = 128;
    static final int WRITER_PID = 192;
    static final int WRITER_START_TIME = 200;
    static final int GENERATION = 208;
    static final int STATE = 216;
    static final int WRITER_PID_NAMESPACE = 224;
    static final int PUBLISHED = 256;
    static final int READER_FUTEX = 320;
    static final int WRITER_FUTEX = 384;
    static final int WRITER_SLEEPING = 392;
    static final int NOTE = 576;
    static final int READER_SLEEPERS = 704;

    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private final MemorySegment segment;

    /**
     * Wraps the header at the start of {@code segment}.
     *
     * @param segment the mapping, or a copy of at least {@value #HEADER_SIZE} bytes
     */
    public HeaderFlyweight(MemorySegment segment) {
        this.segment = requireHeader(segment);
    }

    /** Checks that {@code segment} can hold a header, for this flyweight and the other header flyweights. */
    static MemorySegment requireHeader(MemorySegment segment) {
        if (segment.byteSize() < HEADER_SIZE) {
            throw new IllegalArgumentException("a header needs " + HEADER_SIZE + " bytes, got " + segment.byteSize());
        }
        return segment;
    }

    /**
     * The identity of a new channel's files, written once by its creator.
     *
     * @param holdLimit     the default hold limit per reader
     * @param backingCode   the backing's code
     * @param fileMode      the control file's permission bits
     * @param name          the channel name (valid, at most {@value #NAME_MAX_BYTES} bytes of UTF-8)
     * @param dataInode     the data file's inode number
     * @param dataDevice    the data file's device ({@code st_dev})
     * @param createdMillis creation time, ms since the epoch
     * @param creatorPid    the creating process
     */
    public record Creation(int holdLimit, int backingCode, int fileMode, String name, long dataInode,
                           long dataDevice, long createdMillis, long creatorPid) {
    }

    /**
     * Writes the geometry and identity fields of a new channel; {@link #seal()} writes the magic last.
     *
     * @param layout   the geometry
     * @param creation who created the channel, and its data file
     */
    public void writeGeometry(ChannelLayout layout, Creation creation) {
        segment.set(ValueLayout.JAVA_INT, VERSION, ChannelLayout.VERSION);
        segment.set(ValueLayout.JAVA_INT, SLOT_COUNT, layout.slotCount());
        segment.set(ValueLayout.JAVA_INT, MAX_READERS, layout.maxReaders());
        segment.set(ValueLayout.JAVA_INT, RING_CAPACITY, layout.ringCapacity());
        segment.set(ValueLayout.JAVA_INT, HOLD_LIMIT, creation.holdLimit());
        segment.set(ValueLayout.JAVA_INT, BACKING, creation.backingCode());
        segment.set(ValueLayout.JAVA_LONG, SLOT_SIZE, layout.slotSize());
        segment.set(ValueLayout.JAVA_LONG, SLOT_STRIDE, layout.slotStride());
        segment.set(ValueLayout.JAVA_LONG, PAGE_SIZE, layout.pageSize());
        segment.set(ValueLayout.JAVA_LONG, CONTROL_SIZE, layout.controlSize());
        segment.set(ValueLayout.JAVA_LONG, DATA_SIZE, layout.dataSize());
        bindDataFile(creation.dataInode(), creation.dataDevice());
        segment.set(ValueLayout.JAVA_LONG, CREATED_MILLIS, creation.createdMillis());
        segment.set(ValueLayout.JAVA_LONG, CREATOR_PID, creation.creatorPid());
        segment.set(ValueLayout.JAVA_INT, FILE_MODE, creation.fileMode());
        byte[] bytes = creation.name().getBytes(StandardCharsets.UTF_8);
        segment.set(ValueLayout.JAVA_INT, NAME_LENGTH, bytes.length);
        MemorySegment.copy(bytes, 0, segment, ValueLayout.JAVA_BYTE, NAME, bytes.length);
    }

    /** Publishes the header with a release store of the magic: readers accept the file only once it is there. */
    public void seal() {
        LONG.setRelease(segment, (long) MAGIC, ChannelLayout.MAGIC);
    }

    /**
     * The magic (acquire load).
     *
     * @return the magic, 0 while a creator is still writing the header
     */
    public long magic() {
        return (long) LONG.getAcquire(segment, (long) MAGIC);
    }

    /** @return the layout version */
    public int version() {
        return segment.get(ValueLayout.JAVA_INT, VERSION);
    }

    /** @return the slot count as stored (unvalidated) */
    public int slotCount() {
        return segment.get(ValueLayout.JAVA_INT, SLOT_COUNT);
    }

    /** @return the reader-row count as stored (unvalidated) */
    public int maxReaders() {
        return segment.get(ValueLayout.JAVA_INT, MAX_READERS);
    }

    /** @return the ring capacity as stored (unvalidated) */
    public int ringCapacity() {
        return segment.get(ValueLayout.JAVA_INT, RING_CAPACITY);
    }

    /** @return the default hold limit as stored (unvalidated) */
    public int holdLimit() {
        return segment.get(ValueLayout.JAVA_INT, HOLD_LIMIT);
    }

    /** @return the backing code as stored (unvalidated) */
    public int backingCode() {
        return segment.get(ValueLayout.JAVA_INT, BACKING);
    }

    /** @return the slot size as stored (unvalidated) */
    public long slotSize() {
        return segment.get(ValueLayout.JAVA_LONG, SLOT_SIZE);
    }

    /** @return the slot stride as stored (unvalidated) */
    public long slotStride() {
        return segment.get(ValueLayout.JAVA_LONG, SLOT_STRIDE);
    }

    /** @return the page size as stored (unvalidated) */
    public long pageSize() {
        return segment.get(ValueLayout.JAVA_LONG, PAGE_SIZE);
    }

    /** @return the control file size as stored (unvalidated) */
    public long controlSize() {
        return segment.get(ValueLayout.JAVA_LONG, CONTROL_SIZE);
    }

    /** @return the data file size as stored (unvalidated) */
    public long dataSize() {
        return segment.get(ValueLayout.JAVA_LONG, DATA_SIZE);
    }

    /** @return the data file's inode number as stored: the data file readers must find */
    public long dataInode() {
        return segment.get(ValueLayout.JAVA_LONG, DATA_INODE);
    }

    /** @return the data file's device as stored */
    public long dataDevice() {
        return segment.get(ValueLayout.JAVA_LONG, DATA_DEVICE);
    }

    /**
     * Records which file holds the slots: readers accept only that data file.
     *
     * @param inode  the data file's inode number
     * @param device the data file's device ({@code st_dev})
     */
    public void bindDataFile(long inode, long device) {
        segment.set(ValueLayout.JAVA_LONG, DATA_INODE, inode);
        segment.set(ValueLayout.JAVA_LONG, DATA_DEVICE, device);
    }

    /** @return the permission bits the creator asked for */
    public int fileMode() {
        return segment.get(ValueLayout.JAVA_INT, FILE_MODE);
    }

    /** @return the creation time, ms since the epoch */
    public long createdMillis() {
        return segment.get(ValueLayout.JAVA_LONG, CREATED_MILLIS);
    }

    /** @return the name length as stored (unvalidated) */
    public int nameLength() {
        return segment.get(ValueLayout.JAVA_INT, NAME_LENGTH);
    }

    /**
     * The raw name bytes.
     *
     * @param length bytes to read, already checked to be within 1..{@value #NAME_MAX_BYTES}
     * @return a new array with the name's bytes
     */
    public byte[] nameBytes(int length) {
        byte[] bytes = new byte[length];
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, NAME, bytes, 0, length);
        return bytes;
    }

    /** @return the channel state code ({@link ChannelLayout#STATE_OPEN} ...) */
    public int state() {
        return (int) INT.getVolatile(segment, (long) STATE);
    }

    /** @param state the new channel state code */
    public void setState(int state) {
        INT.setVolatile(segment, (long) STATE, state);
    }

    /**
     * Records who the writer is.
     *
     * @param pid          the writer's pid
     * @param startTime    its start time (field 22 of {@code /proc/PID/stat})
     * @param generation   1 for the creator, one more for each takeover
     * @param pidNamespace the inode of its {@code /proc/self/ns/pid}, 0 if unknown
     */
    public void writeWriterIdentity(long pid, long startTime, long generation, long pidNamespace) {
        LONG.setVolatile(segment, (long) WRITER_PID, pid);
        LONG.setVolatile(segment, (long) WRITER_START_TIME, startTime);
        LONG.setVolatile(segment, (long) WRITER_PID_NAMESPACE, pidNamespace);
        LONG.setVolatile(segment, (long) GENERATION, generation);
    }

    /** @return the last writer's pid (in its own PID namespace) */
    public long writerPid() {
        return (long) LONG.getVolatile(segment, (long) WRITER_PID);
    }

    /** @return the last writer's start time */
    public long writerStartTime() {
        return (long) LONG.getVolatile(segment, (long) WRITER_START_TIME);
    }

    /** @return the inode of the last writer's PID namespace, 0 if unknown */
    public long writerPidNamespace() {
        return (long) LONG.getVolatile(segment, (long) WRITER_PID_NAMESPACE);
    }

    /** @return the last writer's generation */
    public long generation() {
        return (long) LONG.getVolatile(segment, (long) GENERATION);
    }

    /**
     * The last published sequence (acquire load).
     *
     * @return the last published sequence, 0 before the first frame
     */
    public long published() {
        return (long) LONG.getAcquire(segment, (long) PUBLISHED);
    }

    /**
     * Publishes {@code sequence} with a volatile store, ordered before the writer's following load of
     * the sleeper bitmap (the Dekker pairing with a reader setting its sleeper bit).
     *
     * @param sequence the sequence just announced
     */
    public void publish(long sequence) {
        LONG.setVolatile(segment, (long) PUBLISHED, sequence);
    }

    /** @return the 4-byte futex word readers sleep on; the writer bumps it and wakes them */
    public MemorySegment readerFutexWord() {
        return segment.asSlice(READER_FUTEX, 4);
    }

    /**
     * The reader-sleeping bitmap.
     *
     * @param maxReaders the validated reader-row count
     * @return the bitmap, {@code (maxReaders + 63) / 64} longs
     */
    public MemorySegment readerSleepers(int maxReaders) {
        return segment.asSlice(READER_SLEEPERS, 8L * ((maxReaders + 63) / 64));
    }

    /** @return the 4-byte futex word the writer sleeps on; readers bump it after a release */
    public MemorySegment writerFutexWord() {
        return segment.asSlice(WRITER_FUTEX, 4);
    }

    /** @return the 8-byte word whose bit 0 is set while the writer sleeps */
    public MemorySegment writerSleepers() {
        return segment.asSlice(WRITER_SLEEPING, 8);
    }

    /**
     * Stores the writer's note, cut to {@value #NOTE_MAX_BYTES} - 1 bytes of UTF-8 and zero-terminated.
     *
     * @param note the text
     */
    public void writeNote(String note) {
        Utf8Field.write(segment, NOTE, NOTE_MAX_BYTES, note);
    }

    /** @return the writer's note, up to its terminator (or the field's end), as raw text */
    public String note() {
        return Utf8Field.read(segment, NOTE, NOTE_MAX_BYTES);
    }
}
