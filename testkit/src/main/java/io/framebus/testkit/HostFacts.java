package io.framebus.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What a test may ask of the host: whether it runs as root, whether a tool is installed, whether it must
 * not skip, and a way to run a setup command. Tests that need root (other users, namespaces, mounts), huge
 * pages or a tool skip on a developer machine without them, but fail when {@code FRAMEBUS_NO_SKIP=1}: CI
 * sets it, so no path goes untested.
 */
public final class HostFacts {
    /** The variable that turns skips for a missing host capability into failures. */
    public static final String NO_SKIP = "FRAMEBUS_NO_SKIP";

    private HostFacts() {
    }

    /** Whether {@code FRAMEBUS_NO_SKIP=1}: a test must fail rather than skip when the host lacks something. */
    public static boolean noSkip() {
        return "1".equals(System.getenv(NO_SKIP));
    }

    /** Whether this process's effective user is root. */
    public static boolean isRoot() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Whether {@code command} is an executable file in a directory of {@code $PATH}, or of {@code /usr/sbin}
     * and {@code /sbin} (where Debian puts {@code nft}, and a non-login root shell may not look).
     *
     * @param command a program name, without a directory
     * @return whether it can be run by name
     */
    public static boolean onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin";
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The message for a missing capability, or null when the test may simply skip.
     *
     * @param what what the test needs, for the message
     * @return the failure message under {@code FRAMEBUS_NO_SKIP=1}, else null
     */
    public static String failureUnlessSkippable(String what) {
        return noSkip() ? NO_SKIP + "=1 but the host lacks " + what
                + " (CI's .ci/run runs as root, reserves huge pages and installs the tools)" : null;
    }

    /**
     * Runs a setup command and waits up to 30 s for it.
     *
     * @param command the program and its arguments
     * @return its output (stdout and stderr)
     * @throws IOException when it cannot start, times out or exits non-zero
     */
    public static String run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            boolean finished = p.waitFor(30, TimeUnit.SECONDS);
            String out = new String(p.getInputStream().readAllBytes());
            if (!finished || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException(command + " failed: " + out);
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
