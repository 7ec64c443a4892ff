package io.framebus.internal;

import io.framebus.ChannelFormatException;
import io.framebus.ReaderMode;
import io.framebus.layout.ChannelLayout;
import io.framebus.layout.ControlRegion;

/**
 * A reader's side of the hold protocol: finds the next frame to take (the next in order for
 * {@link ReaderMode#LOSSLESS}, the newest for {@link ReaderMode#LATEST}), records the hold in its own
 * row, and only then validates that the slot still holds that frame. A failed validation drops the
 * hold; the frame is never delivered torn.
 *
 * <p>Every slot index read from the ring is checked against the geometry; impossible values raise
 * {@link ChannelFormatException}. All loops are bounded. Reader-thread only. Allocation-free.
 */
public final class RingCursor {
    private static final int MAX_ATTEMPTS = 64;
    private static final int REGISTER_ATTEMPTS = 1_000;

    private final ControlRegion control;
    private final ChannelLayout layout;
    private final int row;
    private final boolean lossless;
    private final int mask;

    private long cursor;
    private long skipped;
    private long lost;
    private int takenSlot = -1;
    private long takenSequence;

    public RingCursor(ControlRegion control, int row, ReaderMode mode, long startCursor) {
        this.control = control;
        this.layout = control.layout();
        this.row = row;
        this.lossless = mode == ReaderMode.LOSSLESS;
        this.mask = layout.ringMask();
        this.cursor = startCursor;
    }

    /**
     * Makes row {@code row} active and returns its starting cursor: the latest published frame (a late
     * joiner starts there). A lossless reader then re-checks that this frame survived its
     * registration: it stored its cursor before re-reading the slot's sequence, and the writer's
     * reservation re-reads the cursors after marking the slot claimed, so one of the two always sees
     * the other.
     */
    public static long register(ControlRegion control, int row, ReaderMode mode) {
        ChannelLayout layout = control.layout();
        long start = Math.max(control.published(), 1);
        control.setCursor(row, start);
        control.setRowState(row, ChannelLayout.ROW_ACTIVE);
        if (mode == ReaderMode.LATEST) {
            return start;
        }
        for (int attempt = 0; attempt < REGISTER_ATTEMPTS && start <= control.published(); attempt++) {
            int index = (int) start & layout.ringMask();
            int slot = control.ringSlot(index);
            if (control.ringSequence(index) == start && slot >= 0 && slot < layout.slotCount()
                    && control.slotSequence(slot) == start) {
                return start;
            }
            start = Math.max(control.published(), start + 1);
            control.setCursor(row, start);
        }
        return start;
    }

    /** True when a frame at or after the cursor has been published. */
    public boolean hasPublished() {
        return control.published() >= cursor;
    }

    /**
     * Tries to take one frame. On success the hold is recorded and validated, and
     * {@link #takenSlot()}/{@link #takenSequence()} say what was taken.
     */
    public boolean tryTake() {
        long published = control.published();
        if (published < cursor) {
            return false;
        }
        return lossless ? takeNext(published) : takeNewest(published);
    }

    private boolean takeNext(long published) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS && cursor <= published; attempt++) {
            long sequence = cursor;
            int index = (int) sequence & mask;
            long announced = control.ringSequence(index);
            int slot = control.ringSlot(index);
            if (control.ringSequence(index) != announced) {
                continue; // the entry changed while we read it
            }
            if (announced != sequence) {
                if (announced < sequence) {
                    throw corrupt("ring entry " + index + " announces sequence " + announced + " but " + published
                            + " is published");
                }
                // Lapped: the ring moved past us. Jump to the oldest entry still in the ring.
                long oldest = Math.max(sequence + 1, published - layout.ringCapacity() + 1);
                lost += oldest - sequence;
                moveCursor(oldest);
                continue;
            }
            checkSlot(slot, index);
            if (holdAndValidate(slot, sequence)) {
                moveCursor(sequence + 1);
                return true;
            }
            lost++;
            moveCursor(sequence + 1);
        }
        return false;
    }

    private boolean takeNewest(long published) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            int index = (int) published & mask;
            long announced = control.ringSequence(index);
            int slot = control.ringSlot(index);
            if (announced == published && control.ringSequence(index) == announced) {
                checkSlot(slot, index);
                if (holdAndValidate(slot, published)) {
                    skipped += published - cursor;
                    cursor = published + 1;
                    control.setCursorRelease(row, cursor);
                    return true;
                }
            }
            long now = control.published();
            if (now == published) {
                return false; // the newest frame's slot is being recycled; a newer frame follows shortly
            }
            published = now;
        }
        return false;
    }

    private boolean holdAndValidate(int slot, long sequence) {
        if (control.hold(row, slot) != 0) {
            return false; // we hold this slot already, so it cannot carry a newer frame: a stale read
        }
        control.setHold(row, slot, sequence);
        if (control.slotSequence(slot) == sequence) {
            takenSlot = slot;
            takenSequence = sequence;
            return true;
        }
        control.setHold(row, slot, 0);
        return false;
    }

    private void moveCursor(long next) {
        cursor = next;
        control.setCursor(row, next);
    }

    private void checkSlot(int slot, int index) {
        if (slot < 0 || slot >= layout.slotCount()) {
            throw corrupt("ring entry " + index + " names slot " + slot + " but the channel has " + layout.slotCount());
        }
    }

    private static ChannelFormatException corrupt(String what) {
        return new ChannelFormatException("corrupt channel: " + what);
    }

    /** Drops the hold on {@code slot}. Any thread. */
    public void release(int slot) {
        control.setHold(row, slot, 0);
    }

    public int takenSlot() {
        return takenSlot;
    }

    public long takenSequence() {
        return takenSequence;
    }

    public long cursor() {
        return cursor;
    }

    /** Frames a LATEST reader skipped to stay on the newest. */
    public long skipped() {
        return skipped;
    }

    /** Frames a LOSSLESS reader could not take (0 unless the ring was corrupted or lapped). */
    public long lost() {
        return lost;
    }
}
