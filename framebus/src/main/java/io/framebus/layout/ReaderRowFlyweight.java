package io.framebus.layout;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * The reader table: {@code maxReaders} rows of {@link ChannelLayout#readerRowSize()} bytes at
 * {@link ChannelLayout#readerRow(int)}. Each reader owns one row, found by taking the row's liveness
 * lock ({@link ChannelLayout#readerLockByte(int)}); the writer and reclaimers read every row.
 *
 * <pre>
 *  line  offset  width  field
 *  0     0       4 s32  state: 0 free, 1 active (volatile)
 *        4       4 s32  mode: 1 latest, 2 lossless (a separate 4-byte field: an 8-byte store at 0 would wipe it);
 *                       the writer changes 2 to 1 when it demotes a stalled lossless reader
 *        8       4 s32  hold limit
 *        16      8 s64  pid (in the reader's own PID namespace)
 *        24      8 s64  process start time (field 22 of /proc/PID/stat, clock ticks since boot)
 *        32      8 s64  attach time, System.nanoTime
 *        40      8 s64  PID namespace: inode of the reader's /proc/self/ns/pid, 0 if unknown
 *        48      8 s64  stall budget, ns: how long a lossless reader may hold the writer back (0 = forever)
 *        56      8 s64  demoted at: the writer's cursor for this row when it demoted it (0 = never demoted)
 *  1     64      8 s64  cursor: the next sequence this reader will take (volatile; the writer reads it)
 *  2     128     8 s64  frames received (opaque, for inspect)
 *        136     8 s64  frames skipped (LATEST)
 *        144     8 s64  frames lost (LOSSLESS; and the frames missed when demoted)
 *        152     8 s64  last contact, System.nanoTime: when a reader that forwards frames (a bridge) last heard
 *                       from its far end; 0 = not such a reader
 *  3     192     64     label, UTF-8, zero-terminated (at most 63 bytes): what the reader is, for inspect
 *  4+    256     8 x slotCount  hold[k]: the sequence this reader holds in slot k, or 0 (volatile)
 * </pre>
 *
 * <p>Stateless: any thread may use it.
 */
public final class ReaderRowFlyweight {
    static final int STATE = 0;
    static final int MODE = 4;
    static final int HOLD_LIMIT = 8;
    static final int PID = 16;
    static final int START_TIME = 24;
    static final int ATTACH_NANOS = 32;
    static final int PID_NAMESPACE = 40;
    static final int STALL_BUDGET = 48;
    static final int DEMOTED_AT = 56;
    static final int CURSOR = 64;
    static final int RECEIVED = 128;
    static final int SKIPPED = 136;
    static final int LOST = 144;
    static final int LAST_CONTACT = 152;
    static final int LABEL = 192;
    static final int HOLDS = 256;
    /** Bytes of the label field, terminator included. */
    public static final int LABEL_BYTES = 64;

    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private final MemorySegment segment;
    private final ChannelLayout layout;

    /**
     * @param segment the control region
     * @param layout  its validated geometry
     */
    public ReaderRowFlyweight(MemorySegment segment, ChannelLayout layout) {
        this.segment = segment;
        this.layout = layout;
    }

    /**
     * @param slot a slot index
     * @return the offset of {@code hold[slot]} within a row
     */
    static long holdOffset(int slot) {
        return HOLDS + 8L * slot;
    }

    /**
     * @param row a row index within the geometry
     * @return {@link ChannelLayout#ROW_FREE} or {@link ChannelLayout#ROW_ACTIVE} (or garbage)
     */
    public int state(int row) {
        return (int) INT.getVolatile(segment, layout.readerRow(row) + STATE);
    }

    /**
     * @param row   a row index within the geometry
     * @param state the new state
     */
    public void setState(int row, int state) {
        INT.setVolatile(segment, layout.readerRow(row) + STATE, state);
    }

    /**
     * @param row a row index within the geometry
     * @return the reader's mode code
     */
    public int mode(int row) {
        return (int) INT.getVolatile(segment, layout.readerRow(row) + MODE);
    }

    /**
     * @param row a row index within the geometry
     * @return the reader's hold limit
     */
    public int holdLimit(int row) {
        return (int) INT.getVolatile(segment, layout.readerRow(row) + HOLD_LIMIT);
    }

    /**
     * @param row a row index within the geometry
     * @return the reader's pid
     */
    public long pid(int row) {
        return (long) LONG.getVolatile(segment, layout.readerRow(row) + PID);
    }

    /**
     * @param row a row index within the geometry
     * @return the reader's process start time
     */
    public long startTime(int row) {
        return (long) LONG.getVolatile(segment, layout.readerRow(row) + START_TIME);
    }

    /**
     * @param row a row index within the geometry
     * @return when the reader attached ({@link System#nanoTime()})
     */
    public long attachNanos(int row) {
        return (long) LONG.getVolatile(segment, layout.readerRow(row) + ATTACH_NANOS);
    }

    /**
     * Who a reader is, as its row records it when it attaches.
     *
     * @param mode             the mode code
     * @param holdLimit        the reader's hold limit
     * @param pid              its pid
     * @param startTime        its process start time
     * @param pidNamespace     the inode of its PID namespace, 0 if unknown
     * @param attachNanos      when it attached ({@link System#nanoTime()})
     * @param stallBudgetNanos how long a lossless reader may hold the writer back, 0 for no limit
     * @param label            what the reader is, for {@code inspect} (at most 63 bytes of UTF-8 are kept)
     */
    public record Identity(int mode, int holdLimit, long pid, long startTime, long pidNamespace, long attachNanos,
                           long stallBudgetNanos, String label) {
    }

    /**
     * Initialises a row the caller has just locked: zeroes it, then stores identity and mode. The state
     * stays {@link ChannelLayout#ROW_FREE} until the cursor is stored.
     *
     * @param row a row index within the geometry
     * @param who the reader
     */
    public void init(int row, Identity who) {
        long base = layout.readerRow(row);
        segment.asSlice(base, layout.readerRowSize()).fill((byte) 0);
        Utf8Field.write(segment, base + LABEL, LABEL_BYTES, who.label());
        INT.setVolatile(segment, base + MODE, who.mode());
        INT.setVolatile(segment, base + HOLD_LIMIT, who.holdLimit());
        LONG.setVolatile(segment, base + PID, who.pid());
        LONG.setVolatile(segment, base + START_TIME, who.startTime());
        LONG.setVolatile(segment, base + PID_NAMESPACE, who.pidNamespace());
        LONG.setVolatile(segment, base + ATTACH_NANOS, who.attachNanos());
        LONG.setVolatile(segment, base + STALL_BUDGET, who.stallBudgetNanos());
    }

    /**
     * @param row a row index within the geometry
     * @return the inode of the reader's PID namespace, 0 if unknown
     */
    public long pidNamespace(int row) {
        return (long) LONG.getVolatile(segment, layout.readerRow(row) + PID_NAMESPACE);
    }

    /**
     * @param row a row index within the geometry
     * @return how long the lossless reader may hold the writer back, in nanoseconds; 0 for no limit
     */
    public long stallBudgetNanos(int row) {
        return (long) LONG.getVolatile(segment, layout.readerRow(row) + STALL_BUDGET);
    }

    /**
     * Demotes a lossless reader to latest, if it still is lossless: the writer does this when the reader
     * held it back for longer than the reader's stall budget. Writer only.
     *
     * @param row      a row index within the geometry
     * @param lossless the lossless mode code
     * @param latest   the latest mode code
     * @param cursorAt the reader's cursor when demoted (at least 1)
     * @return true when this call demoted the row
     */
    public boolean demote(int row, int lossless, int latest, long cursorAt) {
        long base = layout.readerRow(row);
        LONG.setVolatile(segment, base + DEMOTED_AT, Math.max(1, cursorAt));
        return INT.compareAndSet(segment, base + MODE, lossless, latest);
    }

    /**
     * @param row a row index within the geometry
     * @return the reader's cursor when the writer demoted it, 0 if it never did
     */
    public long demotedAt(int row) {
        return (long) LONG.getVolatile(segment, layout.readerRow(row) + DEMOTED_AT);
    }

    /**
     * Records when a reader that forwards frames last heard from its far end.
     *
     * @param row   a row index within the geometry
     * @param nanos {@link System#nanoTime()}
     */
    public void setLastContact(int row, long nanos) {
        LONG.setOpaque(segment, layout.readerRow(row) + LAST_CONTACT, nanos);
    }

    /**
     * @param row a row index within the geometry
     * @return when the reader last heard from its far end, 0 if it does not forward frames
     */
    public long lastContact(int row) {
        return (long) LONG.getOpaque(segment, layout.readerRow(row) + LAST_CONTACT);
    }

    /**
     * @param row a row index within the geometry
     * @return the reader's label, as raw text
     */
    public String label(int row) {
        return Utf8Field.read(segment, layout.readerRow(row) + LABEL, LABEL_BYTES);
    }

    /**
     * @param row a row index within the geometry
     * @return the next sequence the reader will take (volatile)
     */
    public long cursor(int row) {
        return (long) LONG.getVolatile(segment, layout.readerRow(row) + CURSOR);
    }

    /**
     * Volatile store of the cursor: the writer's reservation of a slot re-reads it (lossless readers).
     *
     * @param row    a row index within the geometry
     * @param cursor the next sequence
     */
    public void setCursor(int row, long cursor) {
        LONG.setVolatile(segment, layout.readerRow(row) + CURSOR, cursor);
    }

    /**
     * Release store of the cursor, for LATEST readers, whose cursor only informs {@code inspect}.
     *
     * @param row    a row index within the geometry
     * @param cursor the next sequence
     */
    public void setCursorRelease(int row, long cursor) {
        LONG.setRelease(segment, layout.readerRow(row) + CURSOR, cursor);
    }

    /**
     * @param row  a row index within the geometry
     * @param slot a slot index within the geometry
     * @return the sequence the row holds in the slot, or 0 (volatile)
     */
    public long hold(int row, int slot) {
        return (long) LONG.getVolatile(segment, layout.readerRow(row) + holdOffset(slot));
    }

    /**
     * @param row      a row index within the geometry
     * @param slot     a slot index within the geometry
     * @param sequence the sequence held, or 0 to drop the hold (volatile)
     */
    public void setHold(int row, int slot, long sequence) {
        LONG.setVolatile(segment, layout.readerRow(row) + holdOffset(slot), sequence);
    }

    /**
     * Publishes the reader's counters for {@code inspect} with opaque stores (no ordering cost).
     *
     * @param row      a row index within the geometry
     * @param received frames taken
     * @param skipped  frames skipped
     * @param lost     frames lost
     */
    public void setStats(int row, long received, long skipped, long lost) {
        long base = layout.readerRow(row);
        LONG.setOpaque(segment, base + RECEIVED, received);
        LONG.setOpaque(segment, base + SKIPPED, skipped);
        LONG.setOpaque(segment, base + LOST, lost);
    }

    /**
     * @param row a row index within the geometry
     * @return frames the reader took
     */
    public long received(int row) {
        return (long) LONG.getOpaque(segment, layout.readerRow(row) + RECEIVED);
    }

    /**
     * @param row a row index within the geometry
     * @return frames the reader skipped
     */
    public long skipped(int row) {
        return (long) LONG.getOpaque(segment, layout.readerRow(row) + SKIPPED);
    }

    /**
     * @param row a row index within the geometry
     * @return frames the reader lost
     */
    public long lost(int row) {
        return (long) LONG.getOpaque(segment, layout.readerRow(row) + LOST);
    }
}
