package io.framebus.memory;

import io.framebus.ByteSize;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The mounts of this process ({@code /proc/self/mounts}) that can hold channels. */
public final class MountTable {
    /** One mount: where, which filesystem, and its options. */
    public record Mount(Path directory, String type, Map<String, String> options) {
        public boolean isHugetlbfs() {
            return type.equals("hugetlbfs");
        }

        /** hugetlbfs page size from {@code pagesize=}, or the default huge page size. */
        public long hugePageSize() {
            String size = options.get("pagesize");
            return size == null ? HugePagePool.defaultPageSize() : ByteSize.parse(size);
        }

        /** A tmpfs that gives transparent huge pages to its files. */
        public boolean isHugeTmpfs(String shmemEnabled) {
            if (!type.equals("tmpfs")) {
                return false;
            }
            String huge = options.getOrDefault("huge", "never");
            return huge.equals("always") || huge.equals("within_size") || huge.equals("advise")
                    || shmemEnabled.equals("force");
        }
    }

    private final List<Mount> mounts;

    private MountTable(List<Mount> mounts) {
        this.mounts = mounts;
    }

    /** A table of the given mounts (for tests and tools that want a fixed view). */
    public static MountTable of(List<Mount> mounts) {
        return new MountTable(List.copyOf(mounts));
    }

    public static MountTable read() {
        List<Mount> mounts = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
                String[] f = line.split(" ");
                if (f.length < 4) {
                    continue;
                }
                Map<String, String> options = new LinkedHashMap<>();
                for (String option : f[3].split(",")) {
                    int eq = option.indexOf('=');
                    options.put(eq < 0 ? option : option.substring(0, eq), eq < 0 ? "" : option.substring(eq + 1));
                }
                mounts.add(new Mount(Path.of(unescape(f[1])), f[2], options));
            }
        } catch (IOException e) {
            // No /proc: only explicit directories and /dev/shm will be considered.
        }
        return new MountTable(List.copyOf(mounts));
    }

    private static String unescape(String field) {
        return field.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }

    /** Mounts listed last win, as the kernel shows shadowed mounts first. */
    public List<Mount> mounts() {
        return mounts;
    }

    public List<Mount> hugetlbfsMounts() {
        return mounts.stream().filter(Mount::isHugetlbfs).distinct().toList();
    }

    public List<Mount> hugeTmpfsMounts() {
        String shmem = shmemEnabled();
        return mounts.stream().filter(m -> m.isHugeTmpfs(shmem)).distinct().toList();
    }

    /** The mount that holds {@code directory} (longest mount-point prefix). */
    public Mount mountOf(Path directory) {
        Path dir = directory.toAbsolutePath().normalize();
        Mount best = null;
        for (Mount m : mounts) {
            if (dir.startsWith(m.directory())
                    && (best == null || m.directory().getNameCount() >= best.directory().getNameCount())) {
                best = m;
            }
        }
        return best;
    }

    /** The selected value of {@code /sys/kernel/mm/transparent_hugepage/shmem_enabled}, e.g. "never". */
    public static String shmemEnabled() {
        try {
            String text = Files.readString(Path.of("/sys/kernel/mm/transparent_hugepage/shmem_enabled"));
            int open = text.indexOf('[');
            int close = text.indexOf(']');
            return open >= 0 && close > open ? text.substring(open + 1, close) : "never";
        } catch (IOException e) {
            return "never";
        }
    }
}
