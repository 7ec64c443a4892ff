package io.framebus.bench;

import io.framebus.wait.FutexSignal;
import org.HdrHistogram.Histogram;

import java.nio.file.Path;
import java.util.Locale;

/**
 * A sleeper of the wake-up floor ({@link Transport#FLOOR}), in its own process: on {@code CONNECT path}
 * it maps the waker's page, takes a sleeper id, warms up the wait path, prints {@code READY}, then waits
 * exactly as a framebus reader does ({@link FutexSignal#prepare()}, re-check, {@link FutexSignal#await},
 * {@link FutexSignal#done()}) and reads the clock as soon as the wait returns. The wake's latency is that
 * time minus the waker's stamp; wakes stamped in the paced window go into the histogram of its
 * {@code RESULT} line, in the format of {@link BenchReader}'s.
 */
public final class FloorSleeper {
    private static final long SETUP_TIMEOUT_MILLIS = 120_000;
    private static final long WAIT_NANOS = 100_000_000L;
    private static final int WARM_CALLS = 20_000;

    private FloorSleeper() {
    }

    public static void main(String[] argv) {
        ChildControl.runChild(argv, FloorSleeper::run);
    }

    private static void run(ChildArgs args, ChildControl control) throws Exception {
        String connect = control.await("CONNECT ", SETUP_TIMEOUT_MILLIS);
        Path file = Path.of(connect.substring("CONNECT ".length()).trim());
        Histogram paced = new Histogram(1, 3_600_000_000_000L, 3);
        Histogram empty = new Histogram(1, 3_600_000_000_000L, 3);
        long wakes = 0;
        long missed = 0;
        try (FloorMemory page = FloorMemory.open(file)) {
            FutexSignal signal = page.signal(page.attach());
            warmUp(signal);
            ChildControl.say("READY");
            long seen = page.sequence();
            while (true) {
                int observed = signal.prepare();
                try {
                    if (page.sequence() == seen && !page.ended()) {
                        signal.await(observed, WAIT_NANOS);
                    }
                } finally {
                    signal.done();
                }
                long now = System.nanoTime();
                long sequence = page.sequence();
                if (sequence != seen) {
                    long stamp = page.stamp(sequence);
                    missed += sequence - seen - 1;
                    seen = sequence;
                    wakes++;
                    if (stamp - control.pacedStart() >= 0 && stamp - control.pacedEnd() < 0) {
                        paced.recordValue(Math.max(1, Math.min(now - stamp, paced.getHighestTrackableValue())));
                    }
                }
                if (page.ended() && page.sequence() == seen) {
                    break;
                }
            }
        }
        ChildControl.say(String.format(Locale.ROOT, "RESULT frames=0 total=%d bytes=0 checksum_errors=0 gaps=0"
                + " work_ns=0 paced_frames=%d missed=%d sink=0 hist=%s paced_hist=%s", wakes, paced.getTotalCount(),
                missed, BenchReader.encode(empty), BenchReader.encode(paced)));
    }

    /** Compiles the wait path before the window: waits that return at once (the word already moved on). */
    private static void warmUp(FutexSignal signal) {
        for (int i = 0; i < WARM_CALLS; i++) {
            int observed = signal.prepare();
            signal.await(observed + 1, 0);
            signal.done();
        }
    }
}
