package io.framebus.bench;

import io.framebus.testkit.FramePattern;
import io.framebus.wait.FutexSignal;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * The waker of the wake-up floor ({@link Transport#FLOOR}), in its own process: creates the shared page
 * ({@link FloorMemory}) at the endpoint, prints {@code READY}, waits for its sleepers ({@code CONNECTED}),
 * and on {@code GO} wakes them once a millisecond until the paced window (warming up both sides), then at
 * the paced rate: each wake stamps {@link System#nanoTime()}, stores it and the wake's sequence, then calls
 * {@link FutexSignal#signalIfSleeping()}, exactly as a framebus writer publishes. It counts the time the
 * wake itself takes (the {@code FUTEX_WAKE} syscall when a sleeper sleeps) as its send time.
 *
 * <p>As the waker of the loaded floor ({@link Transport#LOADED_FLOOR}) it first fills the payload of the
 * cell's size before each stamp, as a writer fills its frame before it publishes; and instead of the
 * warm-up wakes it runs the throughput window: wakes as fast as the sleepers finish their work, at most as
 * many wakes ahead of the slowest sleeper as a framebus channel has slots, sleeping on a second futex word
 * when it is that far ahead. The payloads are shared, slot s mod slots of its file, and each sleeper reads
 * them, as readers read a channel's slots. So its frames/s is the CPU limit measured rather than computed:
 * the writer's fill and every reader's work on the same cores and memory at the same time, with no ring,
 * no slot descriptors, no holds, no reference counts.
 */
public final class FloorWaker {
    private static final long SETUP_TIMEOUT_NANOS = 120_000_000_000L;
    private static final long WARM_PERIOD_NANOS = 1_000_000L;
    private static final long SPACE_WAIT_NANOS = 10_000_000L;
    private static final int WARM_CALLS = 20_000;

    private final FloorMemory page;
    private final FutexSignal signal;
    private final boolean loaded;
    private final long length;
    private long sequence;
    private long frames;
    private long fillNanos;
    private long waitNanos;
    private long sendNanos;

    private FloorWaker(FloorMemory page, long length) {
        this.page = page;
        this.signal = page.signal(-1);
        this.loaded = page.slots() > 0;
        this.length = length;
    }

    public static void main(String[] argv) {
        ChildControl.runChild(argv, FloorWaker::run);
    }

    private static void run(ChildArgs args, ChildControl control) throws Exception {
        Path file = Path.of(args.endpoint());
        boolean loaded = args.cell().transport() == Transport.LOADED_FLOOR;
        long length = args.cell().payload().bytes();
        int slots = FloorMemory.slots(args.settings());
        FloorMemory page = loaded ? FloorMemory.create(file, slots, length) : FloorMemory.create(file);
        control.onOrphaned(() -> page.close(true));
        try {
            FloorWaker waker = new FloorWaker(page, length);
            waker.compileWake();
            int sleepers = args.cell().readers();
            ChildControl.say("READY endpoint=" + file);
            long deadline = System.nanoTime() + SETUP_TIMEOUT_NANOS;
            while (page.attached() < sleepers) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("only " + page.attached() + " of " + sleepers
                            + " sleepers attached");
                }
                LockSupport.parkNanos(1_000_000);
            }
            ChildControl.say("CONNECTED floor futex word in " + file.getParent() + ", " + sleepers
                    + " sleeper(s), one FUTEX_WAKE per wake" + (loaded ? ", the writer's fill and the readers' "
                    + args.cell().work() + " work on " + slots + " payload slots in that directory" : ""));
            control.await("GO", SETUP_TIMEOUT_NANOS / 1_000_000);
            if (loaded) {
                waker.saturate(control, sleepers, slots);
            } else {
                waker.warmUp(control.pacedStart());
            }
            long paced = waker.paced(control, sleepers);
            page.end();
            waker.signal.signal();
            ChildControl.say(String.format(Locale.ROOT, "RESULT frames=%d total=%d fill_ns=%d wait_ns=%d"
                    + " publish_ns=%d paced_frames=%d warm=0", waker.frames, waker.sequence, waker.fillNanos,
                    waker.waitNanos, waker.sendNanos, paced));
            control.await("EXIT", SETUP_TIMEOUT_NANOS / 1_000_000);
        } finally {
            page.close(true);
        }
    }

    /**
     * Warm-up wakes until the paced window; on a loaded machine a period can take longer than planned, so
     * the next one is due no earlier than now (the window starts on time, not after a backlog).
     */
    private void warmUp(long pacedStart) {
        for (long due = System.nanoTime(); due - pacedStart < 0;
             due = Math.max(due + WARM_PERIOD_NANOS, System.nanoTime())) {
            sleepUntil(due);
            wake();
        }
    }

    /**
     * The loaded floor's warm-up and throughput window: fill, stamp and wake as fast as the sleepers allow,
     * never more than {@code slots} wakes ahead of the slowest; counts the wakes stamped in the window. Then
     * waits until every sleeper is done, so that the paced window starts with nobody behind.
     */
    private void saturate(ChildControl control, int sleepers, int slots) {
        FutexSignal space = page.space(true);
        long start = control.windowStart();
        long end = control.windowEnd();
        while (System.nanoTime() - end < 0) {
            long t0 = System.nanoTime();
            if (!awaitDone(space, sleepers, sequence + 1 - slots, end)) {
                break;
            }
            long t1 = System.nanoTime();
            FramePattern.fill(page.slot(sequence + 1), length, sequence + 1);
            long stamp = wake();
            if (stamp - start >= 0 && stamp - end < 0) {
                frames++;
                waitNanos += t1 - t0;
                fillNanos += stamp - t1;
                sendNanos += System.nanoTime() - stamp;
            }
        }
        awaitDone(space, sleepers, sequence, control.pacedStart());
    }

    /** Sleeps on {@code space} until every sleeper finished wake {@code sequence}; false if {@code until} passed. */
    private boolean awaitDone(FutexSignal space, int sleepers, long sequence, long until) {
        while (page.slowestDone(sleepers) < sequence) {
            if (System.nanoTime() - until >= 0) {
                return false;
            }
            int observed = space.prepare();
            try {
                if (page.slowestDone(sleepers) < sequence) {
                    space.await(observed, SPACE_WAIT_NANOS);
                }
            } finally {
                space.done();
            }
        }
        return true;
    }

    /** The paced window: one wake per period (the fill first for the loaded floor); returns the wakes made. */
    private long paced(ChildControl control, int sleepers) {
        FutexSignal space = page.space(true);
        long pacedStart = control.pacedStart();
        long pacedEnd = control.pacedEnd();
        double rate = control.pacedRate();
        long paced = 0;
        if (rate <= 0) {
            return 0;
        }
        long period = Math.round(1e9 / rate);
        long wakeNanos = 0;
        for (long due = pacedStart; due - pacedEnd < 0; due += period) {
            if (sleepUntil(due) - pacedEnd >= 0) {
                break;
            }
            if (loaded) {
                awaitDone(space, sleepers, sequence + 1 - page.slots(), pacedEnd);
                FramePattern.fill(page.slot(sequence + 1), length, sequence + 1);
            }
            long stamp = wake();
            wakeNanos += System.nanoTime() - stamp;
            paced++;
            if (System.nanoTime() - (due + period) > 0) {
                due = System.nanoTime() - period; // could not keep the rate: no burst to catch up
            }
        }
        if (!loaded) {
            sendNanos = wakeNanos; // the bare floor has no throughput window: its send time is the paced wakes'
        }
        return paced;
    }

    /** One wake, exactly as a framebus writer publishes: stamp, store it and the sequence, wake; returns the stamp. */
    private long wake() {
        long stamp = System.nanoTime();
        page.announce(++sequence, stamp);
        signal.signalIfSleeping();
        return stamp;
    }

    /**
     * Compiles {@link #wake()} before any sleeper attached, both of its branches, as a framebus writer compiles
     * its publish ({@link io.framebus.FrameChannel#warmUp()}): every other call, a party that never sleeps
     * has its sleeper bit set, so the {@code FUTEX_WAKE} call (which finds nobody) is compiled too. Then the
     * page's sequence is back at 0.
     */
    private void compileWake() {
        FutexSignal nobody = page.signal(FloorMemory.MAX_SLEEPERS - 1);
        for (int i = 0; i < WARM_CALLS; i++) {
            boolean flagged = (i & 1) == 0;
            if (flagged) {
                int ignored = nobody.prepare();
            }
            wake();
            if (flagged) {
                nobody.done();
            }
        }
        sequence = 0;
        page.announce(0, 0);
    }

    /** Parks until {@code due}; returns the time it woke. */
    static long sleepUntil(long due) {
        long now;
        while ((now = System.nanoTime()) - due < 0) {
            LockSupport.parkNanos(due - now);
        }
        return now;
    }
}
