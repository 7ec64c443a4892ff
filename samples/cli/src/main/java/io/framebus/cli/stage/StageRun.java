package io.framebus.cli.stage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The life of one stage process ({@code framebus capture|detect|motion|encode}):
 * <ul>
 *   <li>with {@code --progress}, prints {@code PROGRESS {json}} every {@value #PROGRESS_MILLIS} ms and,
 *       at the end, one {@code SUMMARY {json}} line, both on stdout;</li>
 *   <li>stops the stage gracefully (its {@code stop()}: the run returns, channels are closed, the MP4
 *       gets its trailer, the JSON lines are flushed) on SIGTERM/Ctrl-C, and, with
 *       {@code --control-stdin}, on a {@code stop} line or the end of stdin (the parent is gone).</li>
 * </ul>
 *
 * <p>On SIGTERM the JVM's shutdown hooks run concurrently, and the core's writer hook closes and
 * unmaps channels while the stage may still be in native code reading a slot; the
 * {@code --control-stdin} path avoids that race by stopping the stage before anything is closed,
 * which is why {@code framebus demo} uses it (and starts its stages in their own session, so that a
 * terminal's Ctrl-C reaches only the demo).
 */
public final class StageRun implements AutoCloseable {
    static final int PROGRESS_MILLIS = 250;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long HOOK_WAIT_SECONDS = 10;

    private final StageMetrics metrics;
    private final PrintWriter out;
    private final boolean progress;
    private final Object lock = new Object();
    private volatile Runnable stopAction;
    private boolean exiting;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;
    private volatile boolean stopRequested;
    private volatile boolean shuttingDown;
    private volatile boolean closed;
    private final Thread ticker;

    private StageRun(StageMetrics metrics, PrintWriter out, boolean progress, boolean controlStdin) {
        this.metrics = metrics;
        this.out = out;
        this.progress = progress;
        this.hook = Thread.ofPlatform().name("stage-stop").unstarted(this::stopOnShutdown);
        Runtime.getRuntime().addShutdownHook(hook);
        if (controlStdin) {
            Thread.ofPlatform().daemon().name("stage-stdin").start(this::readStdin);
        }
        this.ticker = progress ? Thread.ofPlatform().daemon().name("stage-progress").start(this::tick) : null;
    }

    /**
     * Starts the bookkeeping of a stage.
     *
     * @param progress     print PROGRESS lines and the SUMMARY line
     * @param controlStdin stop on a {@code stop} line or at the end of stdin
     */
    public static StageRun start(StageMetrics metrics, PrintWriter out, boolean progress, boolean controlStdin) {
        return new StageRun(metrics, out, progress, controlStdin);
    }

    /**
     * What stops the stage (e.g. {@code capture::stop}), registered once the stage's channels are open and
     * it is about to run. If a stop was already requested it runs at once, and again every 100 ms until
     * {@link #close()}: a stage may clear its stop flag when its run begins (DetectorStage and MotionStage
     * do), so one early call could be lost.
     */
    public void onStop(Runnable stop) {
        boolean exit;
        synchronized (lock) {
            exit = exiting || shuttingDown;
            if (!exit) {
                stopAction = stop;
            }
        }
        if (exit) {
            waitForever(); // the JVM is exiting (the core's hooks close the channels): never start the stage
        }
        if (stopRequested) {
            repeatStop();
        }
    }

    /**
     * Asks the stage to stop. Safe from any thread, idempotent. Before the stage started (still opening
     * its model or waiting for its input channel) there is nothing to finish, so the process exits at once
     * with status 0; the channels it already created are closed by the core's exit hooks.
     */
    public void requestStop() {
        Runnable stop;
        boolean exit;
        synchronized (lock) {
            if (stopRequested) {
                return;
            }
            stopRequested = true;
            stop = stopAction;
            exit = stop == null && !shuttingDown;
            exiting = exit;
        }
        if (exit) {
            Runtime.getRuntime().exit(0);
        } else if (stop != null) {
            repeatStop();
        }
    }

    private void repeatStop() {
        Thread.ofPlatform().daemon().name("stage-stop-repeat").start(() -> {
            while (!closed) {
                Runnable stop = stopAction;
                if (stop != null) {
                    stop.run();
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    private static void waitForever() {
        while (true) {
            java.util.concurrent.locks.LockSupport.park();
        }
    }

    /** True once a stop was asked for (signal, stdin). */
    public boolean stopRequested() {
        return stopRequested;
    }

    /** Prints {@code TAG {json}} on stdout when progress lines are on (e.g. the capture's SOURCE line). */
    public void event(String tag, Map<String, Object> fields) {
        if (progress) {
            line(tag, fields);
        }
    }

    /** Prints the {@code SUMMARY {json}} line (progress mode) after a last PROGRESS line. */
    public void summary(Map<String, Object> fields) {
        if (progress) {
            line("PROGRESS", metrics.progress());
            line("SUMMARY", fields);
        }
    }

    private void line(String tag, Map<String, Object> fields) {
        try {
            String text = tag + " " + JSON.writeValueAsString(fields);
            synchronized (out) {
                out.println(text);
                out.flush();
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + tag + " line", e);
        }
    }

    private void tick() {
        while (!closed) {
            try {
                Thread.sleep(PROGRESS_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            if (!closed) {
                line("PROGRESS", metrics.progress());
            }
        }
    }

    private void readStdin() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String l;
            while ((l = in.readLine()) != null) {
                if (l.trim().equals("stop")) {
                    break;
                }
            }
        } catch (IOException e) {
            // the same as the end of input: the parent is gone
        }
        requestStop();
    }

    private void stopOnShutdown() {
        synchronized (lock) {
            shuttingDown = true;
            if (closed || stopAction == null) {
                return; // finished, or not started: nothing to wait for
            }
        }
        requestStop();
        try {
            finished.await(HOOK_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ends the progress lines and lets a pending shutdown proceed. */
    @Override
    public void close() {
        closed = true;
        if (ticker != null) {
            ticker.interrupt();
        }
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down: the hook is running and now returns
        }
    }
}
