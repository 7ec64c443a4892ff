package io.framebus.bridgecli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.framebus.FramebusException;
import io.framebus.cli.FramebusCli;
import io.framebus.testkit.JavaLauncher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One process of {@code bridge bench}: {@code framebus ...} in a child JVM with this JVM's class path (or any
 * program), inside a network namespace; stdout and stderr go to files, read when it has ended.
 */
final class BenchChild implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIMEOUT_SECONDS = 300;
    private static final long TERM_SECONDS = 5;

    private final String what;
    private final Process process;
    private final Path out;
    private final Path err;

    private BenchChild(String what, Process process, Path out, Path err) {
        this.what = what;
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** Starts {@code framebus args...} in namespace {@code ns} (the bridge's JVM export included). */
    static BenchChild framebus(String ns, String... args) {
        ProcessBuilder b = JavaLauncher.builder(FramebusCli.class.getName(),
                List.of("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"), List.of(args));
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        command.addAll(b.command());
        return start(String.join(" ", args), b.command(command));
    }

    /** Starts a program in namespace {@code ns}. */
    static BenchChild program(String ns, String... args) {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        command.addAll(List.of(args));
        return start(String.join(" ", args), new ProcessBuilder(command));
    }

    private static BenchChild start(String what, ProcessBuilder builder) {
        try {
            Path out = Files.createTempFile("framebus-bridge-bench-", ".out");
            Path err = Files.createTempFile("framebus-bridge-bench-", ".err");
            Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            return new BenchChild(what, p, out, err);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + what, e);
        }
    }

    /**
     * Waits for it to end with exit code 0 (at most {@value #TIMEOUT_SECONDS} s) and returns its stdout as JSON;
     * fails at once, with that process's output, when one of {@code others} ends with another exit code first
     * (this one would otherwise wait for a peer that is gone until its own timeout).
     */
    JsonNode json(BenchChild... others) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        try {
            while (!process.waitFor(100, TimeUnit.MILLISECONDS)) {
                if (System.nanoTime() - deadline >= 0) {
                    process.destroyForcibly();
                    throw new FramebusException(what + " did not end within " + TIMEOUT_SECONDS + " s" + output());
                }
                for (BenchChild other : others) {
                    other.failIfFailed();
                }
            }
            failIfFailed();
            return JSON.readTree(Files.readString(out, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FramebusException("interrupted while waiting for " + what);
        } catch (IOException e) {
            throw new FramebusException(what + " printed no JSON: " + e.getMessage() + output());
        }
    }

    /** @return its process id: the program's own, as {@code ip netns exec} executes it in place */
    long pid() {
        return process.pid();
    }

    private void failIfFailed() {
        if (!process.isAlive() && process.exitValue() != 0) {
            throw new FramebusException(what + " failed (exit " + process.exitValue() + ")" + output());
        }
    }

    private String output() {
        try {
            return ":\n" + Files.readString(out, StandardCharsets.UTF_8)
                    + Files.readString(err, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Stops it if it still runs (SIGTERM, so that a framebus process closes its channel and its Aeron driver;
     * SIGKILL after {@value #TERM_SECONDS} s), and removes its files.
     */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(TERM_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
            process.waitFor(30, TimeUnit.SECONDS);
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // temporary files
        }
    }
}
