package io.framebus.mains;

import io.framebus.memory.HugePagePool;
import io.framebus.memory.MountTable;
import io.framebus.testkit.HostFacts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What the host offers to tests that need root or huge pages. Such tests skip on a developer machine
 * without them, but fail when {@code FRAMEBUS_NO_SKIP=1} (set by CI), so those paths are really tested
 * there.
 */
public final class Host {
    private Host() {
    }

    /** Whether a missing capability must fail the test ({@code FRAMEBUS_NO_SKIP=1}, set by CI). */
    public static boolean required() {
        return HostFacts.noSkip();
    }

    /** Skips the test (or fails it under CI) unless {@code condition} holds. */
    public static void require(boolean condition, String what) {
        String failure = HostFacts.failureUnlessSkippable(what);
        if (failure != null && !condition) {
            throw new AssertionError(failure);
        }
        assumeTrue(condition, what);
    }

    public static boolean isRoot() {
        return HostFacts.isRoot();
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
        HostFacts.run(command);
    }
}
