package io.framebus.memory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The kernel's pool of explicit huge pages ({@code vm.nr_hugepages}). */
public final class HugePagePool {
    private HugePagePool() {
    }

    /** The default huge page size from {@code /proc/meminfo} (2 MiB on x86_64). */
    public static long defaultPageSize() {
        long kb = meminfo("Hugepagesize:");
        return kb > 0 ? kb << 10 : 2L << 20;
    }

    /** Pages of {@code pageSize} that are free and not already reserved by another mapping. */
    public static long availablePages(long pageSize) {
        Path dir = Path.of("/sys/kernel/mm/hugepages/hugepages-" + (pageSize >> 10) + "kB");
        return Math.max(0, number(dir.resolve("free_hugepages")) - number(dir.resolve("resv_hugepages")));
    }

    public static long totalPages(long pageSize) {
        return number(Path.of("/sys/kernel/mm/hugepages/hugepages-" + (pageSize >> 10) + "kB/nr_hugepages"));
    }

    private static long number(Path file) {
        try {
            return Long.parseLong(Files.readString(file).trim());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private static long meminfo(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through
        }
        return -1;
    }
}
