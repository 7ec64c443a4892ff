package io.framebus.mains;

import io.framebus.memory.HugePagePool;
import io.framebus.memory.MountTable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What the host offers to tests that need root or huge pages. Such tests skip on a developer machine
 * without them, but fail when {@code FRAMEBUS_REQUIRE_HUGEPAGES=1} (set by CI), so the huge-page path
 * is really tested there.
 */
public final class Host {
    private Host() {
    }

    public static boolean required() {
        return "1".equals(System.getenv("FRAMEBUS_REQUIRE_HUGEPAGES"));
    }

    /** Skips the test (or fails it under CI) unless {@code condition} holds. */
    public static void require(boolean condition, String what) {
        if (required() && !condition) {
            throw new AssertionError("FRAMEBUS_REQUIRE_HUGEPAGES=1 but " + what
                    + " (CI's .ci/run reserves huge pages and runs as root)");
        }
        assumeTrue(condition, what);
    }

    public static boolean isRoot() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** A writable hugetlbfs mount with at least {@code pages} free 2 MiB pages. */
    public static Optional<Path> hugetlbfs(long pages) {
        if (HugePagePool.availablePages(2L << 20) < pages) {
            return Optional.empty();
        }
        return MountTable.read().hugetlbfsMounts().stream()
                .filter(m -> m.hugePageSize() == 2L << 20 && Files.isWritable(m.directory()))
                .map(MountTable.Mount::directory).findFirst();
    }

    /** Mounts a tmpfs at a fresh temporary directory (root only); unmount with {@link Mounted#close()}. */
    public static Mounted mountTmpfs(String options) throws IOException {
        Path dir = Files.createTempDirectory("framebus-test-mnt");
        run(List.of("mount", "-t", "tmpfs", "-o", options, "tmpfs", dir.toString()));
        return new Mounted(dir);
    }

    /** A test-owned mount point. */
    public record Mounted(Path dir) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            run(List.of("umount", dir.toString()));
            Files.deleteIfExists(dir);
        }
    }

    public static void run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(command + " failed: " + new String(p.getInputStream().readAllBytes()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
