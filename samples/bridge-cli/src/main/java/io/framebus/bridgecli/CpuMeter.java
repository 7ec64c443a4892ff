package io.framebus.bridgecli;

import io.framebus.cli.Json;
import io.framebus.testkit.ProcStats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * What a {@code bridge bench} run cost in CPU: every {@value #PERIOD_MILLIS} ms while the run lasts, the CPU time
 * (utime + stime) of each of its processes and of the whole machine. {@link #usage} then tells, for the part of the
 * run that was measured, how many cores each process used and how busy the machine was: whether the two "hosts",
 * which share this machine's cores, were limited by the link or by the CPU.
 */
final class CpuMeter implements AutoCloseable {
    private static final long PERIOD_MILLIS = 50;

    /**
     * One look at every process (an ended one keeps its last value: it did no more work) and at the machine
     * ({busy, total, steal} ticks).
     */
    private record Sample(long nanos, long[] processTicks, boolean[] alive, long[] machineTicks) {
    }

    /**
     * The cores used in a window of a run.
     *
     * @param seconds   the window's length
     * @param processes cores each process used, by its name, in the order they were given
     * @param busy      cores the whole machine was busy (every process, the kernel's network work, steal)
     * @param steal     of those, cores the hypervisor gave to something else (other guests)
     * @param cores     the machine's cores
     */
    record Usage(double seconds, Map<String, Double> processes, double busy, double steal, int cores) {
        /** @return the cores process {@code name} used */
        double of(String name) {
            return processes.get(name);
        }
    }

    private final List<String> names;
    private final long[] pids;
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean stopped;

    private CpuMeter(List<String> names, long[] pids) {
        if (names.size() != pids.length) {
            throw new IllegalArgumentException(names.size() + " names for " + pids.length + " processes");
        }
        this.names = List.copyOf(names);
        this.pids = pids;
        this.thread = Thread.ofPlatform().daemon().name("bridge-bench-cpu").start(this::sampleUntilStopped);
    }

    /** Starts sampling the processes {@code pids}, which {@link Usage} reports under {@code names}, in order. */
    static CpuMeter start(List<String> names, long... pids) {
        return new CpuMeter(names, pids.clone());
    }

    private void sampleUntilStopped() {
        long[] last = new long[pids.length];
        while (!stopped) {
            boolean[] alive = new boolean[pids.length];
            for (int i = 0; i < pids.length; i++) {
                long t = ProcStats.cpuTicks(pids[i]);
                alive[i] = t >= 0;
                last[i] = alive[i] ? t : last[i];
            }
            Sample s = new Sample(System.nanoTime(), last.clone(), alive, ProcStats.machineTicks());
            synchronized (samples) {
                samples.add(s);
            }
            LockSupport.parkNanos(PERIOD_MILLIS * 1_000_000);
        }
    }

    /**
     * The cores used over the last {@code seconds} during which process {@code lastToEnd} (the far reader) was
     * alive.
     *
     * @return the usage, or null when fewer than two samples fall in that window
     */
    Usage usage(String lastToEnd, double seconds) {
        List<Sample> all;
        synchronized (samples) {
            all = new ArrayList<>(samples);
        }
        int index = names.indexOf(lastToEnd);
        if (index < 0) {
            throw new IllegalArgumentException("no process named " + lastToEnd + " is measured");
        }
        int end = all.size() - 1;
        while (end >= 0 && !all.get(end).alive[index]) {
            end--;
        }
        if (end < 1) {
            return null;
        }
        long from = all.get(end).nanos - (long) (seconds * 1e9);
        int start = end - 1;
        while (start > 0 && all.get(start - 1).nanos >= from) {
            start--;
        }
        Sample a = all.get(start);
        Sample b = all.get(end);
        double wall = (b.nanos - a.nanos) / 1e9;
        Map<String, Double> cores = new LinkedHashMap<>();
        for (int i = 0; i < pids.length; i++) {
            cores.put(names.get(i), ProcStats.seconds(b.processTicks[i] - a.processTicks[i]) / wall);
        }
        int machineCores = Runtime.getRuntime().availableProcessors();
        return new Usage(wall, cores, machineCores * machineShare(a, b, 0), machineCores * machineShare(a, b, 2),
                machineCores);
    }

    /** The share of the machine's ticks between {@code a} and {@code b} that went to field {@code i} (busy, steal). */
    private static double machineShare(Sample a, Sample b, int i) {
        long total = b.machineTicks[1] - a.machineTicks[1];
        return total > 0 ? (double) (b.machineTicks[i] - a.machineTicks[i]) / total : 0;
    }

    /** The usage as a report's fields, each process under its name. */
    static Map<String, Object> fields(Usage u) {
        Map<String, Object> m = new LinkedHashMap<>();
        u.processes().forEach((name, cores) -> m.put(name, Json.round(cores, 2)));
        m.put("machine_busy", Json.round(u.busy(), 2));
        m.put("machine_steal", Json.round(u.steal(), 2));
        m.put("machine_cores", u.cores());
        m.put("seconds", Json.round(u.seconds(), 1));
        return m;
    }

    @Override
    public void close() {
        stopped = true;
        try {
            thread.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
