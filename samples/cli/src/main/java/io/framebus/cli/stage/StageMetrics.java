package io.framebus.cli.stage;

import io.framebus.pipeline.StageListener;
import org.HdrHistogram.Histogram;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Measures one pipeline stage from its {@link StageListener} callbacks: frames done, rate, skipped
 * input frames, and two latency histograms (HdrHistogram, microseconds):
 * <ul>
 *   <li><b>input latency</b>, {@code takeNanos - captureNanos}: how long the input frame waited
 *       from the moment the capture stage had it until this stage took it. For the capture stage
 *       itself it is decode-done to publish (the claim wait plus the write into the slot).
 *       {@link StageListener} carries no publish time, so a downstream stage cannot measure
 *       publish-to-take on its own; {@code framebus demo} computes it exactly by joining the per-frame
 *       {@link #writeTimings(Path) timings} of the capture stage with those of each reader.</li>
 *   <li><b>end to end</b>, {@code doneNanos - captureNanos}: from capture to this stage being done
 *       with the frame.</li>
 *   <li><b>hop</b>, {@code takeNanos - publishNanos}, for stages that report the input's publish time
 *       ({@link #frameDoneAfterHop}): the exact cost of the channel between the process upstream and
 *       this one (the wake-up and the take), in the summary as {@code hop_p50_us}/{@code hop_p99_us}.</li>
 * </ul>
 *
 * <p>Callbacks come from the one stage thread; {@link #progress()} may be read from any thread.
 * All times are {@link System#nanoTime()}, the same clock in every process of the host.
 */
public final class StageMetrics implements StageListener {
    private final String stage;
    private final Histogram inputMicros = new Histogram(3);
    private final Histogram endToEndMicros = new Histogram(3);
    private final Histogram hopMicros = new Histogram(3);
    private final long createdNanos = System.nanoTime();
    private volatile long frames;
    private volatile long skipped;
    private volatile long firstTakeNanos;
    private volatile long lastDoneNanos;
    private long firstCpuNanos = -1;
    private long[] timings; // seq, capture, take, done per frame when recording
    private int recorded;

    /** Metrics of a stage called {@code stage} ("capture", "detect", ...). */
    public StageMetrics(String stage) {
        this.stage = stage;
    }

    /** Also keeps every frame's sequence and times, for {@link #writeTimings(Path)}. */
    public StageMetrics recordTimings() {
        if (timings == null) {
            timings = new long[4 * 2048];
        }
        return this;
    }

    public String stage() {
        return stage;
    }

    @Override
    public void frameDone(long sequence, long captureNanos, long takeNanos, long doneNanos, long skippedSoFar) {
        if (frames == 0) {
            firstTakeNanos = takeNanos;
            firstCpuNanos = processCpuNanos();
        }
        if (captureNanos > 0) {
            inputMicros.recordValue(Math.max(0, (takeNanos - captureNanos) / 1000));
            endToEndMicros.recordValue(Math.max(0, (doneNanos - captureNanos) / 1000));
        }
        if (timings != null) {
            if (4 * (recorded + 1) > timings.length) {
                timings = Arrays.copyOf(timings, timings.length * 2);
            }
            int at = 4 * recorded++;
            timings[at] = sequence;
            timings[at + 1] = captureNanos;
            timings[at + 2] = takeNanos;
            timings[at + 3] = doneNanos;
        }
        skipped = skippedSoFar;
        lastDoneNanos = doneNanos;
        frames = frames + 1; // one writer thread
    }

    @Override
    public void frameDoneAfterHop(long sequence, long captureNanos, long publishNanos, long takeNanos, long doneNanos,
                                  long skippedSoFar) {
        if (publishNanos > 0) {
            hopMicros.recordValue(Math.max(0, (takeNanos - publishNanos) / 1000));
        }
        frameDone(sequence, captureNanos, takeNanos, doneNanos, skippedSoFar);
    }

    /** Frames done so far. */
    public long frames() {
        return frames;
    }

    /** Input frames skipped (LATEST readers) or dropped (capture) so far. */
    public long skipped() {
        return skipped;
    }

    /** Frames per second from the first frame taken to the last one done (0 before two frames). */
    public double fps() {
        long n = frames;
        long span = lastDoneNanos - firstTakeNanos;
        return n == 0 || span <= 0 ? 0 : n * 1e9 / span;
    }

    /** Seconds from the first frame taken to the last one done. */
    public double activeSeconds() {
        return frames == 0 ? 0 : (lastDoneNanos - firstTakeNanos) / 1e9;
    }

    /** One {@code PROGRESS} record: frames, fps so far, skipped, seconds since the stage started. */
    public Map<String, Object> progress() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stage", stage);
        m.put("frames", frames);
        m.put("fps", round(fps(), 1));
        m.put("skipped", skipped);
        m.put("elapsed_s", round((System.nanoTime() - createdNanos) / 1e9, 2));
        return m;
    }

    /**
     * The {@code SUMMARY} record (call after the stage returned): stage, frames, fps, input latency and
     * end-to-end latency p50/p99 in microseconds, skipped, and how the stage avoids copies.
     *
     * @param inputLatency what the input latency spans, e.g. "capture->take"
     * @param endToEnd     whether the end-to-end latency means something for this stage
     * @param zeroCopy     a short honest description of the stage's data path
     */
    public Map<String, Object> summary(String inputLatency, boolean endToEnd, String zeroCopy) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stage", stage);
        m.put("frames", frames);
        m.put("fps", round(fps(), 2));
        m.put("seconds", round(activeSeconds(), 3));
        m.put("latency", inputLatency);
        m.put("latency_p50_us", percentile(inputMicros, 50));
        m.put("latency_p99_us", percentile(inputMicros, 99));
        if (endToEnd) {
            m.put("e2e_p50_us", percentile(endToEndMicros, 50));
            m.put("e2e_p99_us", percentile(endToEndMicros, 99));
        }
        if (hopMicros.getTotalCount() > 0) {
            m.put("hop_p50_us", percentile(hopMicros, 50));
            m.put("hop_p99_us", percentile(hopMicros, 99));
        }
        m.put("skipped", skipped);
        m.put("zero_copy", zeroCopy);
        long cpu = processCpuNanos();
        if (frames > 0 && cpu >= 0 && firstCpuNanos >= 0 && activeSeconds() > 0) {
            // CPU this process used while it worked (JVM start-up and model loading excluded), in cores
            m.put("cpu_s", round((cpu - firstCpuNanos) / 1e9, 2));
            m.put("cpu_cores", round((cpu - firstCpuNanos) / 1e9 / activeSeconds(), 2));
        }
        return m;
    }

    /** CPU time of this whole process (all threads, native ones included), or -1 if unknown. */
    static long processCpuNanos() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /**
     * Writes the recorded per-frame times as text lines {@code sequence capture take done} (nanoseconds);
     * nothing when {@link #recordTimings()} was not called.
     */
    public void writeTimings(Path file) {
        if (timings == null || file == null) {
            return;
        }
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            for (int i = 0; i < recorded; i++) {
                int at = 4 * i;
                w.write(timings[at] + " " + timings[at + 1] + " " + timings[at + 2] + " " + timings[at + 3]);
                w.newLine();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write timings to " + file, e);
        }
    }

    static Long percentile(Histogram h, double p) {
        return h.getTotalCount() == 0 ? null : h.getValueAtPercentile(p);
    }

    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
