package io.framebus.internal;

import io.framebus.ReadStatus;
import io.framebus.WriterStatus;
import io.framebus.layout.ChannelLayout;
import io.framebus.layout.HeaderFlyweight;
import io.framebus.wait.FutexSignal;
import io.framebus.wait.IdleStrategy;
import io.framebus.wait.WaitStrategy;

/**
 * A reader's side of waiting: sleeping on the reader futex (or polling with an idle strategy), waking
 * a writer that sleeps waiting for a slot, and noticing that the writer closed the channel or died.
 * The writer's liveness lock is probed at most every {@value #WRITER_PROBE_MILLIS} ms while waiting,
 * never on the take path itself. Reader-thread only, except {@link #wakeWriter()}.
 */
public final class ReaderWait {
    private static final long WRITER_PROBE_MILLIS = 100;
    private static final long WRITER_PROBE_NANOS = WRITER_PROBE_MILLIS * 1_000_000L;

    private final MappedChannel channel;
    private final HeaderFlyweight header;
    private final FutexSignal readerSignal;
    private final FutexSignal writerSignal;
    private final IdleStrategy idle;
    private final long spinNanos;
    private final long spinYieldNanos;
    /** When the current wait began, for the spin and yield phases; 0 when no wait is under way. */
    private long waitStart;
    private long nextProbe = System.nanoTime();

    /**
     * @param channel  the mapped channel
     * @param row      the reader's row: its bit in the sleeper bitmap
     * @param strategy how to wait
     */
    public ReaderWait(MappedChannel channel, int row, WaitStrategy strategy) {
        this.channel = channel;
        this.header = channel.control().header();
        this.readerSignal = new FutexSignal(header.readerFutexWord(), channel.control().readerSleepers(), row);
        this.writerSignal = new FutexSignal(header.writerFutexWord(), header.writerSleepers(), -1);
        this.idle = strategy.sleepsOnFutex() ? null : strategy.newIdleStrategy();
        this.spinNanos = strategy.spinNanos();
        this.spinYieldNanos = strategy.spinNanos() + strategy.yieldNanos();
    }

    /** Wakes the writer if it sleeps waiting for a slot: after a release, or a lossless cursor move. Any thread. */
    public void wakeWriter() {
        writerSignal.signalIfSleeping();
    }

    /** Resets the idle strategy (or the adaptive phases) after work was found. */
    public void reset() {
        waitStart = 0;
        if (idle != null) {
            idle.reset();
        }
    }

    /**
     * Waits once, for at most the time left until {@code deadline} or the next liveness probe.
     *
     * @param cursor   the reader's cursor, to re-check before sleeping
     * @param deadline {@link System#nanoTime()} at which to give up
     * @return null to try taking again; otherwise why nothing can be taken now
     */
    public ReadStatus awaitFrame(RingCursor cursor, long deadline) {
        long now = System.nanoTime();
        ReadStatus ended = endOfWait(now, deadline);
        if (ended != null) {
            waitStart = 0; // the next wait spins again
            return ended;
        }
        if (idle != null) {
            idle.idle();
            return null;
        }
        if (spinYieldNanos > 0 && spinsOrYields(now)) {
            return null;
        }
        int observed = readerSignal.prepare();
        try {
            if (!cursor.hasPublished() && header.state() != ChannelLayout.STATE_CLOSED) {
                readerSignal.await(observed, Math.min(deadline, nextProbe) - now);
            }
        } finally {
            readerSignal.done();
        }
        return null;
    }

    /** Why the wait ends without a frame (closed, writer dead, timed out), or null to keep waiting. */
    private ReadStatus endOfWait(long now, long deadline) {
        if (header.state() == ChannelLayout.STATE_CLOSED) {
            return ReadStatus.CLOSED;
        }
        if (now - nextProbe >= 0) {
            nextProbe = now + WRITER_PROBE_NANOS;
            if (!writerLockHeld()) {
                return ReadStatus.WRITER_DEAD;
            }
        }
        return now - deadline >= 0 ? ReadStatus.TIMEOUT : null;
    }

    /** The adaptive phases: true after a spin or a yield, false once the wait should sleep on the futex. */
    private boolean spinsOrYields(long now) {
        if (waitStart == 0) {
            waitStart = now;
        }
        long waited = now - waitStart;
        if (waited < spinNanos) {
            Thread.onSpinWait();
            return true;
        }
        if (waited < spinYieldNanos) {
            Thread.yield();
            return true;
        }
        return false;
    }

    /**
     * Waits up to {@code timeoutNanos} until a frame is ready to take, without taking it.
     *
     * @param cursor       the reader's cursor
     * @param events       the reader's once-only events, reported first
     * @param timeoutNanos how long to wait
     * @return {@link ReadStatus#FRAME} when a frame is ready; otherwise why none is
     */
    public ReadStatus awaitReady(RingCursor cursor, ReaderEvents events, long timeoutNanos) {
        long deadline = System.nanoTime() + Math.max(0, timeoutNanos);
        while (true) {
            ReadStatus event = events.next();
            if (event != null) {
                return event;
            }
            if (cursor.hasPublished()) {
                reset();
                return ReadStatus.FRAME;
            }
            ReadStatus status = awaitFrame(cursor, deadline);
            if (status != null) {
                return status == ReadStatus.CLOSED && cursor.hasPublished() ? ReadStatus.FRAME : status;
            }
        }
    }

    /** @return whether the writer is alive, dead, or has closed the channel (makes a syscall) */
    public WriterStatus writerStatus() {
        if (header.state() == ChannelLayout.STATE_CLOSED) {
            return WriterStatus.CLOSED;
        }
        return writerLockHeld() ? WriterStatus.ALIVE : WriterStatus.DEAD;
    }

    private boolean writerLockHeld() {
        return channel.file().isLockedByOther(ChannelLayout.WRITER_LOCK_BYTE);
    }
}
