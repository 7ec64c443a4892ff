package io.framebus.systemtest;

import io.framebus.cli.FramebusCli;
import io.framebus.testkit.JavaLauncher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code framebus ...} run in a child JVM, as the launcher runs it: the same {@code java}, the test's
 * class path, native access enabled. Stdout and stderr go to files, so a chatty child never blocks.
 */
final class CliProcess implements AutoCloseable {
    /** Generous bound for any one child; reached only when something hangs. */
    static final Duration LONG = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<CliProcess> OPEN = ConcurrentHashMap.newKeySet();

    private final List<String> args;
    private final Process process;
    private final Path out;
    private final Path err;

    private CliProcess(List<String> args, Process process, Path out, Path err) {
        this.args = args;
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** Starts {@code framebus args...}. */
    static CliProcess start(String... args) {
        return startWrapped(List.of(), args);
    }

    /**
     * Starts {@code wrapper... java ... framebus args...}: the wrapper (e.g. {@code unshare ...}) runs the JVM.
     *
     * @param wrapper the command that execs the rest of its arguments
     * @param args    the framebus command line
     */
    static CliProcess startWrapped(List<String> wrapper, String... args) {
        // short-lived children: start fast
        return startWrapped(wrapper, List.of("-XX:TieredStopAtLevel=1"), args);
    }

    /**
     * Starts {@code wrapper... java jvmOptions... framebus args...}.
     *
     * @param wrapper    the command that execs the rest of its arguments, or none
     * @param jvmOptions options of the child JVM (the launcher's native access is always on)
     * @param args       the framebus command line
     */
    static CliProcess startWrapped(List<String> wrapper, List<String> jvmOptions, String... args) {
        return startMain(FramebusCli.class.getName(), wrapper, jvmOptions, args);
    }

    /**
     * Starts {@code wrapper... java jvmOptions... mainClass args...}: another main of the test's class path,
     * with the same output files, timeout and description as a {@code framebus} command line.
     */
    static CliProcess startMain(String mainClass, List<String> wrapper, List<String> jvmOptions, String... args) {
        ProcessBuilder builder = JavaLauncher.builder(mainClass, jvmOptions, List.of(args));
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(builder.command());
        builder.command(command);
        try {
            Path out = Files.createTempFile("framebus-cli-", ".out");
            Path err = Files.createTempFile("framebus-cli-", ".err");
            Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            CliProcess c = new CliProcess(List.of(args), p, out, err);
            OPEN.add(c);
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start framebus " + String.join(" ", args), e);
        }
    }

    /** Runs {@code framebus args...} to completion. */
    static CliProcess run(String... args) {
        CliProcess c = start(args);
        c.waitFor();
        return c;
    }

    /** Waits for the exit (at most {@link #LONG}, then kills it and fails) and returns the exit code. */
    int waitFor() {
        try {
            if (!process.waitFor(LONG.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("framebus " + String.join(" ", args) + " did not finish within " + LONG
                        + "; killed it." + describeOutput());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        return process.exitValue();
    }

    int exitCode() {
        return waitFor();
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** {@code kill -9}: no shutdown hook runs, the channel file stays behind. */
    void kill9() {
        process.destroyForcibly();
        waitFor();
    }

    /** {@code kill -TERM}: shutdown hooks run. */
    void terminate() {
        process.destroy();
        waitFor();
    }

    String stdout() {
        return read(out);
    }

    String stderr() {
        return read(err);
    }

    /** Stdout parsed as one JSON value. */
    JsonNode json() {
        String text = stdout();
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("stdout of framebus " + String.join(" ", args) + " is not JSON: " + e.getMessage()
                    + describeOutput(), e);
        }
    }

    /** Command, exit status and output, for assertion messages. */
    String describe() {
        return "framebus " + String.join(" ", args)
                + (process.isAlive() ? " (running)" : " (exit " + process.exitValue() + ")") + describeOutput();
    }

    private String describeOutput() {
        return "\n--- stdout ---\n" + stdout() + "\n--- stderr ---\n" + stderr();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /**
     * Stops the child if it still runs (SIGTERM, so that a writer removes its channel files; SIGKILL after 15 s)
     * and deletes its output files.
     */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        OPEN.remove(this);
        try {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        } catch (IOException e) {
            // temp files; the OS cleans up eventually
        }
    }

    /** Kills every child a test left running (e.g. after a failed assertion) and deletes their output files. */
    static void closeAll() {
        for (CliProcess c : List.copyOf(OPEN)) {
            c.close();
        }
    }
}
