package io.framebus.bench;

import io.framebus.wait.FutexSignal;
import org.HdrHistogram.Histogram;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A sleeper of the wake-up floor ({@link Transport#FLOOR}), in its own process: on {@code CONNECT path}
 * it maps the waker's page, takes a sleeper id, warms up the wait path, prints {@code READY}, then waits
 * exactly as a framebus reader does ({@link FutexSignal#prepare()}, re-check, {@link FutexSignal#await},
 * {@link FutexSignal#done()}) and reads the clock as soon as the wait returns. The wake's latency is that
 * time minus the waker's stamp; wakes stamped in the paced window go into the histogram of its
 * {@code RESULT} line, in the format of {@link BenchReader}'s. As a sleeper of the loaded floor
 * ({@link Transport#LOADED_FLOOR}) it then does the cell's work on the payload the waker wrote, as a reader
 * works on the frame it took, before it waits again: on every wake in order, as a
 * lossless reader takes every frame, telling the waker after each ({@link FloorMemory#done}) so that it
 * never runs more than a channel's slots ahead; its frames/s in the throughput window is the measured CPU
 * limit of the cell.
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

    /** What one sleeper measured and did. */
    private static final class Wakes {
        final Histogram saturated = new Histogram(1, 3_600_000_000_000L, 3);
        final Histogram paced = new Histogram(1, 3_600_000_000_000L, 3);
        long wakes;
        long missed;
        long frames;
        long bytes;
        long workNanos;
        long sink;
    }

    private static void run(ChildArgs args, ChildControl control) throws Exception {
        String connect = control.await("CONNECT ", SETUP_TIMEOUT_MILLIS);
        Path file = Path.of(connect.substring("CONNECT ".length()).trim());
        Wakes w = new Wakes();
        Work work = args.cell().work();
        long length = args.cell().payload().bytes();
        boolean loaded = args.cell().transport() == Transport.LOADED_FLOOR;
        if (loaded) {
            w.sink = Warmup.reader(work);
        }
        try (FloorMemory page = FloorMemory.open(file)) {
            for (int i = 0; i < page.slots(); i++) { // its page tables, before any window
                w.sink += BenchPattern.touch(page.slot(i), length);
            }
            int id = page.attach();
            FutexSignal signal = page.signal(id);
            FutexSignal space = page.space(false);
            warmUp(signal, page);
            ChildControl.say("READY");
            long seen = page.sequence();
            while (true) {
                long now = awaitWake(signal, page, seen, false);
                long sequence = page.sequence();
                if (sequence != seen) {
                    w.wakes++;
                    record(w, control, page.stamp(sequence), now);
                    if (!loaded) {
                        w.missed += sequence - seen - 1;
                    } else { // the loaded floor: the work of every wake, in order, as a lossless reader's
                        for (long s = seen + 1; s <= sequence; s++) {
                            long t0 = s == sequence ? now : System.nanoTime();
                            if (s != sequence) {
                                record(w, control, page.stamp(s), t0);
                            }
                            MemorySegment payload = page.slot(s).asReadOnly();
                            w.sink += work == Work.FULL ? BenchPattern.checksum(payload, length)
                                    : BenchPattern.touch(payload, length);
                            page.done(id, s);
                            space.signalIfSleeping();
                            if (t0 - control.windowStart() >= 0 && t0 - control.windowEnd() < 0) {
                                w.frames++;
                                w.bytes += length;
                                w.workNanos += System.nanoTime() - t0;
                            }
                        }
                    }
                    seen = sequence;
                }
                if (page.ended() && page.sequence() == seen) {
                    break;
                }
            }
        }
        ChildControl.say(String.format(Locale.ROOT, "RESULT frames=%d total=%d bytes=%d checksum_errors=0 gaps=0"
                + " work_ns=%d paced_frames=%d missed=%d sink=%d hist=%s paced_hist=%s", w.frames, w.wakes, w.bytes,
                w.workNanos, w.paced.getTotalCount(), w.missed, w.sink & 1, BenchReader.encode(w.saturated),
                BenchReader.encode(w.paced)));
    }

    /** The latency of a wake stamped at {@code stamp} and taken at {@code now}, in the histogram of its window. */
    private static void record(Wakes w, ChildControl control, long stamp, long now) {
        long latency = Math.max(1, Math.min(now - stamp, w.paced.getHighestTrackableValue()));
        if (stamp - control.pacedStart() >= 0 && stamp - control.pacedEnd() < 0) {
            w.paced.recordValue(latency);
        } else if (stamp - control.windowStart() >= 0 && stamp - control.windowEnd() < 0) {
            w.saturated.recordValue(latency);
        }
    }

    /**
     * One wait, exactly as a framebus reader waits: sleeps unless a wake after {@code seen} came or the
     * waker ended; returns the clock as the wait returns. With {@code compileOnly} the futex call is made
     * with a value the word does not have, so it returns at once.
     */
    private static long awaitWake(FutexSignal signal, FloorMemory page, long seen, boolean compileOnly) {
        int observed = signal.prepare();
        try {
            if (page.sequence() == seen && !page.ended()) {
                signal.await(compileOnly ? observed + 1 : observed, WAIT_NANOS);
            }
        } finally {
            signal.done();
        }
        return System.nanoTime();
    }

    /**
     * Compiles the wait path before the window, every branch of it, as framebus's readers compile theirs
     * ({@link io.framebus.FrameChannel#warmUp()}): waits that return at once (the word already moved on),
     * and checks that find a wake already there.
     */
    private static void warmUp(FutexSignal signal, FloorMemory page) {
        long seen = page.sequence();
        for (int i = 0; i < WARM_CALLS; i++) {
            awaitWake(signal, page, (i & 1) == 0 ? seen : seen - 1, true);
        }
    }
}
