package io.framebus.layout;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

/**
 * The channel header: the first {@value #HEADER_SIZE} bytes of the file, 16 lines of 64 bytes.
 * All fields are little-endian (the byte order of the only supported platform, Linux x86-64).
 *
 * <pre>
 *  line  offset  width  field                     written by           read with
 *  0     0       8      magic "FRAMEBUS"          creator, last        acquire
 *        8       4 s32  layout version            creator              plain (before magic)
 *        12      4 s32  slot count                creator              plain
 *        16      4 s32  max readers               creator              plain
 *        20      4 s32  ring capacity             creator              plain
 *        24      4 s32  hold limit (default)      creator              plain
 *        32      8 s64  slot size                 creator              plain
 *        40      8 s64  slot stride               creator              plain
 *        48      8 s64  page size                 creator              plain
 *        56      8 s64  file size                 creator              plain
 *  1     64      4 s32  backing code              creator              plain
 *        68      4 s32  file mode bits            creator              plain
 *        72      8 s64  data offset               creator              plain
 *        80      8 s64  created, ms since epoch   creator              plain
 *        88      8 s64  creator pid               creator              plain
 *        96      8 s64  control size              creator              plain
 *        104     4 s32  name length in bytes      creator              plain
 *  2     128     64     channel name, UTF-8       creator              plain
 *  3     192     8 s64  writer pid                each writer          volatile
 *        200     8 s64  writer start time         each writer          volatile
 *        208     8 s64  writer generation         each writer          volatile
 *        216     4 s32  channel state             writer               volatile
 *  4     256     8 s64  published sequence        writer               volatile / acquire
 *  5     320     4 s32  reader futex word         writer bumps         futex
 *  6     384     4 s32  writer futex word         readers bump         futex
 *        392     8      writer-sleeping bit       writer               volatile
 *  7     448     8 s64  reclaimed readers         reclaimers           volatile
 *        456     8 s64  reclaimed holds           reclaimers           volatile
 *        464     8 s64  last reclaim, nanoTime    reclaimers           volatile
 *        472     8 s64  writer restarts           each writer          volatile
 *  8     512     8 s64  obtained page size        each writer          volatile
 *        520     8 s64  huge-mapped bytes         each writer          volatile
 *        528     8 s64  longest writer stall, ns  writer               volatile
 *  9-10  576     128    writer note, UTF-8, zero-terminated (at most 127 bytes of text)
 *  11-12 704     128    reader-sleeping bitmap: bit r of long r/64 set while row r sleeps
 *  13-15 832     192    reserved, zero
 * </pre>
 *
 * <p>The statistics of lines 7 and 8 are read and written through {@link HeaderStatisticsFlyweight};
 * this class covers every other line.
 *
 * <p>A stateless flyweight: it keeps no position, so any thread may use it. It wraps either the
 * live mapping or a private copy of the header (for validation, see {@link HeaderCheck}).
 */
public final class HeaderFlyweight {
    /** Bytes of the header. */
    public static final int HEADER_SIZE = 1024;
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
    static final int SLOT_SIZE = 32;
    static final int SLOT_STRIDE = 40;
    static final int PAGE_SIZE = 48;
    static final int FILE_SIZE = 56;
    static final int BACKING = 64;
    static final int FILE_MODE = 68;
    static final int DATA_OFFSET = 72;
    static final int CREATED_MILLIS = 80;
    static final int CREATOR_PID = 88;
    static final int CONTROL_SIZE = 96;
    static final int NAME_LENGTH = 104;
    static final int NAME = 128;
    static final int WRITER_PID = 192;
    static final int WRITER_START_TIME = 200;
    static final int GENERATION = 208;
    static final int STATE = 216;
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

    /** {@code segment}, checked to be large enough to hold a header. */
    static MemorySegment requireHeader(MemorySegment segment) {
        if (segment.byteSize() < HEADER_SIZE) {
            throw new IllegalArgumentException("a header needs " + HEADER_SIZE + " bytes, got " + segment.byteSize());
        }
        return segment;
    }

    // ------------------------------------------------------------------ geometry, written once by the creator

    /**
     * Writes the geometry and identity fields of a new channel; {@link #seal()} writes the magic last.
     *
     * @param layout        the geometry
     * @param holdLimit     the default hold limit per reader
     * @param backingCode   the backing's code
     * @param fileMode      the file's permission bits
     * @param name          the channel name (valid, at most {@value #NAME_MAX_BYTES} bytes of UTF-8)
     * @param createdMillis creation time, ms since the epoch
     * @param creatorPid    the creating process
     */
    public void writeGeometry(ChannelLayout layout, int holdLimit, int backingCode, int fileMode, String name,
                              long createdMillis, long creatorPid) {
        segment.set(ValueLayout.JAVA_INT, VERSION, ChannelLayout.VERSION);
        segment.set(ValueLayout.JAVA_INT, SLOT_COUNT, layout.slotCount());
        segment.set(ValueLayout.JAVA_INT, MAX_READERS, layout.maxReaders());
        segment.set(ValueLayout.JAVA_INT, RING_CAPACITY, layout.ringCapacity());
        segment.set(ValueLayout.JAVA_INT, HOLD_LIMIT, holdLimit);
        segment.set(ValueLayout.JAVA_LONG, SLOT_SIZE, layout.slotSize());
        segment.set(ValueLayout.JAVA_LONG, SLOT_STRIDE, layout.slotStride());
        segment.set(ValueLayout.JAVA_LONG, PAGE_SIZE, layout.pageSize());
        segment.set(ValueLayout.JAVA_LONG, FILE_SIZE, layout.fileSize());
        segment.set(ValueLayout.JAVA_INT, BACKING, backingCode);
        segment.set(ValueLayout.JAVA_INT, FILE_MODE, fileMode);
        segment.set(ValueLayout.JAVA_LONG, DATA_OFFSET, layout.dataOffset());
        segment.set(ValueLayout.JAVA_LONG, CREATED_MILLIS, createdMillis);
        segment.set(ValueLayout.JAVA_LONG, CREATOR_PID, creatorPid);
        segment.set(ValueLayout.JAVA_LONG, CONTROL_SIZE, layout.controlSize());
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        segment.set(ValueLayout.JAVA_INT, NAME_LENGTH, bytes.length);
        MemorySegment.copy(bytes, 0, segment, ValueLayout.JAVA_BYTE, NAME, bytes.length);
    }

    /** Publishes the header with a release store of the magic: readers accept the file only once it is there. */
    public void seal() {
        LONG.setRelease(segment, (long) MAGIC, ChannelLayout.MAGIC);
    }

    /** @return the magic (0 while a creator is still writing the header) */
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

    /** @return the file size as stored (unvalidated) */
    public long fileSize() {
        return segment.get(ValueLayout.JAVA_LONG, FILE_SIZE);
    }

    /** @return the backing code as stored (unvalidated) */
    public int backingCode() {
        return segment.get(ValueLayout.JAVA_INT, BACKING);
    }

    /** @return the permission bits the creator asked for */
    public int fileMode() {
        return segment.get(ValueLayout.JAVA_INT, FILE_MODE);
    }

    /** @return the data offset as stored (unvalidated) */
    public long dataOffset() {
        return segment.get(ValueLayout.JAVA_LONG, DATA_OFFSET);
    }

    /** @return the control size as stored (unvalidated) */
    public long controlSize() {
        return segment.get(ValueLayout.JAVA_LONG, CONTROL_SIZE);
    }

    /** @return the name length as stored (unvalidated) */
    public int nameLength() {
        return segment.get(ValueLayout.JAVA_INT, NAME_LENGTH);
    }

    /**
     * @param length bytes to read, already checked to be within 1..{@value #NAME_MAX_BYTES}
     * @return the raw name bytes
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

    // ------------------------------------------------------------------ writer identity

    /**
     * Records who the writer is.
     *
     * @param pid        the writer's pid
     * @param startTime  its start time (field 22 of {@code /proc/PID/stat})
     * @param generation 1 for the creator, one more for each takeover
     */
    public void writeWriterIdentity(long pid, long startTime, long generation) {
        LONG.setVolatile(segment, (long) WRITER_PID, pid);
        LONG.setVolatile(segment, (long) WRITER_START_TIME, startTime);
        LONG.setVolatile(segment, (long) GENERATION, generation);
    }

    /** @return the last writer's pid */
    public long writerPid() {
        return (long) LONG.getVolatile(segment, (long) WRITER_PID);
    }

    /** @return the last writer's start time */
    public long writerStartTime() {
        return (long) LONG.getVolatile(segment, (long) WRITER_START_TIME);
    }

    /** @return the last writer's generation */
    public long generation() {
        return (long) LONG.getVolatile(segment, (long) GENERATION);
    }

    // ------------------------------------------------------------------ the published sequence and the futexes

    /** @return the last published sequence (0 before the first frame), with acquire semantics */
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
     * @param maxReaders the validated reader-row count
     * @return the reader-sleeping bitmap, {@code (maxReaders + 63) / 64} longs
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
        byte[] bytes = note.getBytes(StandardCharsets.UTF_8);
        int length = Math.min(bytes.length, NOTE_MAX_BYTES - 1);
        segment.asSlice(NOTE, NOTE_MAX_BYTES).fill((byte) 0);
        MemorySegment.copy(bytes, 0, segment, ValueLayout.JAVA_BYTE, NOTE, length);
    }

    /** @return the writer's note, up to its terminator (or the field's end) */
    public String note() {
        byte[] bytes = new byte[NOTE_MAX_BYTES];
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, NOTE, bytes, 0, NOTE_MAX_BYTES);
        int length = 0;
        while (length < NOTE_MAX_BYTES && bytes[length] != 0) {
            length++;
        }
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }
}
