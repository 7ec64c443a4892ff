package io.framebus.systemtest;

import io.framebus.cli.FramebusCli;
import io.framebus.testkit.JavaLauncher;
import io.framebus.testkit.HostFacts;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code framebus top} on a real terminal: tmux runs it, capture-pane reads the screen, send-keys types.
 * Skips without tmux on a developer machine; fails without it when {@code FRAMEBUS_NO_SKIP=1}
 * (CI, whose .ci/run installs tmux).
 */
class TopTmuxTest extends CliTestSupport {
    private static final Path TMUX = Path.of("/usr/bin/tmux");

    @Test
    void topDrawsOnATerminalAndExitsCleanlyOnQAndOnCtrlC() throws Exception {
        if (!Files.isExecutable(TMUX)) {
            assertFalse(HostFacts.noSkip(), "CI needs tmux: apt-get install tmux");
            Assumptions.abort("tmux is not installed");
        }
        String name = uniqueName("toptty");
        try (CliProcess pub = CliProcess.start("pub", "--channel", name, "--size", "64x48", "--frames", "100000",
                "--fps", "20", "--dir", SHM_DIR)) {
            await("the channel", () -> CliProcess.run("ls", "--dir", SHM_DIR).stdout(), out -> out.contains(name));
            for (String key : List.of("q", "C-c")) {
                runAndQuit(name, key);
            }
            pub.terminate();
        }
    }

    /** Starts top in a fresh tmux server, waits for it to draw the channel, types {@code key}, checks the exit. */
    private void runAndQuit(String name, String key) throws Exception {
        Path work = Files.createTempDirectory("framebus-tmux-");
        // a server of its own for each run: a new session must never land in the previous run's dying server
        String socket = "framebus-test-" + ProcessHandle.current().pid() + "-" + work.getFileName();
        // The class path goes in a java @argfile: as an environment variable it can exceed the kernel's 128 KiB
        // limit on one string, and then the shell tmux starts cannot even be executed.
        Files.writeString(work.resolve("java-args"), "--enable-native-access=ALL-UNNAMED -XX:TieredStopAtLevel=1"
                + " -cp \"" + System.getProperty("java.class.path") + "\" " + FramebusCli.class.getName()
                + " top --interval 200ms --dir " + SHM_DIR + "\n");
        String java = JavaLauncher.javaExecutable() + " @java-args 2> top-stderr";
        String script = "cd " + work + "; stty -g > before; " + java + "; echo $? > exit; stty -g > after; sleep 600";
        try {
            tmux(socket, "new-session", "-d", "-s", "top", "-x", "160", "-y", "40", script);
            String screen = await("top to draw " + name, () -> tmux(socket, "capture-pane", "-p", "-t", "top")
                            + "\n(top's stderr: " + read(work.resolve("top-stderr")) + ")",
                    s -> s.contains(name) && s.contains("q or Ctrl-C quits"));
            assertTrue(screen.matches("(?s).*\\n\\s*channel\\s+state\\s+backing\\s+slots.*"), screen);
            assertTrue(screen.contains("pub/s"), screen);
            tmux(socket, "send-keys", "-t", "top", key);
            String exit = await("top to exit on " + key, () -> read(work.resolve("exit")), s -> !s.isEmpty());
            assertEquals("0", exit.trim(), "exit code after " + key);
            await("the shell to go on", () -> read(work.resolve("after")), s -> !s.isEmpty());
            assertEquals(read(work.resolve("before")), read(work.resolve("after")),
                    "the terminal's settings are restored after " + key);
            String after = tmux(socket, "capture-pane", "-p", "-t", "top");
            assertFalse(after.contains("q or Ctrl-C quits"), "the alternate screen is gone: " + after);
        } finally {
            tmux(socket, "kill-server");
            try (var files = Files.list(work)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(work);
        }
    }

    private static String tmux(String socket, String... args) {
        List<String> command = new ArrayList<>(List.of(TMUX.toString(), "-L", socket));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("TERM", "xterm-256color");
        try {
            Process p = builder.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            throw new AssertionError("tmux " + String.join(" ", args) + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
