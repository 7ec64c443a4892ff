package io.framebus.internal;

import io.framebus.ReaderMode;
import io.framebus.layout.ChannelLayout;
import io.framebus.layout.ControlRegion;

/**
 * The writer's side of the hold protocol: picks the slot to write next and reserves it.
 *
 * <p>It prefers the slot holding the oldest frame, so the newest frames stay readable. A slot may be
 * reused only when (a) no reader row holds it and (b) every live {@link ReaderMode#LOSSLESS} reader
 * has already taken its frame (its cursor is past the frame's sequence). Reservation stores
 * {@link ChannelLayout#SLOT_CLAIMED} into the slot's sequence and then checks (a) and (b) again:
 * together with the reader's "store hold, then re-read sequence", one side always sees the other.
 *
 * <p>Writer-thread only. Allocation-free.
 */
public final class SlotRecycler {
    private final ControlRegion control;
    private final ChannelLayout layout;
    /** Slots not currently claimed, empty ones first, then by ascending frame sequence. */
    private final int[] order;
    private int count;
    /** The sequence of the frame in each slot, as this writer last wrote it. */
    private final long[] sequenceOf;

    /** Builds the order from the slot table (a new channel, or one taken over from a dead writer). */
    public SlotRecycler(ControlRegion control) {
        this.control = control;
        this.layout = control.layout();
        this.order = new int[layout.slotCount()];
        this.sequenceOf = new long[layout.slotCount()];
        for (int slot = 0; slot < layout.slotCount(); slot++) {
            long sequence = control.slotSequence(slot);
            sequenceOf[slot] = sequence > 0 ? sequence : ChannelLayout.SLOT_EMPTY;
            int i = count++;
            while (i > 0 && sequenceOf[order[i - 1]] > sequenceOf[slot]) {
                order[i] = order[i - 1];
                i--;
            }
            order[i] = slot;
        }
    }

    /**
     * Reserves the oldest slot nobody needs for the frame {@code nextSequence}.
     *
     * @return the slot, now marked claimed, or -1 if every slot is held or still needed
     */
    public int tryReserve(long nextSequence) {
        long minCursor = minLosslessCursor();
        if (nextSequence - layout.ringCapacity() >= minCursor) {
            return -1; // announcing it would overwrite a ring entry a lossless reader has not read
        }
        for (int i = 0; i < count; i++) {
            int slot = order[i];
            long sequence = sequenceOf[slot];
            if (sequence != ChannelLayout.SLOT_EMPTY && sequence >= minCursor) {
                return -1; // this and every newer slot is still needed by a lossless reader
            }
            if (isHeld(slot)) {
                continue;
            }
            control.setSlotSequence(slot, ChannelLayout.SLOT_CLAIMED);
            if (isHeld(slot) || (sequence != ChannelLayout.SLOT_EMPTY && sequence >= minLosslessCursor())) {
                control.setSlotSequence(slot, sequence); // a reader got there first; the content is untouched
                continue;
            }
            System.arraycopy(order, i + 1, order, i, count - i - 1);
            count--;
            return slot;
        }
        return -1;
    }

    /** Records that {@code slot} now holds frame {@code sequence} (the newest). */
    public void published(int slot, long sequence) {
        sequenceOf[slot] = sequence;
        order[count++] = slot;
    }

    /** Returns a reserved slot unwritten: it is empty and goes to the front. */
    public void aborted(int slot) {
        sequenceOf[slot] = ChannelLayout.SLOT_EMPTY;
        control.setSlotSequence(slot, ChannelLayout.SLOT_EMPTY);
        System.arraycopy(order, 0, order, 1, count);
        order[0] = slot;
        count++;
    }

    /** True when any reader row holds {@code slot} (or is about to validate a hold on it). */
    public boolean isHeld(int slot) {
        for (int row = 0; row < layout.maxReaders(); row++) {
            if (control.hold(row, slot) != 0) {
                return true;
            }
        }
        return false;
    }

    /** The smallest cursor of the active lossless readers, or {@link Long#MAX_VALUE} if there are none. */
    public long minLosslessCursor() {
        long min = Long.MAX_VALUE;
        for (int row = 0; row < layout.maxReaders(); row++) {
            if (control.rowState(row) == ChannelLayout.ROW_ACTIVE && control.rowMode(row) == ReaderMode.LOSSLESS.code()) {
                min = Math.min(min, control.cursor(row));
            }
        }
        return min;
    }
}
