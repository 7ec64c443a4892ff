package io.framebus.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * CPU time and memory of processes, from procfs (Linux): what {@code top} and {@code smem} read,
 * without attaching to the process.
 */
public final class ProcStats {
    /** USER_HZ: the unit of utime and stime (100 on every mainstream Linux ABI; asked of getconf). */
    public static final long CLOCK_TICKS = clockTicks();

    private ProcStats() {
    }

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return Long.parseLong(s);
            }
        } catch (IOException | RuntimeException e) {
            // fall back to the universal value
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100;
    }

    /**
     * utime + stime of process {@code pid} (all its threads, also those that ended, not its children) in clock
     * ticks, from fields 14 and 15 of {@code /proc/PID/stat}; -1 if the process is gone.
     */
    public static long cpuTicks(long pid) {
        try {
            String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // comm (field 2) is in parentheses and may contain spaces: fields from 3 on follow the last ')'
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[14 - 3]) + Long.parseLong(f[15 - 3]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Minor page faults of process {@code pid} (field 10 of {@code /proc/PID/stat}, all threads); -1 if
     * the process is gone.
     */
    public static long minorFaults(long pid) {
        try {
            String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[10 - 3]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Context switches (voluntary + involuntary) of all live threads of process {@code pid}, from
     * {@code /proc/PID/task/TID/status}: a thread that blocks (futex, socket read) and is woken again
     * counts one voluntary switch. -1 if the process is gone.
     */
    public static long contextSwitches(long pid) {
        long sum = 0;
        try (var tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:")
                                || line.startsWith("nonvoluntary_ctxt_switches:")) {
                            sum += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                } catch (IOException | RuntimeException threadGone) {
                    // the thread ended meanwhile
                }
            }
            return sum;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Seconds of {@code ticks}. */
    public static double seconds(long ticks) {
        return ticks / (double) CLOCK_TICKS;
    }

    /**
     * Whole machine: {busy, total, steal} clock ticks since boot, summed over its CPUs, from the first line of
     * {@code /proc/stat}. Busy counts steal: time a virtual machine's CPU was runnable but the hypervisor ran
     * something else (other guests), which is the noise of a shared host.
     */
    public static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) { // user nice system idle iowait irq softirq steal
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
            return new long[] {total - idle, total, steal};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0, 0};
        }
    }

    /** {@code /proc/PID/smaps_rollup} as kB values (Rss, Pss, Private_Clean, ...); empty if unreadable. */
    public static Map<String, Long> smapsRollup(long pid) {
        Map<String, Long> m = new LinkedHashMap<>();
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"));
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                int c = line.indexOf(':');
                if (c < 0) {
                    continue;
                }
                String[] v = line.substring(c + 1).trim().split("\\s+");
                try {
                    m.put(line.substring(0, c), Long.parseLong(v[0]));
                } catch (NumberFormatException ignored) {
                    // not a size line
                }
            }
        } catch (IOException | RuntimeException e) {
            // process gone
        }
        return m;
    }

    /** Private_Clean + Private_Dirty of process {@code pid} in bytes (memory no other process shares); -1 if gone. */
    public static long privateBytes(long pid) {
        Map<String, Long> m = smapsRollup(pid);
        if (m.isEmpty()) {
            return -1;
        }
        return (m.getOrDefault("Private_Clean", 0L) + m.getOrDefault("Private_Dirty", 0L)) * 1024;
    }
}
