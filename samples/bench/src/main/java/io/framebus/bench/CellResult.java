package io.framebus.bench;

import org.HdrHistogram.Histogram;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one cell measured. Rates and CPU are over the throughput window (the writer as fast as the
 * transport allows); per-frame CPU divides the CPU time a process used in the window (utime + stime)
 * by the frames it handled in the window. Latency is measured twice: in the paced window (frames at a
 * camera's rate, queues empty: what a frame's trip costs) and in the throughput window (the transport
 * saturated: that plus the time frames wait in the transport's queue). Parts that do not apply are null.
 *
 * @param cell           the cell
 * @param status         "ok", or why not: "n/a: ...", "error: ...", "failed: ..."
 * @param attempts       how many times the cell was measured (more than 1 when the machine was busy)
 * @param otherLoad      share of the machine's CPU used by other processes in the window (0..1)
 * @param windowS        the throughput window, seconds
 * @param setup          how the transport was set up (backing, pages, buffers, term length)
 * @param throughput     frame rates
 * @param paced          one-way latency in the paced window
 * @param pacedFps       the rate the writer achieved in the paced window
 * @param saturated      one-way latency of the frames received in the throughput window
 * @param cpu            CPU use and what it went to
 * @param memory         private memory
 * @param times          where the writer's and the readers' time went, per frame
 * @param checksumErrors frames whose checksum did not match (must be 0)
 * @param gaps           frames missing from the readers' sequences (must be 0: every transport is lossless)
 * @param alone          the memcpy baseline's producer fill and each reader work, measured alone (else null)
 * @param pacedCpu       CPU the processes used in the paced window: what waiting at the paced rate costs
 * @param pacedHistogram the paced window's latency histogram, nanoseconds (for the percentile charts)
 */
public record CellResult(CellSpec cell, String status, int attempts, Double otherLoad, double windowS, String setup,
                         Throughput throughput, Latency paced, Double pacedFps, Latency saturated, Cpu cpu,
                         Memory memory, Times times, Long checksumErrors, Long gaps, Alone alone,
                         PacedCpu pacedCpu, Histogram pacedHistogram) {

    /**
     * @param fpsPerReader    frames per second delivered to each reader (mean over the readers)
     * @param fpsPerReaderMin the slowest reader's frames per second
     * @param writerFps       frames per second the writer published or sent
     */
    public record Throughput(Double fpsPerReader, Double fpsPerReaderMin, double writerFps) {
    }

    /**
     * One-way latency, writer's publish or send time to the reader's take or complete receive, all
     * readers' frames together, in microseconds.
     */
    public record Latency(double p50Us, double p99Us, double p999Us, double maxUs, long samples) {
        /** The percentiles of a histogram of nanoseconds, or null when it holds no sample. */
        public static Latency of(Histogram h) {
            if (h.getTotalCount() == 0) {
                return null;
            }
            return new Latency(h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3,
                    h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3, h.getTotalCount());
        }
    }

    /**
     * @param writerS               writer CPU seconds in the window
     * @param readersS              CPU seconds of all readers together in the window
     * @param readerSPerFrame       each reader's CPU seconds per frame it received (mean)
     * @param writerSwitchesPerFrame writer context switches per frame
     * @param readerSwitchesPerFrame each reader's context switches per frame (mean): blocking and waking up
     * @param readerFaultsPerFrame  each reader's minor page faults per frame (mean)
     */
    public record Cpu(double writerS, Double readersS, Double readerSPerFrame, Double writerSwitchesPerFrame,
                      Double readerSwitchesPerFrame, Double readerFaultsPerFrame) {
    }

    /** Private memory (Private_Clean + Private_Dirty) at the end of the window, MB (10^6 bytes). */
    public record Memory(Double readerMb, Double writerMb) {
    }

    /**
     * Milliseconds per frame: the writer filling, waiting for memory, handing over; a reader's work. And the
     * share of the throughput window the writer's producing thread was on a core (its CPU time over the
     * window's, from {@code CLOCK_THREAD_CPUTIME_ID}), or null: below 1, the fill, wait or hand-over were
     * stretched by the thread waiting for a core.
     */
    public record Times(Double fillMs, Double waitMs, Double sendMs, Double readerWorkMs, Double writerOnCore) {
        /** Times without the writer thread's share of a core. */
        public Times(Double fillMs, Double waitMs, Double sendMs, Double readerWorkMs) {
            this(fillMs, waitMs, sendMs, readerWorkMs, null);
        }
    }

    /**
     * What one frame costs each side when it runs alone, milliseconds of one core: the producer's fill, and
     * each reader work ({@link Work#TOUCH}, {@link Work#FULL}) on frames it wrote, one after the other in the
     * memcpy baseline's process. With the machine's cores they give the CPU limit of every cell.
     */
    public record Alone(Double fillMs, Double touchMs, Double fullMs) {
        /** Milliseconds of one core per frame of reader work {@code w}, or null. */
        public Double workMs(Work w) {
            return w == Work.FULL ? fullMs : touchMs;
        }
    }

    /** Shares of one core used during the paced window: the writer, and each reader (mean). */
    public record PacedCpu(Double writerCores, Double readerCores) {
    }

    /** A cell that did not produce measurements. */
    public static CellResult without(CellSpec cell, String status, double windowS, int attempts) {
        return new CellResult(cell, status, attempts, null, windowS, null, null, null, null, null, null, null, null,
                null, null, null, null, null);
    }

    public CellResult withAttempts(int n) {
        return new CellResult(cell, status, n, otherLoad, windowS, setup, throughput, paced, pacedFps, saturated, cpu,
                memory, times, checksumErrors, gaps, alone, pacedCpu, pacedHistogram);
    }

    /** This result with another paced latency and its histogram (several rounds' frames pooled, say). */
    public CellResult withPaced(Latency latency, Histogram histogram) {
        return new CellResult(cell, status, attempts, otherLoad, windowS, setup, throughput, latency, pacedFps,
                saturated, cpu, memory, times, checksumErrors, gaps, alone, pacedCpu, histogram);
    }

    /** Share of a core each reader used in the paced window (waiting at the paced rate), or null. */
    public Double pacedReaderCores() {
        return pacedCpu == null ? null : pacedCpu.readerCores();
    }

    public boolean ok() {
        return "ok".equals(status);
    }

    public Double fpsPerReader() {
        return throughput == null ? null : throughput.fpsPerReader();
    }

    public Double writerFps() {
        return throughput == null ? null : throughput.writerFps();
    }

    /** GB/s delivered to each reader (10^9 bytes per second). */
    public Double gbps() {
        Double fps = fpsPerReader();
        return fps == null ? null : fps * cell.payload().bytes() / 1e9;
    }

    /** The latency the table shows: the paced one, or the saturated one when there was no paced window. */
    public Latency latency() {
        return paced != null ? paced : saturated;
    }

    public Double latencyP50Us() {
        return latency() == null ? null : latency().p50Us();
    }

    public Double latencyP99Us() {
        return latency() == null ? null : latency().p99Us();
    }

    public Double latencyP999Us() {
        return latency() == null ? null : latency().p999Us();
    }

    /** 99th percentile of the one-way latency with the transport saturated (the throughput window). */
    public Double saturatedP99Us() {
        return saturated == null ? null : saturated.p99Us();
    }

    public Double readerCpuSPerFrame() {
        return cpu == null ? null : cpu.readerSPerFrame();
    }

    public Double readerPrivateMb() {
        return memory == null ? null : memory.readerMb();
    }

    /**
     * Share of the writer's measured time per frame that went to the fill itself, fill / (fill + wait for a slot
     * + hand-over), or null: 1 minus it is what the transport's side of the producer costs.
     */
    public Double writerFillShare() {
        if (times == null || times.fillMs() == null || times.waitMs() == null || times.sendMs() == null) {
            return null;
        }
        double all = times.fillMs() + times.waitMs() + times.sendMs();
        return all > 0 ? times.fillMs() / all : null;
    }

    /**
     * Share of the throughput window the writer's producing thread was on a core ({@link Times#writerOnCore}),
     * or null: below 1, its readers or other processes had its core for the rest.
     */
    public Double writerOnCore() {
        return times == null ? null : times.writerOnCore();
    }

    /** Writer CPU seconds per frame published. */
    public Double writerCpuSPerFrame() {
        return cpu == null || throughput.writerFps() <= 0 ? null : cpu.writerS() / (throughput.writerFps() * windowS);
    }

    /** CPU seconds of the writer and all readers together, per frame published (delivered to every reader). */
    public Double cpuSPerFrame() {
        if (cpu == null || throughput.writerFps() <= 0) {
            return null;
        }
        return (cpu.writerS() + (cpu.readersS() == null ? 0 : cpu.readersS())) / (throughput.writerFps() * windowS);
    }

    /**
     * The row of bench-results.json and bench-results.csv; {@code ratios} adds the comparisons
     * (against framebus and against the memcpy limit).
     */
    public Map<String, Object> toMap(Ratios ratios) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("transport", cell.transport().id());
        m.put("wait", cell.waitStrategy().isEmpty() ? null : cell.waitStrategy());
        m.put("payload", cell.payload().id());
        m.put("payload_bytes", cell.payload().bytes());
        m.put("payload_description", cell.payload().description());
        m.put("readers", cell.readers());
        m.put("work", cell.transport().hasWork() ? cell.work().id() : "none");
        m.put("status", status);
        m.put("fps_per_reader", round(fpsPerReader(), 1));
        m.put("fps_per_reader_min", round(throughput == null ? null : throughput.fpsPerReaderMin(), 1));
        m.put("gbps", round(gbps(), 3));
        Latency l = latency();
        m.put("latency_p50_us", round(l == null ? null : l.p50Us(), 1));
        m.put("latency_p99_us", round(l == null ? null : l.p99Us(), 1));
        m.put("latency_p999_us", round(l == null ? null : l.p999Us(), 1));
        m.put("latency_max_us", round(l == null ? null : l.maxUs(), 1));
        m.put("latency_samples", l == null ? null : l.samples());
        m.put("latency_mode", paced != null ? "paced" : saturated != null ? "saturated" : null);
        m.put("paced_fps", round(pacedFps, 1));
        m.put("saturated_latency_p50_us", round(saturated == null ? null : saturated.p50Us(), 1));
        m.put("saturated_latency_p99_us", round(saturated == null ? null : saturated.p99Us(), 1));
        m.put("saturated_latency_p999_us", round(saturated == null ? null : saturated.p999Us(), 1));
        m.put("cpu_s_per_frame", round(cpuSPerFrame(), 7));
        m.put("writer_cpu_s_per_frame", round(writerCpuSPerFrame(), 7));
        m.put("reader_cpu_s_per_frame", round(cpu == null ? null : cpu.readerSPerFrame(), 7));
        m.put("reader_private_mb", round(memory == null ? null : memory.readerMb(), 1));
        m.put("writer_private_mb", round(memory == null ? null : memory.writerMb(), 1));
        m.put("writer_fps", round(writerFps(), 1));
        m.put("fps_vs_framebus", round(ratios.fpsVsFramebus(), 3));
        m.put("latency_p50_vs_framebus", round(ratios.p50VsFramebus(), 3));
        m.put("latency_p99_vs_framebus", round(ratios.p99VsFramebus(), 3));
        m.put("writer_fps_vs_memcpy", round(ratios.writerVsMemcpy(), 3));
        m.put("cpu_limit_fps", round(ratios.cpuLimitFps(), 1));
        m.put("fps_of_cpu_limit", round(ratios.ofCpuLimit(), 3));
        m.put("floor_p50_us", round(ratios.floorP50Us(), 1));
        m.put("floor_p99_us", round(ratios.floorP99Us(), 1));
        m.put("latency_p50_of_floor", round(ratios.p50OfFloor(), 3));
        m.put("latency_p99_of_floor", round(ratios.p99OfFloor(), 3));
        m.put("latency_p99_of_floor_1", round(ratios.p99OfFloor1(), 3));
        m.put("paced_reader_cpu_cores", round(pacedReaderCores(), 4));
        m.put("paced_writer_cpu_cores", round(pacedCpu == null ? null : pacedCpu.writerCores(), 4));
        m.put("alone_fill_ms_per_frame", round(alone == null ? null : alone.fillMs(), 6));
        m.put("alone_touch_ms_per_frame", round(alone == null ? null : alone.touchMs(), 6));
        m.put("alone_full_ms_per_frame", round(alone == null ? null : alone.fullMs(), 6));
        m.put("writer_fill_ms_per_frame", round(times == null ? null : times.fillMs(), 4));
        m.put("writer_wait_ms_per_frame", round(times == null ? null : times.waitMs(), 4));
        m.put("writer_send_ms_per_frame", round(times == null ? null : times.sendMs(), 4));
        m.put("writer_thread_on_core", round(times == null ? null : times.writerOnCore(), 3));
        m.put("reader_work_ms_per_frame", round(times == null ? null : times.readerWorkMs(), 4));
        m.put("writer_context_switches_per_frame", round(cpu == null ? null : cpu.writerSwitchesPerFrame(), 2));
        m.put("reader_context_switches_per_frame", round(cpu == null ? null : cpu.readerSwitchesPerFrame(), 2));
        m.put("reader_minor_faults_per_frame", round(cpu == null ? null : cpu.readerFaultsPerFrame(), 2));
        m.put("checksum_errors", checksumErrors);
        m.put("gaps", gaps);
        m.put("other_load", round(otherLoad, 3));
        m.put("attempts", attempts);
        m.put("window_s", round(windowS, 3));
        m.put("setup", setup);
        return m;
    }

    /**
     * This cell compared with others of the same run; null where there is nothing to compare with.
     *
     * @param fpsVsFramebus  frames/s per reader divided by framebus's (default wait) in the same cell
     * @param p50VsFramebus  paced p50 divided by framebus's
     * @param p99VsFramebus  paced p99 divided by framebus's
     * @param writerVsMemcpy the writer's frames/s as a share of the memcpy-only limit
     * @param cpuLimitFps    the CPU limit of the cell: min(1 / fill, 1 / work, cores / (fill + readers x work)), fps
     * @param ofCpuLimit     frames/s per reader as a share of {@code cpuLimitFps}
     * @param floorP50Us     p50 of the wake-up floor with as many sleepers as the cell has readers
     * @param floorP99Us     p99 of that floor
     * @param p50OfFloor     paced p50 divided by {@code floorP50Us}
     * @param p99OfFloor     paced p99 divided by {@code floorP99Us}
     * @param p99OfFloor1    paced p99 divided by the p99 of the floor with one sleeper
     */
    public record Ratios(Double fpsVsFramebus, Double p50VsFramebus, Double p99VsFramebus, Double writerVsMemcpy,
                         Double cpuLimitFps, Double ofCpuLimit, Double floorP50Us, Double floorP99Us,
                         Double p50OfFloor, Double p99OfFloor, Double p99OfFloor1) {
        public static final Ratios NONE = new Ratios(null, null, null, null, null, null, null, null, null, null, null);
    }

    static Double round(Double v, int decimals) {
        if (v == null || v.isNaN() || v.isInfinite()) {
            return null;
        }
        double scale = Math.pow(10, decimals);
        return Math.round(v * scale) / scale;
    }
}
