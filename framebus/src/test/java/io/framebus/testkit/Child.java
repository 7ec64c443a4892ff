package io.framebus.testkit;

import io.framebus.util.JavaLauncher;

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

/** A child JVM started by a test, with its stdout lines collected as they arrive. */
public final class Child implements AutoCloseable {
    private final String label;
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> all = java.util.Collections.synchronizedList(new ArrayList<>());

    private Child(String label, Process process) {
        this.label = label;
        this.process = process;
        Thread.ofPlatform().daemon().start(() -> pump());
    }

    public static Child start(String label, Class<?> main, String... args) {
        return start(label, main, List.of(), args);
    }

    public static Child start(String label, Class<?> main, List<String> jvmOptions, String... args) {
        return startIn(null, label, main, jvmOptions, args);
    }

    /** Starts a child JVM with working directory {@code workDir} (null: inherit). */
    public static Child startIn(java.nio.file.Path workDir, String label, Class<?> main, List<String> jvmOptions,
                                String... args) {
        try {
            ProcessBuilder pb = JavaLauncher.builder(main.getName(), jvmOptions, List.of(args));
            pb.redirectErrorStream(true);
            if (workDir != null) {
                pb.directory(workDir.toFile());
            }
            return new Child(label, pb.start());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + label, e);
        }
    }

    /** Wraps an already started process (e.g. one run through setpriv). */
    public static Child wrap(String label, Process process) {
        return new Child(label, process);
    }

    private volatile boolean pumping = true;

    private void pump() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
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

    /** Waits for a line starting with {@code prefix}; fails the test with the child's output otherwise. */
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
                    throw new AssertionError(label + ": no line starting with '" + prefix + "' within " + timeout
                            + "; alive=" + process.isAlive() + "; output:\n" + output());
                }
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
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
                throw new AssertionError(label + " did not exit within " + timeout + "; output:\n" + output());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
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
