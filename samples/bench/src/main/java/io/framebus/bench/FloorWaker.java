package io.framebus.bench;

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
 */
public final class FloorWaker {
    private static final long SETUP_TIMEOUT_NANOS = 120_000_000_000L;
    private static final long WARM_PERIOD_NANOS = 1_000_000L;

    private FloorWaker() {
    }

    public static void main(String[] argv) {
        ChildControl.runChild(argv, FloorWaker::run);
    }

    private static void run(ChildArgs args, ChildControl control) throws Exception {
        Path file = Path.of(args.endpoint());
        FloorMemory page = FloorMemory.create(file);
        control.onOrphaned(() -> page.close(true));
        try {
            FutexSignal signal = page.signal(-1);
            ChildControl.say("READY endpoint=" + file);
            long deadline = System.nanoTime() + SETUP_TIMEOUT_NANOS;
            while (page.attached() < args.cell().readers()) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("only " + page.attached() + " of " + args.cell().readers()
                            + " sleepers attached");
                }
                LockSupport.parkNanos(1_000_000);
            }
            ChildControl.say("CONNECTED floor futex word in " + file.getParent() + ", " + args.cell().readers()
                    + " sleeper(s), one FUTEX_WAKE per wake");
            control.await("GO", SETUP_TIMEOUT_NANOS / 1_000_000);
            long pacedStart = control.pacedStart();
            long pacedEnd = control.pacedEnd();
            double rate = control.pacedRate();
            long sequence = 0;
            // warm-up wakes until the paced window; on a loaded machine a period can take longer than planned,
            // so the next one is due no earlier than now (the window starts on time, not after a backlog)
            for (long due = System.nanoTime(); due - pacedStart < 0;
                 due = Math.max(due + WARM_PERIOD_NANOS, System.nanoTime())) {
                sleepUntil(due);
                page.announce(++sequence, System.nanoTime());
                signal.signalIfSleeping();
            }
            long paced = 0;
            long wakeNanos = 0;
            if (rate > 0) {
                long period = Math.round(1e9 / rate);
                for (long due = pacedStart; due - pacedEnd < 0; due += period) {
                    if (sleepUntil(due) - pacedEnd >= 0) {
                        break;
                    }
                    long stamp = System.nanoTime();
                    page.announce(++sequence, stamp);
                    signal.signalIfSleeping();
                    wakeNanos += System.nanoTime() - stamp;
                    paced++;
                    if (System.nanoTime() - (due + period) > 0) {
                        due = System.nanoTime() - period; // could not keep the rate: no burst to catch up
                    }
                }
            }
            page.end();
            signal.signal();
            ChildControl.say(String.format(Locale.ROOT, "RESULT frames=0 total=%d fill_ns=0 wait_ns=0 publish_ns=%d"
                    + " paced_frames=%d warm=0", sequence, wakeNanos, paced));
            control.await("EXIT", SETUP_TIMEOUT_NANOS / 1_000_000);
        } finally {
            page.close(true);
        }
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
