package io.framebus.internal;

import io.framebus.ReaderOptions;
import io.framebus.TooManyReadersException;
import io.framebus.layout.ChannelLayout;
import io.framebus.layout.ControlRegion;
import io.framebus.layout.ReaderRowFlyweight;
import io.framebus.liveness.ProcessIdentity;
import io.framebus.liveness.Reclaimer;
import io.framebus.wait.FutexSignal;

/**
 * Joins and leaves a channel as a reader. Attach: take the lock byte of a free row (the lock, not the
 * row's state, decides who owns it), clear whatever a dead predecessor left there, write identity and
 * mode, store the starting cursor, then mark the row ACTIVE ({@link RingCursor#register}). Detach:
 * drop every hold, clear the sleeper bit, mark the row FREE, unlock.
 */
public final class ReaderAttach {
    private ReaderAttach() {
    }

    /**
     * An attached reader's share of the channel.
     *
     * @param channel   the mapped channel
     * @param row       the row this reader owns (its lock is held)
     * @param holdLimit frames it may hold at once
     * @param cursor    its side of the hold protocol, registered
     */
    public record Attached(MappedChannel channel, int row, int holdLimit, RingCursor cursor) {
        /** Gives the row back and unmaps, after a failure between attach and use. */
        public void abandon() {
            try {
                detach(channel, row);
            } finally {
                channel.close();
            }
        }
    }

    /**
     * @param name    the channel
     * @param options how to attach
     * @return the attached reader's row and cursor
     */
    public static Attached attach(String name, ReaderOptions options) {
        MappedChannel channel = ReaderOpener.attach(name, options.directory(), options.attachTimeout().toNanos(),
                options.group());
        int row = -1;
        try {
            int limit = holdLimit(channel, options.holdLimit());
            row = claimRow(channel);
            ControlRegion control = channel.control();
            Reclaimer.clearRow(control, row, name, 0); // whatever a dead predecessor in this row left behind
            ProcessIdentity me = ProcessIdentity.current();
            control.readers().init(row, new ReaderRowFlyweight.Identity(options.mode().code(), limit, me.pid(),
                    me.startTime(), me.pidNamespace(), System.nanoTime(), options.stallBudget().toNanos(),
                    options.label()));
            long start = RingCursor.register(control, row, options.mode());
            return new Attached(channel, row, limit, new RingCursor(control, row, options.mode(), start));
        } catch (RuntimeException e) {
            if (row >= 0) {
                channel.control().readers().setState(row, ChannelLayout.ROW_FREE);
            }
            channel.close();
            throw e;
        }
    }

    /** The hold limit asked for, or the channel's default from its validated header (never re-read). */
    private static int holdLimit(MappedChannel channel, int requested) {
        int slots = channel.layout().slotCount();
        int limit = requested == 0 ? channel.header().holdLimit() : requested;
        if (limit > slots - 1) {
            throw new IllegalArgumentException("hold limit " + limit + " leaves the writer no slot: channel '"
                    + channel.name() + "' has " + slots + " slots, so at most " + (slots - 1));
        }
        return limit;
    }

    private static int claimRow(MappedChannel channel) {
        int max = channel.layout().maxReaders();
        for (int row = 0; row < max; row++) {
            if (channel.file().tryLock(ChannelLayout.readerLockByte(row))) {
                return row;
            }
        }
        throw new TooManyReadersException("channel '" + channel.name() + "' allows at most " + max
                + " readers and all " + max + " are attached by live processes; detach one, or create the channel"
                + " with a larger --max-readers");
    }

    /**
     * Leaves row {@code row}: no holds, not asleep, FREE, unlocked. The caller still unmaps.
     *
     * @param channel the mapped channel
     * @param row     the row this process owns
     */
    public static void detach(MappedChannel channel, int row) {
        ControlRegion control = channel.control();
        for (int slot = 0; slot < control.layout().slotCount(); slot++) {
            control.readers().setHold(row, slot, 0);
        }
        FutexSignal.clearSleeper(control.readerSleepers(), row);
        control.readers().setState(row, ChannelLayout.ROW_FREE);
        channel.file().unlock(ChannelLayout.readerLockByte(row));
    }
}
