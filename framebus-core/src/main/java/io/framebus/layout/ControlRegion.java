package io.framebus.layout;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

import static io.framebus.layout.ChannelLayout.*;

/**
 * Typed access to the control region of a mapped channel (header, ring, slot table, reader table).
 *
 * <p>A flyweight over the mapping: it holds no state of its own beyond the segment and the
 * layout. Each accessor documents its memory ordering. Plain accessors are used only for fields that
 * are protected by a hold or by the publication order of {@link #publish(long)}.
 *
 * <p>The values read here come from shared memory that another process, or a bug, may have
 * written. Callers must check every index or length they read against the geometry, which comes
 * from the validated header and is kept in {@link ChannelLayout}.
 */
public final class ControlRegion {
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private final MemorySegment segment;
    private final ChannelLayout layout;

    public ControlRegion(MemorySegment segment, ChannelLayout layout) {
        if (segment.byteSize() < layout.controlSize()) {
            throw new IllegalArgumentException("control segment of " + segment.byteSize()
                    + " bytes is smaller than the layout's " + layout.controlSize());
        }
        this.segment = segment;
        this.layout = layout;
    }

    public MemorySegment segment() {
        return segment;
    }

    public ChannelLayout layout() {
        return layout;
    }

    // ------------------------------------------------------------------ header: geometry (creation only)

    /** Writes the geometry and identity fields; the magic is written last by {@link #seal()}. */
    public void writeGeometry(int holdLimit, int backingCode, int fileMode, String name, long createdMillis,
                              long creatorPid) {
        segment.set(ValueLayout.JAVA_INT, H_VERSION, VERSION);
        segment.set(ValueLayout.JAVA_INT, H_SLOT_COUNT, layout.slotCount());
        segment.set(ValueLayout.JAVA_INT, H_MAX_READERS, layout.maxReaders());
        segment.set(ValueLayout.JAVA_INT, H_RING_CAPACITY, layout.ringCapacity());
        segment.set(ValueLayout.JAVA_INT, H_HOLD_LIMIT, holdLimit);
        segment.set(ValueLayout.JAVA_LONG, H_SLOT_SIZE, layout.slotSize());
        segment.set(ValueLayout.JAVA_LONG, H_SLOT_STRIDE, layout.slotStride());
        segment.set(ValueLayout.JAVA_LONG, H_PAGE_SIZE, layout.pageSize());
        segment.set(ValueLayout.JAVA_LONG, H_FILE_SIZE, layout.fileSize());
        segment.set(ValueLayout.JAVA_INT, H_BACKING, backingCode);
        segment.set(ValueLayout.JAVA_INT, H_FILE_MODE, fileMode);
        segment.set(ValueLayout.JAVA_LONG, H_DATA_OFFSET, layout.dataOffset());
        segment.set(ValueLayout.JAVA_LONG, H_CREATED_MILLIS, createdMillis);
        segment.set(ValueLayout.JAVA_LONG, H_CREATOR_PID, creatorPid);
        segment.set(ValueLayout.JAVA_LONG, H_CONTROL_SIZE, layout.controlSize());
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        segment.set(ValueLayout.JAVA_INT, H_NAME_LENGTH, bytes.length);
        MemorySegment.copy(bytes, 0, segment, ValueLayout.JAVA_BYTE, H_NAME, bytes.length);
    }

    /** Publishes the header: readers accept the file only once the magic is there. */
    public void seal() {
        LONG.setRelease(segment, (long) H_MAGIC, MAGIC);
    }

    // ------------------------------------------------------------------ header: writer identity and state

    public void writeWriterIdentity(long pid, long startTime, long generation) {
        LONG.setVolatile(segment, (long) H_WRITER_PID, pid);
        LONG.setVolatile(segment, (long) H_WRITER_START_TIME, startTime);
        LONG.setVolatile(segment, (long) H_GENERATION, generation);
    }

    public long writerPid() {
        return (long) LONG.getVolatile(segment, (long) H_WRITER_PID);
    }

    public long writerStartTime() {
        return (long) LONG.getVolatile(segment, (long) H_WRITER_START_TIME);
    }

    public long generation() {
        return (long) LONG.getVolatile(segment, (long) H_GENERATION);
    }

    public int state() {
        return (int) INT.getVolatile(segment, (long) H_STATE);
    }

    public void setState(int state) {
        INT.setVolatile(segment, (long) H_STATE, state);
    }

    public int holdLimit() {
        return segment.get(ValueLayout.JAVA_INT, H_HOLD_LIMIT);
    }

    public int backingCode() {
        return segment.get(ValueLayout.JAVA_INT, H_BACKING);
    }

    public int fileMode() {
        return segment.get(ValueLayout.JAVA_INT, H_FILE_MODE);
    }

    public long createdMillis() {
        return segment.get(ValueLayout.JAVA_LONG, H_CREATED_MILLIS);
    }

    // ------------------------------------------------------------------ header: hot fields

    /** Acquire-load of the last published sequence (0 before the first frame). */
    public long published() {
        return (long) LONG.getAcquire(segment, (long) H_PUBLISHED);
    }

    /**
     * Publishes sequence {@code sequence}. A volatile store: it must be ordered before the writer's
     * following load of the reader waiter count (Dekker with {@link #addReaderWaiters(int)}).
     */
    public void publish(long sequence) {
        LONG.setVolatile(segment, (long) H_PUBLISHED, sequence);
    }

    /** The reader futex word: the writer bumps it and wakes sleepers after a publish or close. */
    public MemorySegment readerFutexWord() {
        return segment.asSlice(H_READER_FUTEX, 4);
    }

    /** One bit per reader row, set while that reader sleeps ({@code (maxReaders + 63) / 64} longs). */
    public MemorySegment readerSleepers() {
        return segment.asSlice(H_READER_SLEEPERS, 8L * ((layout.maxReaders() + 63) / 64));
    }

    /** The writer futex word: readers bump it and wake the writer after a release. */
    public MemorySegment writerFutexWord() {
        return segment.asSlice(H_WRITER_FUTEX, 4);
    }

    /** One bit, set while the writer sleeps waiting for a free slot. */
    public MemorySegment writerSleepers() {
        return segment.asSlice(H_WRITER_SLEEPING, 8);
    }

    // ------------------------------------------------------------------ header: statistics

    public void recordReclaim(long holds, long nanoTime) {
        long ignored = (long) LONG.getAndAdd(segment, (long) H_RECLAIMED_READERS, 1L);
        ignored = (long) LONG.getAndAdd(segment, (long) H_RECLAIMED_HOLDS, holds);
        LONG.setVolatile(segment, (long) H_LAST_RECLAIM_NANOS, nanoTime);
    }

    public long reclaimedReaders() {
        return (long) LONG.getVolatile(segment, (long) H_RECLAIMED_READERS);
    }

    public long reclaimedHolds() {
        return (long) LONG.getVolatile(segment, (long) H_RECLAIMED_HOLDS);
    }

    public long lastReclaimNanos() {
        return (long) LONG.getVolatile(segment, (long) H_LAST_RECLAIM_NANOS);
    }

    public long writerRestarts() {
        return (long) LONG.getVolatile(segment, (long) H_WRITER_RESTARTS);
    }

    public void countWriterRestart() {
        long ignored = (long) LONG.getAndAdd(segment, (long) H_WRITER_RESTARTS, 1L);
    }

    public void writePageReport(long obtainedPageSize, long hugeMappedBytes) {
        LONG.setVolatile(segment, (long) H_OBTAINED_PAGE_SIZE, obtainedPageSize);
        LONG.setVolatile(segment, (long) H_HUGE_MAPPED_BYTES, hugeMappedBytes);
    }

    public long obtainedPageSize() {
        return (long) LONG.getVolatile(segment, (long) H_OBTAINED_PAGE_SIZE);
    }

    public long hugeMappedBytes() {
        return (long) LONG.getVolatile(segment, (long) H_HUGE_MAPPED_BYTES);
    }

    public long maxWriterStallNanos() {
        return (long) LONG.getVolatile(segment, (long) H_MAX_WRITER_STALL_NANOS);
    }

    /** Raises the recorded longest writer stall to {@code nanos} if it is longer. Writer only. */
    public void noteWriterStall(long nanos) {
        if (nanos > maxWriterStallNanos()) {
            LONG.setVolatile(segment, (long) H_MAX_WRITER_STALL_NANOS, nanos);
        }
    }

    public void writeNote(String note) {
        byte[] bytes = note.getBytes(StandardCharsets.UTF_8);
        int length = Math.min(bytes.length, NOTE_MAX_BYTES - 1);
        segment.asSlice(H_NOTE, NOTE_MAX_BYTES).fill((byte) 0);
        MemorySegment.copy(bytes, 0, segment, ValueLayout.JAVA_BYTE, H_NOTE, length);
    }

    public String note() {
        return zeroTerminated(H_NOTE, NOTE_MAX_BYTES);
    }

    private String zeroTerminated(long offset, int max) {
        byte[] bytes = new byte[max];
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, offset, bytes, 0, max);
        int length = 0;
        while (length < max && bytes[length] != 0) {
            length++;
        }
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ ring

    /** Acquire-load of the sequence announced in ring entry {@code index}. */
    public long ringSequence(int index) {
        return (long) LONG.getAcquire(segment, layout.ringEntry(index) + E_SEQUENCE);
    }

    /** Acquire-load of the slot announced in ring entry {@code index} (unchecked: may be anything). */
    public int ringSlot(int index) {
        return (int) INT.getAcquire(segment, layout.ringEntry(index) + E_SLOT);
    }

    /** Announces {@code sequence} in slot {@code slot}: slot first, then the sequence with release. */
    public void announce(int index, int slot, long sequence) {
        long entry = layout.ringEntry(index);
        INT.setRelease(segment, entry + E_SLOT, slot);
        LONG.setRelease(segment, entry + E_SEQUENCE, sequence);
    }

    // ------------------------------------------------------------------ slot table

    /** Volatile load of the sequence of the frame in slot {@code slot}: its generation. */
    public long slotSequence(int slot) {
        return (long) LONG.getVolatile(segment, layout.slotDescriptor(slot) + S_SEQUENCE);
    }

    /** Volatile store of a slot's sequence ({@link ChannelLayout#SLOT_CLAIMED}, empty, or a frame's). */
    public void setSlotSequence(int slot, long sequence) {
        LONG.setVolatile(segment, layout.slotDescriptor(slot) + S_SEQUENCE, sequence);
    }

    public long descriptorLong(int slot, int field) {
        return segment.get(ValueLayout.JAVA_LONG, layout.slotDescriptor(slot) + field);
    }

    public int descriptorInt(int slot, int field) {
        return segment.get(ValueLayout.JAVA_INT, layout.slotDescriptor(slot) + field);
    }

    public void setDescriptorLong(int slot, int field, long value) {
        segment.set(ValueLayout.JAVA_LONG, layout.slotDescriptor(slot) + field, value);
    }

    public void setDescriptorInt(int slot, int field, int value) {
        segment.set(ValueLayout.JAVA_INT, layout.slotDescriptor(slot) + field, value);
    }

    public long shape(int slot, int dim) {
        return segment.get(ValueLayout.JAVA_LONG, layout.slotDescriptor(slot) + S_SHAPE + 8L * dim);
    }

    public void setShape(int slot, int dim, long value) {
        segment.set(ValueLayout.JAVA_LONG, layout.slotDescriptor(slot) + S_SHAPE + 8L * dim, value);
    }

    /** Zeroes a slot's descriptor except its sequence, before the writer fills it in. Allocation-free. */
    public void clearDescriptor(int slot) {
        long base = layout.slotDescriptor(slot);
        for (long offset = S_LENGTH; offset < SLOT_DESCRIPTOR_SIZE; offset += 8) {
            segment.set(ValueLayout.JAVA_LONG, base + offset, 0L);
        }
    }

    // ------------------------------------------------------------------ reader rows

    public int rowState(int row) {
        return (int) INT.getVolatile(segment, layout.readerRow(row) + R_STATE);
    }

    public void setRowState(int row, int state) {
        INT.setVolatile(segment, layout.readerRow(row) + R_STATE, state);
    }

    public int rowMode(int row) {
        return (int) INT.getVolatile(segment, layout.readerRow(row) + R_MODE);
    }

    public int rowHoldLimit(int row) {
        return (int) INT.getVolatile(segment, layout.readerRow(row) + R_HOLD_LIMIT);
    }

    public long rowPid(int row) {
        return (long) LONG.getVolatile(segment, layout.readerRow(row) + R_PID);
    }

    public long rowStartTime(int row) {
        return (long) LONG.getVolatile(segment, layout.readerRow(row) + R_START_TIME);
    }

    public long rowAttachNanos(int row) {
        return (long) LONG.getVolatile(segment, layout.readerRow(row) + R_ATTACH_NANOS);
    }

    /** Initialises a row the caller has just locked: identity, counters, no holds, state still FREE. */
    public void initRow(int row, int mode, int holdLimit, long pid, long startTime, long attachNanos) {
        long base = layout.readerRow(row);
        segment.asSlice(base, layout.readerRowSize()).fill((byte) 0);
        INT.setVolatile(segment, base + R_MODE, mode);
        INT.setVolatile(segment, base + R_HOLD_LIMIT, holdLimit);
        LONG.setVolatile(segment, base + R_PID, pid);
        LONG.setVolatile(segment, base + R_START_TIME, startTime);
        LONG.setVolatile(segment, base + R_ATTACH_NANOS, attachNanos);
    }

    public long cursor(int row) {
        return (long) LONG.getVolatile(segment, layout.readerRow(row) + R_CURSOR);
    }

    /** Volatile store of the reader's cursor (the next sequence it will take). */
    public void setCursor(int row, long cursor) {
        LONG.setVolatile(segment, layout.readerRow(row) + R_CURSOR, cursor);
    }

    /** Release store of the cursor, for LATEST readers whose cursor only informs {@code inspect}. */
    public void setCursorRelease(int row, long cursor) {
        LONG.setRelease(segment, layout.readerRow(row) + R_CURSOR, cursor);
    }

    /** Volatile load of {@code hold[slot]} of reader row {@code row}. */
    public long hold(int row, int slot) {
        return (long) LONG.getVolatile(segment, layout.readerRow(row) + holdOffset(slot));
    }

    /** Volatile store of {@code hold[slot]} of reader row {@code row}. */
    public void setHold(int row, int slot, long sequence) {
        LONG.setVolatile(segment, layout.readerRow(row) + holdOffset(slot), sequence);
    }

    /** Publishes the reader's counters for {@code inspect} (opaque stores: no ordering cost). */
    public void setRowStats(int row, long received, long skipped, long lost) {
        long base = layout.readerRow(row);
        LONG.setOpaque(segment, base + R_RECEIVED, received);
        LONG.setOpaque(segment, base + R_SKIPPED, skipped);
        LONG.setOpaque(segment, base + R_LOST, lost);
    }

    public long rowReceived(int row) {
        return (long) LONG.getOpaque(segment, layout.readerRow(row) + R_RECEIVED);
    }

    public long rowSkipped(int row) {
        return (long) LONG.getOpaque(segment, layout.readerRow(row) + R_SKIPPED);
    }

    public long rowLost(int row) {
        return (long) LONG.getOpaque(segment, layout.readerRow(row) + R_LOST);
    }
}
