package io.framebus.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child process (usually a JVM started with {@link JavaLauncher}) whose output lines are collected
 * as they arrive, with helpers to wait for a line, talk to its stdin, and kill it like {@code kill -9}.
 * Tests, soak, bench and the demo use it to run real processes.
 */
public final class ChildProcess implements AutoCloseable {
    private final String label;
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> all = java.util.Collections.synchronizedList(new ArrayList<>());

    private ChildProcess(String label, Process process) {
        this.label = label;
        this.process = process;
        Thread.ofPlatform().daemon().start(() -> pump());
    }

    public static ChildProcess start(String label, Class<?> main, String... args) {
        return start(label, main, List.of(), args);
    }

    public static ChildProcess start(String label, Class<?> main, List<String> jvmOptions, String... args) {
        return startIn(null, label, main, jvmOptions, args);
    }

    /** Starts a child JVM with working directory {@code workDir} (null: inherit). */
    public static ChildProcess startIn(java.nio.file.Path workDir, String label, Class<?> main, List<String> jvmOptions,
                                String... args) {
        try {
            ProcessBuilder pb = JavaLauncher.builder(main.getName(), jvmOptions, List.of(args));
            pb.redirectErrorStream(true);
            if (workDir != null) {
                pb.directory(workDir.toFile());
            }
            return new ChildProcess(label, pb.start());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + label, e);
        }
    }

    /** Wraps an already started process (e.g. one run through setpriv). */
    public static ChildProcess wrap(String label, Process process) {
        return new ChildProcess(label, process);
    }

    private volatile boolean pumping = true;

    private void pump() {
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                all.add(line);
                lines.add(line);
            }
        } catch (IOException e) {
            // process gone
        } finally {
            pumping = false;
        }
    }

    /**
     * Waits for a line starting with {@code prefix}.
     *
     * @throws IllegalStateException with the child's output when none arrives in time
     */
    public String awaitLine(String prefix, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                String line = left > 0 ? lines.poll(Math.min(left, 100_000_000L), TimeUnit.NANOSECONDS) : null;
                if (line == null && left > 0 && (process.isAlive() || !lines.isEmpty() || pumping)) {
                    continue;
                }
                if (line == null) {
                    throw new IllegalStateException(label + ": no line starting with '" + prefix + "' within "
                            + timeout + "; alive=" + process.isAlive() + "; output:\n" + output());
                }
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The most recent line starting with {@code prefix}, or null if none has arrived yet. */
    public String lastLine(String prefix) {
        synchronized (all) {
            for (int i = all.size() - 1; i >= 0; i--) {
                if (all.get(i).startsWith(prefix)) {
                    return all.get(i);
                }
            }
        }
        return null;
    }

    /** Sends one line to the child's stdin. Returns false if the child is gone. */
    public boolean send(String line) {
        try {
            var in = process.getOutputStream();
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Sends SIGTERM: the child's shutdown hooks run. */
    public void terminate() {
        process.destroy();
    }

    /** Parses "PREFIX k=v k=v ..." into a map. */
    public static Map<String, String> fields(String line) {
        Map<String, String> map = new HashMap<>();
        for (String part : line.trim().split("\\s+")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                map.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return map;
    }

    public int waitFor(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(label + " did not exit within " + timeout + "; output:\n" + output());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGKILL, as {@code kill -9}: no shutdown hook, no cleanup. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String output() {
        synchronized (all) {
            return String.join("\n", all);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
