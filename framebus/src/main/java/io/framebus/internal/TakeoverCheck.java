package io.framebus.internal;

import io.framebus.ChannelFormatException;
import io.framebus.layout.ChannelLayout;
import io.framebus.layout.ControlRegion;

/**
 * Before a new writer continues a dead writer's channel, it checks the published counter, the ring and
 * the slot table against each other and against the geometry, then repairs what a writer that died at
 * any instruction can leave behind. What no writer can leave behind (a negative or absurd published
 * counter) is refused: the channel must be removed and created again.
 *
 * <ul>
 *   <li>{@code published} must be within 0 .. {@value #MAX_SEQUENCE}.</li>
 *   <li>A slot whose sequence is claimed (-1), negative, or above {@code published} was never published:
 *       it becomes empty.</li>
 *   <li>A ring entry announcing a sequence above {@code published}, a negative one, or one that does not
 *       belong at that index is cleared; so is an entry naming a slot outside the geometry.</li>
 * </ul>
 */
final class TakeoverCheck {
    /** The largest published counter a channel can reach: 2^62, centuries of frames at any rate. */
    static final long MAX_SEQUENCE = 1L << 62;

    private TakeoverCheck() {
    }

    /**
     * @param control the dead writer's control region, mapped
     * @param name    the channel, for messages
     * @return the number of slot and ring entries repaired
     * @throws ChannelFormatException when the state cannot be repaired
     */
    static int validateAndRepair(ControlRegion control, String name) {
        ChannelLayout layout = control.layout();
        long published = control.header().published();
        if (published < 0 || published > MAX_SEQUENCE) {
            throw new ChannelFormatException("channel '" + name + "' has a published counter of " + published
                    + ", which no writer can leave behind: the file is corrupt. Remove it with 'framebus rm "
                    + name + "' and create the channel again.");
        }
        int repaired = 0;
        for (int slot = 0; slot < layout.slotCount(); slot++) {
            long sequence = control.slots().sequence(slot);
            if (sequence < 0 || sequence > published) {
                control.slots().setSequence(slot, ChannelLayout.SLOT_EMPTY); // claimed but never published
                repaired++;
            }
        }
        for (int index = 0; index < layout.ringCapacity(); index++) {
            long sequence = control.ring().sequence(index);
            int slot = control.ring().slot(index);
            boolean valid = sequence == 0 || (sequence > 0 && sequence <= published
                    && ((int) sequence & layout.ringMask()) == index && slot >= 0 && slot < layout.slotCount());
            if (!valid) {
                control.ring().announce(index, 0, 0);
                repaired++;
            }
        }
        return repaired;
    }
}
