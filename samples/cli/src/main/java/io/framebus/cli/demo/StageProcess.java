package io.framebus.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.framebus.testkit.ChildProcess;
import io.framebus.testkit.JavaLauncher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One stage of the demo: a child JVM running a {@code framebus} stage command with {@code --progress},
 * whose {@code PROGRESS}, {@code SOURCE} and {@code SUMMARY} lines are parsed as they arrive.
 *
 * <p>The child runs in its own session ({@code setsid}, where available), so a Ctrl-C on the demo's
 * terminal reaches only the demo, which then stops each stage through its stdin ({@code stop}) and only
 * falls back to SIGTERM and SIGKILL for a stage that does not end in time. The end of its stdin (the
 * demo died) stops a stage too.
 */
final class StageProcess {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final Path NICE = Path.of("/usr/bin/nice");

    private final String stage;
    private final ChildProcess child;
    private Integer exitCode;

    private StageProcess(String stage, ChildProcess child) {
        this.stage = stage;
        this.child = child;
    }

    /**
     * Starts {@code java <jvmOptions> FramebusCli <args>}.
     *
     * <p>With {@code nice} other than 0 the stage runs under {@code nice -n nice}, and its session's
     * autogroup gets the same nice value: a lower CPU priority for the analysis stages lets the lossless
     * path (capture, encode) have the CPU first.
     *
     * <p>{@link JavaLauncher} passes the class path in {@code CLASSPATH}, not on the command line:
     * ONNX Runtime 1.29.0 kills its process with SIGSEGV while creating its environment when
     * {@code /proc/self/cmdline} is longer than about 4 KiB, which a test class path easily is.
     */
    static StageProcess start(String stage, String mainClass, List<String> jvmOptions, List<String> args, int nice) {
        return start(stage, JavaLauncher.builder(mainClass, jvmOptions, args), nice);
    }

    /**
     * Starts {@code command} (a stage in another language, e.g. a Python script), in its own session and with
     * its output parsed like a Java stage's.
     */
    static StageProcess start(String stage, List<String> command, int nice) {
        return start(stage, new ProcessBuilder(command), nice);
    }

    private static StageProcess start(String stage, ProcessBuilder pb, int nice) {
        if (nice != 0 && Files.isExecutable(NICE)) {
            pb.command().addAll(0, List.of(NICE.toString(), "-n", String.valueOf(nice)));
        }
        boolean ownSession = Files.isExecutable(SETSID);
        if (ownSession) {
            pb.command().addFirst(SETSID.toString()); // not a group leader: setsid execs in place, same pid
        }
        pb.redirectErrorStream(true);
        try {
            Process process = pb.start();
            if (nice != 0 && ownSession) {
                lowerAutogroup(process.pid(), nice);
            }
            return new StageProcess(stage, ChildProcess.wrap(stage, process));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the " + stage + " stage: " + e.getMessage(), e);
        }
    }

    /**
     * With the kernel's autogroup scheduling (Linux's default on desktops and many servers), CPU time is
     * shared between sessions first and by nice value only within a session. Each stage has a session of
     * its own ({@code setsid}), so its nice value alone would change nothing: its session's autogroup
     * gets the nice value too. Best effort: nothing happens where autogroups do not exist.
     */
    private static void lowerAutogroup(long pid, int nice) {
        Path autogroup = Path.of("/proc", Long.toString(pid), "autogroup");
        try {
            // Only once setsid has made the child a session (and autogroup) of its own: before that, the
            // file is the demo's own autogroup.
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (session(pid) != pid) {
                if (System.nanoTime() - deadline >= 0) {
                    return;
                }
                Thread.sleep(2);
            }
            if (Files.isWritable(autogroup)) {
                Files.writeString(autogroup, Integer.toString(nice));
            }
        } catch (IOException | RuntimeException e) {
            // no autogroups, or not allowed: the plain nice value still applies
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The session id of process {@code pid} (field 6 of /proc/PID/stat), or -1. */
    private static long session(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return f.length > 3 ? Long.parseLong(f[3]) : -1;
    }

    String stage() {
        return stage;
    }

    long pid() {
        return child.pid();
    }

    boolean isAlive() {
        return child.isAlive();
    }

    /** The exit code once the process ended, else null. */
    Integer exitCode() {
        if (exitCode == null && !child.isAlive()) {
            exitCode = child.waitFor(Duration.ofSeconds(5));
        }
        return exitCode;
    }

    /** The newest {@code PROGRESS} record, or null before the first. */
    JsonNode progress() {
        return last("PROGRESS ");
    }

    /** The capture stage's {@code SOURCE} record, or null. */
    JsonNode source() {
        return last("SOURCE ");
    }

    /** The {@code SUMMARY} record, or null if the stage has not (or never) printed it. */
    JsonNode summary() {
        return last("SUMMARY ");
    }

    private JsonNode last(String prefix) {
        String line = child.lastLine(prefix);
        if (line == null) {
            return null;
        }
        try {
            return JSON.readTree(line.substring(prefix.length()));
        } catch (IOException e) {
            return null; // a line cut short by a dying process
        }
    }

    /** What the stage said besides its machine-readable lines: its error message, typically. */
    String messages() {
        List<String> lines = new ArrayList<>();
        for (String l : child.output().split("\n")) {
            if (!l.isBlank() && !l.startsWith("PROGRESS ") && !l.startsWith("SUMMARY ") && !l.startsWith("SOURCE ")) {
                lines.add(l);
            }
        }
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    /** Asks the stage to stop (a {@code stop} line on its stdin). */
    void requestStop() {
        child.send("stop");
    }

    /** SIGTERM: its shutdown hooks stop the stage and close its channels. */
    void terminate() {
        child.terminate();
    }

    /** SIGKILL. */
    void kill() {
        child.kill();
    }
}
