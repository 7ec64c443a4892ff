package io.framebus.bench;

import io.framebus.testkit.ChildProcess;
import io.framebus.testkit.ProcStats;
import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.Map;

/**
 * The arithmetic of one cell: turns what the writer and the readers reported at the end of the window
 * (frame counts, timings, latency histograms, checksum errors) and two {@link Sample}s of their CPU time,
 * context switches and page faults into a {@link CellResult}. Throughput and per-frame costs are
 * averaged over the readers; the load of other processes is the machine's busy time that none of the
 * cell's processes (nor this one) account for.
 */
final class CellMeasurement {
    private CellMeasurement() {
    }

    /** CPU ticks, context switches and page faults of the cell's processes, and of the machine, at one moment. */
    record Sample(long[] cpu, long[] switches, long[] faults, long self, long[] machine) {
        static Sample of(List<ChildProcess> processes) {
            int n = processes.size();
            long[] cpu = new long[n];
            long[] switches = new long[n];
            long[] faults = new long[n];
            for (int i = 0; i < n; i++) {
                long pid = processes.get(i).pid();
                cpu[i] = ProcStats.cpuTicks(pid);
                switches[i] = ProcStats.contextSwitches(pid);
                faults[i] = ProcStats.minorFaults(pid);
            }
            return new Sample(cpu, switches, faults, ProcStats.cpuTicks(ProcessHandle.current().pid()),
                    ProcStats.machineTicks());
        }
    }

    /**
     * The cell's result from what its processes reported and from the samples taken at the windows' starts
     * and ends.
     *
     * @param settings     the run's settings (paced window)
     * @param cell         the cell measured
     * @param setup        what the writer said about its setup when it connected
     * @param windowS      the throughput window, in seconds (0 for the wake-up floor, which has none)
     * @param w            the writer's RESULT fields
     * @param rs           each reader's RESULT fields, in the order of the samples' readers
     * @param window       the samples at the throughput window's start and end
     * @param pacedWindow  the samples at the paced window's start and end, or null without a paced window
     * @param privateBytes each process's private memory at the window's end (writer first), negative if unknown
     * @return the cell's result, with one attempt
     */
    static CellResult of(BenchSettings settings, CellSpec cell, String setup, double windowS, Map<String, String> w,
                         List<Map<String, String>> rs, Sample[] window, Sample[] pacedWindow, long[] privateBytes) {
        Sample s0 = window[0];
        Sample s1 = window[1];
        long writerFrames = Long.parseLong(w.get("frames"));
        double writerFps = windowS > 0 ? writerFrames / windowS : 0;
        double writerCpu = ProcStats.seconds(s1.cpu()[0] - s0.cpu()[0]);
        Double otherLoad = otherLoad(cell.transport() == Transport.FLOOR && pacedWindow != null ? pacedWindow
                : window);
        CellResult.Times writerTimes = new CellResult.Times(perFrame(w.get("fill_ns"), writerFrames),
                perFrame(w.get("wait_ns"), writerFrames), perFrame(w.get("publish_ns"), writerFrames), null,
                share(w.get("thread_cpu_ns"), w.get("thread_wall_ns")));
        Double writerPrivate = privateBytes[0] < 0 ? null : privateBytes[0] / 1e6;
        Double writerSwitches = writerFrames > 0 ? (s1.switches()[0] - s0.switches()[0]) / (double) writerFrames : null;
        if (!cell.transport().hasReaders()) {
            String status = writerFrames > 0 ? "ok" : "error: the producer wrote no frame in the window";
            CellResult.Alone alone = new CellResult.Alone(writerTimes.fillMs(),
                    perFrame(w.get("touch_ns"), parse(w.get("touch_frames"))),
                    perFrame(w.get("full_ns"), parse(w.get("full_frames"))));
            return new CellResult(cell, status, 1, otherLoad, windowS, setup,
                    new CellResult.Throughput(null, null, writerFps), null, null, null,
                    new CellResult.Cpu(writerCpu, null, null, writerSwitches, null, null),
                    new CellResult.Memory(null, writerPrivate), writerTimes, null, null, alone, null, null);
        }
        Histogram saturated = new Histogram(1, 3_600_000_000_000L, 3);
        Histogram paced = new Histogram(1, 3_600_000_000_000L, 3);
        double fpsSum = 0;
        double fpsMin = Double.MAX_VALUE;
        double readerCpu = 0;
        double cpuPerFrameSum = 0;
        double switchesSum = 0;
        double faultsSum = 0;
        double workSum = 0;
        double privateSum = 0;
        long errors = 0;
        long gaps = 0;
        long minFrames = Long.MAX_VALUE;
        for (int i = 0; i < rs.size(); i++) {
            Map<String, String> r = rs.get(i);
            long frames = Long.parseLong(r.get("frames"));
            minFrames = Math.min(minFrames, frames);
            double fps = windowS > 0 ? frames / windowS : 0;
            fpsSum += fps;
            fpsMin = Math.min(fpsMin, fps);
            double cpu = ProcStats.seconds(s1.cpu()[i + 1] - s0.cpu()[i + 1]);
            readerCpu += cpu;
            if (frames > 0) {
                cpuPerFrameSum += cpu / frames;
                switchesSum += (s1.switches()[i + 1] - s0.switches()[i + 1]) / (double) frames;
                faultsSum += (s1.faults()[i + 1] - s0.faults()[i + 1]) / (double) frames;
                workSum += Long.parseLong(r.get("work_ns")) / 1e6 / frames;
            }
            privateSum += Math.max(0, privateBytes[i + 1]) / 1e6;
            errors += Long.parseLong(r.get("checksum_errors"));
            gaps += Long.parseLong(r.get("gaps"));
            saturated.add(BenchReader.histogram(r, "hist", "lat"));
            paced.add(BenchReader.histogram(r, "paced_hist", "paced_lat"));
        }
        int n = rs.size();
        String status = status(cell, errors, gaps, minFrames, paced);
        Double pacedFps = settings.paced() ? Long.parseLong(w.get("paced_frames"))
                / (settings.pacedWindow().toNanos() / 1e9) : null;
        boolean floor = cell.transport() == Transport.FLOOR; // the loaded floor has a throughput window
        return new CellResult(cell, status, 1, otherLoad, windowS, setup,
                floor ? null : new CellResult.Throughput(fpsSum / n, fpsMin, writerFps), CellResult.Latency.of(paced),
                pacedFps, CellResult.Latency.of(saturated),
                floor ? null : new CellResult.Cpu(writerCpu, readerCpu, cpuPerFrameSum / n, writerSwitches,
                        switchesSum / n, faultsSum / n),
                new CellResult.Memory(privateSum / n, writerPrivate),
                new CellResult.Times(writerTimes.fillMs(), writerTimes.waitMs(), floor
                        ? perFrame(w.get("publish_ns"), parse(w.get("paced_frames"))) : writerTimes.sendMs(),
                        floor ? null : workSum / n, writerTimes.writerOnCore()),
                floor ? null : errors, floor ? null : gaps, null, pacedCpu(settings, pacedWindow),
                paced.getTotalCount() > 0 ? paced : null);
    }

    private static String status(CellSpec cell, long errors, long gaps, long minFrames, Histogram paced) {
        if (cell.transport() == Transport.FLOOR) {
            return paced.getTotalCount() > 0 ? "ok" : "error: no sleeper was woken in the paced window";
        }
        if (errors > 0 || gaps > 0) {
            return "failed: " + errors + " frames failed the checksum, " + gaps + " frames missing";
        }
        return minFrames == 0 ? "error: a reader received no frame in the window" : "ok";
    }

    /** Share of the machine's CPU that none of the cell's processes (nor this one) used between two samples. */
    private static Double otherLoad(Sample[] samples) {
        Sample s0 = samples[0];
        Sample s1 = samples[1];
        long ourTicks = s1.self() - s0.self();
        for (int i = 0; i < s0.cpu().length; i++) {
            ourTicks += s1.cpu()[i] - s0.cpu()[i];
        }
        long machineBusy = s1.machine()[0] - s0.machine()[0];
        long machineTotal = s1.machine()[1] - s0.machine()[1];
        return machineTotal > 0 ? Math.max(0, machineBusy - ourTicks) / (double) machineTotal : null;
    }

    /** Cores the writer and each reader (mean) used in the paced window. */
    private static CellResult.PacedCpu pacedCpu(BenchSettings settings, Sample[] paced) {
        if (paced == null) {
            return null;
        }
        double seconds = settings.pacedWindow().toNanos() / 1e9;
        int n = paced[0].cpu().length;
        double readers = 0;
        for (int i = 1; i < n; i++) {
            readers += ProcStats.seconds(paced[1].cpu()[i] - paced[0].cpu()[i]);
        }
        double writer = ProcStats.seconds(paced[1].cpu()[0] - paced[0].cpu()[0]);
        return new CellResult.PacedCpu(writer / seconds, n > 1 ? readers / (n - 1) / seconds : null);
    }

    /** {@code part / whole} of two RESULT fields, or null when either is missing or not positive. */
    private static Double share(String part, String whole) {
        long p = parse(part);
        long w = parse(whole);
        return p < 0 || w <= 0 ? null : (double) p / w;
    }

    private static long parse(String value) {
        return value == null ? 0 : Long.parseLong(value);
    }

    private static Double perFrame(String nanos, long frames) {
        return nanos == null || frames <= 0 ? null : Long.parseLong(nanos) / 1e6 / frames;
    }
}
