package io.framebus.bench;

import io.framebus.FrameChannel;
import io.framebus.testkit.ChildProcess;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * Runs one cell: starts the writer process and the reader processes (child JVMs), connects them,
 * sends every child the same absolute measurement window, samples each process's CPU time at the
 * window's start and end and its private memory at the end, collects the children's results and
 * cleans up (processes, channel file, socket file, Aeron directory), whatever happened.
 */
public final class CellRunner {
    private static final Duration SETUP = Duration.ofSeconds(120);
    private static final Duration DRAIN = Duration.ofSeconds(60);
    /** Aeron 1.51's Agrona uses jdk.internal.misc.Unsafe, which needs this export; only its children get it. */
    static final String AERON_EXPORTS = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";

    private static final boolean DEBUG = System.getenv("FRAMEBUS_BENCH_DEBUG") != null;

    private final BenchSettings settings;
    private final String runTag;
    private int cellIndex;

    /** @param runTag distinguishes this run's channels, socket files and Aeron directories from others' */
    public CellRunner(BenchSettings settings, String runTag) {
        this.settings = settings;
        this.runTag = runTag;
    }

    /** The child JVMs' options for {@code transport}. */
    List<String> jvmOptions(Transport transport) {
        // A small young generation: start-up garbage then reuses a few MB instead of leaving a 100 MB eden
        // touched, so private memory shows what a reader keeps (its receive buffer), not the JVM's sizing.
        List<String> o = new ArrayList<>(List.of("-Xmx" + settings.childHeap(), "-Xmn16m", "-XX:-UsePerfData"));
        if (transport == Transport.AERON) {
            o.add(AERON_EXPORTS);
        }
        String extra = System.getenv("FRAMEBUS_BENCH_CHILD_OPTS"); // for profiling, e.g. -XX:+PreserveFramePointer
        if (extra != null && !extra.isBlank()) {
            o.addAll(List.of(extra.trim().split("\\s+")));
        }
        return o;
    }

    /** Why {@code cell} cannot be measured at all, or null. */
    public static String notApplicable(CellSpec cell) {
        if (cell.transport() == Transport.AERON) {
            String problem = AeronLimits.problem(WireHeader.BYTES + cell.payload().bytes());
            return problem == null ? null : "n/a: " + problem;
        }
        return null;
    }

    /**
     * Measures {@code cell}; again (up to {@link BenchSettings#retries()} times) when other processes used
     * more than {@link BenchSettings#maxLoad()} of the machine during its window. The attempt with the
     * least foreign load is kept.
     */
    public CellResult run(CellSpec cell) {
        double windowS = settings.window().toNanos() / 1e9;
        String na = notApplicable(cell);
        if (na != null) {
            return CellResult.without(cell, na, windowS, 0);
        }
        CellResult best = null;
        for (int attempt = 1; attempt <= 1 + settings.retries(); attempt++) {
            CellResult r = measureOnce(cell, windowS);
            if (best == null || (r.ok() && (!best.ok() || load(r) < load(best)))) {
                best = r;
            }
            if (r.ok() && load(r) <= settings.maxLoad()) {
                return best.withAttempts(attempt);
            }
            if (!r.ok() && !r.status().startsWith("error")) {
                return r.withAttempts(attempt); // a failed check is a result, not noise
            }
        }
        return best.withAttempts(1 + settings.retries());
    }

    private static double load(CellResult r) {
        return r.otherLoad() == null ? 0 : r.otherLoad();
    }

    private CellResult measureOnce(CellSpec cell, double windowS) {
        int index = ++cellIndex;
        String endpoint = switch (cell.transport()) {
            case FRAMEBUS -> "bench-" + runTag + "-" + index;
            case UDS -> Path.of(System.getProperty("java.io.tmpdir"), "framebus-bench-" + runTag + "-" + index + ".sock")
                    .toString();
            case AERON -> "/dev/shm/framebus-bench-aeron-" + runTag + "-" + index;
            case TCP, MEMCPY -> "-";
        };
        ChildArgs args = new ChildArgs(cell, settings, endpoint);
        String[] argv = args.toArgs().toArray(String[]::new);
        List<String> jvm = jvmOptions(cell.transport());
        ChildProcess writer = null;
        List<ChildProcess> readers = new ArrayList<>();
        String channelDir = null;
        long t0 = System.nanoTime();
        try {
            writer = ChildProcess.start("writer", BenchWriter.class, jvm, argv);
            current = new Exiting(new java.util.concurrent.CopyOnWriteArrayList<>(List.of(writer)), cell.transport(),
                    endpoint, null);
            for (int i = 0; i < cell.readers(); i++) { // JVMs start while the writer sets up
                ChildProcess r = ChildProcess.start("reader " + (i + 1), BenchReader.class, jvm, argv);
                readers.add(r);
                current.processes().add(r);
            }
            String ready = await(writer, "READY", SETUP);
            long tReady = System.nanoTime();
            String address = ChildProcess.fields(ready).get("endpoint");
            if (cell.transport() == Transport.FRAMEBUS && address.contains("@")) {
                channelDir = address.substring(address.indexOf('@') + 1);
            }
            for (ChildProcess r : readers) {
                r.send("CONNECT " + address);
            }
            for (ChildProcess r : readers) {
                await(r, "READY", SETUP);
            }
            String connected = await(writer, "CONNECTED", SETUP);
            String setup = connected.substring("CONNECTED".length()).trim();
            long tConnected = System.nanoTime();

            reap(); // the previous cell's processes are gone before this cell's clock starts
            long start = System.nanoTime() + settings.warmup().toNanos();
            long end = start + settings.window().toNanos();
            long pacedStart = end + BenchSettings.DRAIN.toNanos();
            boolean paced = settings.paced() && cell.transport().hasReaders(); // nobody to measure for memcpy
            long pacedEnd = pacedStart + (paced ? settings.pacedWindow().toNanos() : 0);
            String go = "GO " + start + " " + end + " " + pacedStart + " " + pacedEnd + " "
                    + (paced ? settings.pacedRate() : 0);
            for (ChildProcess r : readers) {
                r.send(go);
            }
            writer.send(go);

            List<ChildProcess> all = new ArrayList<>(readers);
            all.addFirst(writer);
            sleepUntil(start);
            Sample s0 = Sample.of(all);
            sleepUntil(end);
            Sample s1 = Sample.of(all);
            long[] privateBytes = new long[all.size()];
            for (int i = 0; i < all.size(); i++) {
                privateBytes[i] = ProcStats.privateBytes(all.get(i).pid());
            }

            Duration drain = DRAIN.plus(Duration.ofNanos(pacedEnd - end));
            Map<String, String> w = ChildProcess.fields(await(writer, "RESULT", drain));
            List<Map<String, String>> rs = new ArrayList<>();
            for (ChildProcess r : readers) {
                rs.add(ChildProcess.fields(await(r, "RESULT", drain)));
            }
            long tResults = System.nanoTime();
            writer.send("EXIT");
            // The processes exit while the next cell starts its own; it waits for them before its clock starts.
            exiting = new Exiting(all, cell.transport(), endpoint, channelDir);
            writer = null;
            readers.clear();
            if (DEBUG) {
                System.err.printf("bench-debug: %s: writer ready %.2f s (%s), connected %.2f s, windows %.2f s,"
                        + " results %.2f s%n", cell.label(), (tReady - t0) / 1e9, ready, (tConnected - t0) / 1e9,
                        (end - tConnected) / 1e9, (tResults - end) / 1e9);
            }
            return measure(cell, setup, windowS, w, rs, s0, s1, privateBytes);
        } catch (CellFailure e) {
            return CellResult.without(cell, "error: " + e.getMessage(), windowS, 1);
        } catch (RuntimeException e) {
            return CellResult.without(cell, "error: " + BenchChildSupport.oneLine(e), windowS, 1);
        } finally {
            current = null;
            boolean failed = writer != null;
            for (ChildProcess r : readers) {
                r.close();
            }
            if (writer != null) {
                writer.close();
            }
            if (failed) {
                reap();
                cleanUp(cell.transport(), endpoint, channelDir);
            }
        }
    }

    /** The processes of the previous cell, exiting, and what to remove once they are gone. */
    private record Exiting(List<ChildProcess> processes, Transport transport, String endpoint, String channelDir) {
    }

    private volatile Exiting exiting;
    private volatile Exiting current;

    /**
     * Kills the processes of the cell being measured and of the previous one and removes their files:
     * for a JVM shutdown (Ctrl-C) in the middle of a run.
     */
    public void abort() {
        for (Exiting e : new Exiting[] {current, exiting}) {
            if (e == null) {
                continue;
            }
            for (ChildProcess c : e.processes()) {
                c.close();
            }
            cleanUp(e.transport(), e.endpoint(), e.channelDir());
        }
    }

    /** Waits for the previous cell's processes to exit (kills them after a while) and removes what they left. */
    public void reap() {
        Exiting e = exiting;
        exiting = null;
        if (e == null) {
            return;
        }
        for (ChildProcess c : e.processes()) {
            try {
                c.waitFor(DRAIN);
            } catch (IllegalStateException timeout) {
                c.kill();
            }
            c.close();
        }
        cleanUp(e.transport(), e.endpoint(), e.channelDir());
    }

    /** CPU ticks, context switches and page faults of the cell's processes, and of the machine, at one moment. */
    private record Sample(long[] cpu, long[] switches, long[] faults, long self, long[] machine) {
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

    private CellResult measure(CellSpec cell, String setup, double windowS, Map<String, String> w,
                               List<Map<String, String>> rs, Sample s0, Sample s1, long[] privateBytes) {
        long writerFrames = Long.parseLong(w.get("frames"));
        double writerFps = writerFrames / windowS;
        double writerCpu = ProcStats.seconds(s1.cpu()[0] - s0.cpu()[0]);
        long ourTicks = s1.self() - s0.self();
        for (int i = 0; i < s0.cpu().length; i++) {
            ourTicks += s1.cpu()[i] - s0.cpu()[i];
        }
        long machineBusy = s1.machine()[0] - s0.machine()[0];
        long machineTotal = s1.machine()[1] - s0.machine()[1];
        Double otherLoad = machineTotal > 0 ? Math.max(0, machineBusy - ourTicks) / (double) machineTotal : null;
        CellResult.Times writerTimes = new CellResult.Times(perFrame(w.get("fill_ns"), writerFrames),
                perFrame(w.get("wait_ns"), writerFrames), perFrame(w.get("publish_ns"), writerFrames), null);
        Double writerPrivate = privateBytes[0] < 0 ? null : privateBytes[0] / 1e6;
        Double writerSwitches = writerFrames > 0 ? (s1.switches()[0] - s0.switches()[0]) / (double) writerFrames : null;
        if (!cell.transport().hasReaders()) {
            String status = writerFrames > 0 ? "ok" : "error: the producer wrote no frame in the window";
            return new CellResult(cell, status, 1, otherLoad, windowS, setup,
                    new CellResult.Throughput(null, null, writerFps), null, null, null,
                    new CellResult.Cpu(writerCpu, null, null, writerSwitches, null, null),
                    new CellResult.Memory(null, writerPrivate), writerTimes, null, null);
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
            double fps = frames / windowS;
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
            saturated.add(BenchReader.decode(r.get("hist")));
            paced.add(BenchReader.decode(r.get("paced_hist")));
        }
        int n = rs.size();
        String status = "ok";
        if (errors > 0 || gaps > 0) {
            status = "failed: " + errors + " frames failed the checksum, " + gaps + " frames missing";
        } else if (minFrames == 0) {
            status = "error: a reader received no frame in the window";
        }
        Double pacedFps = settings.paced() ? Long.parseLong(w.get("paced_frames"))
                / (settings.pacedWindow().toNanos() / 1e9) : null;
        return new CellResult(cell, status, 1, otherLoad, windowS, setup,
                new CellResult.Throughput(fpsSum / n, fpsMin, writerFps), latency(paced), pacedFps,
                latency(saturated),
                new CellResult.Cpu(writerCpu, readerCpu, cpuPerFrameSum / n, writerSwitches, switchesSum / n,
                        faultsSum / n),
                new CellResult.Memory(privateSum / n, writerPrivate),
                new CellResult.Times(writerTimes.fillMs(), writerTimes.waitMs(), writerTimes.sendMs(), workSum / n),
                errors, gaps);
    }

    private static CellResult.Latency latency(Histogram h) {
        if (h.getTotalCount() == 0) {
            return null;
        }
        return new CellResult.Latency(h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3,
                h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3, h.getTotalCount());
    }

    private static Double perFrame(String nanos, long frames) {
        return nanos == null || frames <= 0 ? null : Long.parseLong(nanos) / 1e6 / frames;
    }

    private static void sleepUntil(long nanoTime) {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }

    /** Waits for a protocol line; a child's ERROR line (or its death) becomes a short failure message. */
    private static String await(ChildProcess child, String prefix, Duration timeout) {
        try {
            String line = child.awaitLine(prefix, timeout);
            return line;
        } catch (IllegalStateException e) {
            String error = child.lastLine("ERROR ");
            if (error != null) {
                throw new CellFailure(error.substring("ERROR ".length()));
            }
            String out = child.output().strip();
            String tail = out.lines().skip(Math.max(0, out.lines().count() - 3)).reduce((a, b) -> a + " | " + b)
                    .orElse("no output");
            throw new CellFailure((child.isAlive() ? "no " + prefix + " within " + timeout.toSeconds() + " s"
                    : "the process exited") + " (" + tail + ")");
        }
    }

    /** Removes what a killed child may have left: the channel file, the socket file, the Aeron directory. */
    private static void cleanUp(Transport transport, String endpoint, String channelDir) {
        try {
            switch (transport) {
                case FRAMEBUS -> FrameChannel.remove(endpoint, channelDir == null ? null : Path.of(channelDir), true);
                case UDS -> Files.deleteIfExists(Path.of(endpoint));
                case AERON -> deleteTree(Path.of(endpoint));
                default -> {
                }
            }
        } catch (IOException | RuntimeException e) {
            // nothing left, or nothing we can do
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A cell that could not be measured, with a one-line reason. */
    static final class CellFailure extends RuntimeException {
        CellFailure(String message) {
            super(message, null, false, false);
        }
    }
}
