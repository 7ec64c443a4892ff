package io.framebus.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bench child's side of the line protocol with the orchestrator, on stdin. Lines:
 * {@code CONNECT <endpoint>} (readers), {@code GO <start> <end> <pacedStart> <pacedEnd> <pacedRate>}
 * (the throughput window and the paced latency window as absolute {@link System#nanoTime()} values:
 * CLOCK_MONOTONIC, the same in every process of the host; the paced rate in frames per second, 0 for
 * none) and {@code EXIT}. When stdin closes (the orchestrator died) the child exits, so no child
 * outlives its bench.
 */
final class ChildControl {
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private volatile long windowStart = Long.MAX_VALUE;
    private volatile long windowEnd = Long.MAX_VALUE;
    private volatile long pacedStart = Long.MAX_VALUE;
    private volatile long pacedEnd = Long.MAX_VALUE;
    private volatile double pacedRate;
    private volatile Runnable onOrphaned = () -> { };

    ChildControl() {
        Thread t = Thread.ofPlatform().daemon().name("bench-control").unstarted(this::pump);
        t.start();
    }

    private void pump() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                line = line.trim();
                if (line.startsWith("GO ")) {
                    String[] f = line.split("\\s+");
                    pacedRate = Double.parseDouble(f[5]);
                    pacedEnd = Long.parseLong(f[4]);
                    pacedStart = Long.parseLong(f[3]);
                    windowEnd = Long.parseLong(f[2]);
                    windowStart = Long.parseLong(f[1]); // last: once it is set, the others are
                }
                lines.add(line);
            }
        } catch (IOException | RuntimeException e) {
            // treated as the orchestrator being gone
        }
        // The orchestrator is gone (or closed our stdin): never outlive it, and remove what we made (socket
        // file, Aeron directory). Exit runs the shutdown hooks (a framebus writer removes its channel file).
        try {
            onOrphaned.run();
        } catch (RuntimeException e) {
            // best effort: we are leaving anyway
        }
        System.exit(3);
    }

    /** What to clean up when the orchestrator disappears (stdin closes) before the child is done. */
    void onOrphaned(Runnable cleanup) {
        this.onOrphaned = cleanup;
    }

    /** Waits for a line starting with {@code prefix} and returns it. */
    String await(String prefix, long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
                if (line == null) {
                    throw new IllegalStateException("no '" + prefix + "' from the orchestrator within " + timeoutMillis
                            + " ms");
                }
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Start of the measurement window ({@link System#nanoTime()}), or Long.MAX_VALUE before GO. */
    long windowStart() {
        return windowStart;
    }

    /** End of the measurement window, or Long.MAX_VALUE before GO. */
    long windowEnd() {
        return windowEnd;
    }

    /** Start of the paced latency window: frames published from here on are paced. */
    long pacedStart() {
        return pacedStart;
    }

    /** End of the paced latency window. */
    long pacedEnd() {
        return pacedEnd;
    }

    /** Frames per second of the paced window, 0 for no paced window. */
    double pacedRate() {
        return pacedRate;
    }

    /** The body of a bench child: runs with its parsed arguments and its control channel. */
    @FunctionalInterface
    interface ChildBody {
        void run(ChildArgs args, ChildControl control) throws Exception;
    }

    /**
     * A bench child's {@code main}: parses the arguments, runs the body and exits 0, or reports
     * {@code ERROR <reason>} on stdout and exits 1.
     */
    static void runChild(String[] argv, ChildBody body) {
        ChildControl control = new ChildControl();
        try {
            body.run(ChildArgs.parse(argv), control);
            System.exit(0);
        } catch (Throwable e) {
            say("ERROR " + BenchChildSupport.oneLine(e));
            System.exit(1);
        }
    }

    /** Prints one protocol line on stdout. */
    static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
