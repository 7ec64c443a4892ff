package io.framebus.internal;

import io.framebus.ReaderMode;
import io.framebus.layout.ChannelLayout;
import io.framebus.layout.ControlRegion;
import io.framebus.layout.ReaderRowFlyweight;

/**
 * The writer's watch over a wait for a slot: which lossless reader it waits on (shown by
 * {@code inspect} while it lasts), and, for a reader that attached with a stall budget, how long that
 * reader has not advanced. A reader that holds the writer back for longer than its budget is demoted
 * to latest: the writer stops waiting for it, and the reader learns of it on its next take. Writer
 * thread only; used on the slow path (a claim that waits), never on the hot path.
 */
public final class StallWatch {
    private final ControlRegion control;
    private final ReaderRowFlyweight readers;
    private final SlotRecycler recycler;
    private int watchedRow = -1;
    private long watchedCursor;
    private long watchedAttach;
    private long stillSince;

    /**
     * @param control  the channel's control region
     * @param recycler the writer's slot recycler
     */
    public StallWatch(ControlRegion control, SlotRecycler recycler) {
        this.control = control;
        this.readers = control.readers();
        this.recycler = recycler;
    }

    /**
     * Called whenever a claim finds no free slot: records who the writer waits on, and demotes that
     * reader if it has been still for longer than its budget.
     *
     * @param now        {@link System#nanoTime()}
     * @param stallStart when this wait began
     * @return true when a reader was demoted (try to claim again at once)
     */
    public boolean waiting(long now, long stallStart) {
        int row = recycler.furthestBehind();
        control.statistics().markStall(stallStart, row);
        if (row < 0) {
            watchedRow = -1;
            return false;
        }
        long cursor = readers.cursor(row);
        long attach = readers.attachNanos(row);
        if (row != watchedRow || cursor != watchedCursor || attach != watchedAttach) {
            watchedRow = row;
            watchedCursor = cursor;
            watchedAttach = attach;
            stillSince = Math.max(stallStart, now - 1); // it has not held us back before this wait began
            return false;
        }
        long budget = readers.stallBudgetNanos(row);
        if (budget <= 0 || now - stillSince < budget) {
            return false;
        }
        if (readers.state(row) != ChannelLayout.ROW_ACTIVE || readers.attachNanos(row) != attach) {
            return false; // it detached meanwhile
        }
        boolean demoted = readers.demote(row, ReaderMode.LOSSLESS.code(), ReaderMode.LATEST.code(), cursor);
        if (demoted) {
            control.statistics().countDemotion();
        }
        watchedRow = -1;
        return demoted;
    }

    /** Called when the wait ended: nothing is waited on any more. */
    public void done() {
        control.statistics().markStall(0, -1);
        watchedRow = -1;
    }
}
