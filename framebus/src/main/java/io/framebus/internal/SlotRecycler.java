package io.framebus.internal;

import io.framebus.ReaderMode;
import io.framebus.layout.ChannelLayout;
import io.framebus.layout.ControlRegion;
import io.framebus.layout.ReaderRowFlyweight;
import io.framebus.layout.SlotDescriptorFlyweight;

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
    private final SlotDescriptorFlyweight slots;
    private final ReaderRowFlyweight readers;
    private final ChannelLayout layout;
    /** Slots not currently claimed, empty ones first, then by ascending frame sequence. */
    private final int[] order;
    private int count;
    /** The sequence of the frame in each slot, as this writer last wrote it. */
    private final long[] sequenceOf;

    /**
     * Builds the order from the slot table (a new channel, or one taken over from a dead writer).
     *
     * @param control the channel's control region
     */
    public SlotRecycler(ControlRegion control) {
        this.slots = control.slots();
        this.readers = control.readers();
        this.layout = control.layout();
        this.order = new int[layout.slotCount()];
        this.sequenceOf = new long[layout.slotCount()];
        for (int slot = 0; slot < layout.slotCount(); slot++) {
            long sequence = slots.sequence(slot);
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
     * @param nextSequence the sequence the frame will be published with
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
            slots.setSequence(slot, ChannelLayout.SLOT_CLAIMED);
            if (isHeld(slot) || (sequence != ChannelLayout.SLOT_EMPTY && sequence >= minLosslessCursor())) {
                slots.setSequence(slot, sequence); // a reader got there first; the content is untouched
                continue;
            }
            System.arraycopy(order, i + 1, order, i, count - i - 1);
            count--;
            return slot;
        }
        return -1;
    }

    /**
     * Records that {@code slot} now holds frame {@code sequence} (the newest).
     *
     * @param slot     the slot just published
     * @param sequence its frame's sequence
     */
    public void published(int slot, long sequence) {
        sequenceOf[slot] = sequence;
        order[count++] = slot;
    }

    /**
     * Returns a reserved slot unwritten: it is empty and goes to the front.
     *
     * @param slot the reserved slot
     */
    public void aborted(int slot) {
        sequenceOf[slot] = ChannelLayout.SLOT_EMPTY;
        slots.setSequence(slot, ChannelLayout.SLOT_EMPTY);
        System.arraycopy(order, 0, order, 1, count);
        order[0] = slot;
        count++;
    }

    /**
     * @param slot a slot
     * @return true when any reader row holds it (or is about to validate a hold on it)
     */
    public boolean isHeld(int slot) {
        for (int row = 0; row < layout.maxReaders(); row++) {
            if (readers.hold(row, slot) != 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * The smallest cursor of the active lossless readers. A cursor below 1 cannot be a reader's (a reader
     * registers at 1 or later and only moves forward): such a row is corrupt and does not hold the writer
     * back.
     *
     * @return that cursor, or {@link Long#MAX_VALUE} if there are no lossless readers
     */
    public long minLosslessCursor() {
        long min = Long.MAX_VALUE;
        for (int row = 0; row < layout.maxReaders(); row++) {
            if (readers.state(row) == ChannelLayout.ROW_ACTIVE && readers.mode(row) == ReaderMode.LOSSLESS.code()) {
                long cursor = readers.cursor(row);
                if (cursor >= 1) {
                    min = Math.min(min, cursor);
                }
            }
        }
        return min;
    }

    /**
     * The lossless reader furthest behind: the one a waiting writer waits on.
     *
     * @return its row, or -1 when no lossless reader holds the writer back
     */
    public int furthestBehind() {
        long min = Long.MAX_VALUE;
        int found = -1;
        for (int row = 0; row < layout.maxReaders(); row++) {
            if (readers.state(row) == ChannelLayout.ROW_ACTIVE && readers.mode(row) == ReaderMode.LOSSLESS.code()) {
                long cursor = readers.cursor(row);
                if (cursor >= 1 && cursor < min) {
                    min = cursor;
                    found = row;
                }
            }
        }
        return found;
    }
}
