package io.framebus.internal;

import io.framebus.ChannelFormatException;
import io.framebus.ReaderMode;
import io.framebus.layout.ChannelLayout;
import io.framebus.layout.ControlRegion;
import io.framebus.layout.HeaderFlyweight;
import io.framebus.layout.ReaderRowFlyweight;
import io.framebus.layout.RingFlyweight;
import io.framebus.layout.SlotDescriptorFlyweight;

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
    private static final int LOSSLESS_CODE = ReaderMode.LOSSLESS.code();

    private final HeaderFlyweight header;
    private final RingFlyweight ring;
    private final SlotDescriptorFlyweight slots;
    private final ReaderRowFlyweight readers;
    private final ChannelLayout layout;
    private final int row;
    private boolean lossless;
    private boolean demotionUnreported;
    private final int mask;

    private long cursor;
    private long skipped;
    private long lost;
    private int takenSlot = -1;
    private long takenSequence;

    /**
     * @param control     the channel's control region
     * @param row         the reader's row (registered)
     * @param mode        how it reads
     * @param startCursor the cursor {@link #register} returned
     */
    public RingCursor(ControlRegion control, int row, ReaderMode mode, long startCursor) {
        this.header = control.header();
        this.ring = control.ring();
        this.slots = control.slots();
        this.readers = control.readers();
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
     *
     * @param control the channel's control region
     * @param row     the row the caller owns and has initialised
     * @param mode    how the reader reads
     * @return the starting cursor
     */
    public static long register(ControlRegion control, int row, ReaderMode mode) {
        ChannelLayout layout = control.layout();
        HeaderFlyweight header = control.header();
        ReaderRowFlyweight readers = control.readers();
        long start = Math.max(header.published(), 1);
        readers.setCursor(row, start);
        readers.setState(row, ChannelLayout.ROW_ACTIVE);
        if (mode == ReaderMode.LATEST) {
            return start;
        }
        for (int attempt = 0; attempt < REGISTER_ATTEMPTS && start <= header.published(); attempt++) {
            int index = (int) start & layout.ringMask();
            int slot = control.ring().slot(index);
            if (control.ring().sequence(index) == start && slot >= 0 && slot < layout.slotCount()
                    && control.slots().sequence(slot) == start) {
                return start;
            }
            start = Math.max(header.published(), start + 1);
            readers.setCursor(row, start);
        }
        return start;
    }

    /** @return true when a frame at or after the cursor has been published */
    public boolean hasPublished() {
        return header.published() >= cursor;
    }

    /**
     * Tries to take one frame. On success the hold is recorded and validated, and
     * {@link #takenSlot()}/{@link #takenSequence()} say what was taken.
     *
     * @return true when a frame was taken
     */
    public boolean tryTake() {
        if (lossless && readers.mode(row) != LOSSLESS_CODE) {
            demoted();
        }
        long published = header.published();
        if (published < cursor) {
            return false;
        }
        return lossless ? takeNext(published) : takeNewest(published);
    }

    /**
     * The writer demoted this lossless reader to latest (it held the writer back beyond its stall
     * budget): from now on it takes the newest frame, and the frames between its cursor and the newest
     * are lost to it.
     */
    private void demoted() {
        lossless = false;
        demotionUnreported = true;
        long published = header.published();
        if (published >= cursor) {
            lost += published - cursor;
            cursor = published;
        }
    }

    /** @return true while this reader reads every frame; false for latest readers and demoted ones */
    public boolean lossless() {
        return lossless;
    }

    /**
     * Looks for a demotion by the writer and reports it once.
     *
     * @return true the first time it is called after the writer demoted this reader
     */
    public boolean pollDemotion() {
        if (lossless && readers.mode(row) != LOSSLESS_CODE) {
            demoted();
        }
        if (demotionUnreported) {
            demotionUnreported = false;
            return true;
        }
        return false;
    }

    private boolean takeNext(long published) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS && cursor <= published; attempt++) {
            long sequence = cursor;
            int index = (int) sequence & mask;
            long announced = ring.sequence(index);
            int slot = ring.slot(index);
            if (ring.sequence(index) != announced) {
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
            long announced = ring.sequence(index);
            int slot = ring.slot(index);
            if (announced == published && ring.sequence(index) == announced) {
                checkSlot(slot, index);
                if (holdAndValidate(slot, published)) {
                    skipped += published - cursor;
                    cursor = published + 1;
                    readers.setCursorRelease(row, cursor);
                    return true;
                }
            }
            long now = header.published();
            if (now == published) {
                return false; // the newest frame's slot is being recycled; a newer frame follows shortly
            }
            published = now;
        }
        return false;
    }

    private boolean holdAndValidate(int slot, long sequence) {
        if (readers.hold(row, slot) != 0) {
            return false; // we hold this slot already, so it cannot carry a newer frame: a stale read
        }
        readers.setHold(row, slot, sequence);
        if (slots.sequence(slot) == sequence) {
            takenSlot = slot;
            takenSequence = sequence;
            return true;
        }
        readers.setHold(row, slot, 0);
        return false;
    }

    private void moveCursor(long next) {
        cursor = next;
        readers.setCursor(row, next);
    }

    private void checkSlot(int slot, int index) {
        if (slot < 0 || slot >= layout.slotCount()) {
            throw corrupt("ring entry " + index + " names slot " + slot + " but the channel has " + layout.slotCount());
        }
    }

    private static ChannelFormatException corrupt(String what) {
        return new ChannelFormatException("corrupt channel: " + what);
    }

    /**
     * Drops the hold on {@code slot}. Any thread.
     *
     * @param slot a slot this reader holds
     */
    public void release(int slot) {
        readers.setHold(row, slot, 0);
    }

    /** @return the slot of the frame last taken */
    public int takenSlot() {
        return takenSlot;
    }

    /** @return the sequence of the frame last taken */
    public long takenSequence() {
        return takenSequence;
    }

    /** @return the next sequence this reader will take */
    public long cursor() {
        return cursor;
    }

    /** @return frames a LATEST reader skipped to stay on the newest */
    public long skipped() {
        return skipped;
    }

    /** @return frames a LOSSLESS reader could not take (0 unless the ring was corrupted or lapped) */
    public long lost() {
        return lost;
    }
}
