package io.framebus.liveness;

import io.framebus.internal.diagnostics.Diagnostics;
import io.framebus.layout.ChannelLayout;
import io.framebus.layout.ControlRegion;
import io.framebus.memory.ChannelFile;
import io.framebus.wait.FutexSignal;

/**
 * Returns the slots of dead readers. A reader row belongs to whoever holds its liveness lock; if
 * nobody does, its owner died and every non-zero {@code hold[k]} in the row is exactly a hold that
 * owner had taken or was about to validate. Taking the lock before touching the row makes reclaim
 * exclusive with a new reader claiming the row, and with other reclaimers in other processes.
 */
public final class Reclaimer {
    private Reclaimer() {
    }

    /** True when the row has anything to reclaim (no syscall). */
    public static boolean looksUsed(ControlRegion control, int row) {
        if (control.readers().state(row) != ChannelLayout.ROW_FREE) {
            return true;
        }
        for (int slot = 0; slot < control.layout().slotCount(); slot++) {
            if (control.readers().hold(row, slot) != 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reclaims row {@code row} if its owner is dead.
     *
     * @return the number of holds released, or -1 if the row's owner is alive (or the row was unused)
     */
    public static int reclaimIfDead(ChannelFile file, ControlRegion control, int row, String channel, long lastSeen) {
        long lockByte = ChannelLayout.readerLockByte(row);
        if (!file.tryLock(lockByte)) {
            return -1;
        }
        try {
            return clearRow(control, row, channel, lastSeen);
        } finally {
            file.unlock(lockByte);
        }
    }

    /**
     * Clears a row whose lock the caller holds. Returns the holds released, or -1 if the row was unused.
     * {@code lastSeen} is when a probe last saw the row's owner alive (0 if none did): the reclaim's
     * report bounds how long the owner was dead with it.
     */
    public static int clearRow(ControlRegion control, int row, String channel, long lastSeen) {
        long pid = control.readers().pid(row);
        long attached = control.readers().attachNanos(row);
        boolean used = control.readers().state(row) != ChannelLayout.ROW_FREE;
        int released = 0;
        for (int slot = 0; slot < control.layout().slotCount(); slot++) {
            if (control.readers().hold(row, slot) != 0) {
                control.readers().setHold(row, slot, 0);
                released++;
            }
        }
        FutexSignal.clearSleeper(control.readerSleepers(), row);
        if (!used && released == 0) {
            return -1;
        }
        control.readers().setState(row, ChannelLayout.ROW_FREE);
        long now = System.nanoTime();
        control.statistics().recordReclaim(released, now);
        Diagnostics.readerReclaimed(channel, row, pid, released, Diagnostics.deadForAtMost(now, attached, lastSeen));
        return released;
    }
}
