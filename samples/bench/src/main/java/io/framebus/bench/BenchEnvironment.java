package io.framebus.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/** The machine a run was measured on: the facts a reader of the results needs to judge them. */
public record BenchEnvironment(String date, String cpu, int cpus, String kernel, String java, String loadAverage,
                               String transparentHugePages, String shmemHugePages, String hugePagesFree,
                               String socketBufferMax) {

    public static BenchEnvironment capture() {
        return new BenchEnvironment(
                ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME).replaceFirst("\\.\\d+", ""),
                cpuModel(),
                Runtime.getRuntime().availableProcessors(),
                read("/proc/sys/kernel/osrelease"),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")",
                read("/proc/loadavg"),
                read("/sys/kernel/mm/transparent_hugepage/enabled"),
                read("/sys/kernel/mm/transparent_hugepage/shmem_enabled"),
                meminfo("HugePages_Free") + " of " + meminfo("HugePages_Total") + " (2 MiB)",
                "wmem_max " + read("/proc/sys/net/core/wmem_max") + ", rmem_max "
                        + read("/proc/sys/net/core/rmem_max"));
    }

    /**
     * Reads a small /proc or /sys file. Not {@code Files.readString}: it sizes its read from the file's
     * size, which sysctl files misreport, and returned "4" for a wmem_max of 4194304.
     */
    private static String read(String file) {
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("?");
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static String meminfo(String key) {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith(key + ":"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("?");
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("date", date);
        m.put("cpu", cpu);
        m.put("cpus", cpus);
        m.put("kernel", kernel);
        m.put("java", java);
        m.put("load_average_at_start", loadAverage);
        m.put("transparent_hugepage", transparentHugePages);
        m.put("shmem_hugepage", shmemHugePages);
        m.put("hugepages_free", hugePagesFree);
        m.put("socket_buffer_max", socketBufferMax);
        return m;
    }
}
