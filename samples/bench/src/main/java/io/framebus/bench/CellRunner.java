package io.framebus.bench;

import io.framebus.FrameChannel;
import io.framebus.testkit.ChildProcess;
import io.framebus.testkit.ProcStats;

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

    /**
     * The options of the child JVM playing {@code role} ("writer", "reader-1", ...) in {@code cell}; with
     * {@link BenchSettings#profile()}, async-profiler's agent writing {@link #profileFile} when the child exits.
     */
    List<String> jvmOptions(CellSpec cell, String role) {
        Transport transport = cell.transport();
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
        if (settings.profile() != null) {
            o.addAll(NativeProfiler.agentOptions(profileFile(settings.profile(), cell, role)));
        }
        return o;
    }

    /** {@code dir/framebus-1080p-4readers-touch-futex-reader-2.html}: the flame graph of one child of a cell. */
    static Path profileFile(Path dir, CellSpec cell, String role) {
        return dir.resolve(cell.fileLabel() + "-" + role.replace(' ', '-') + ".html");
    }

    /** Why {@code cell} cannot be measured at all, or null. */
    public static String notApplicable(CellSpec cell) {
        if (cell.transport() == Transport.AERON) {
            String problem = AeronLimits.problem(WireHeader.BYTES + cell.payload().bytes());
            return problem == null ? null : "n/a: " + problem;
        }
        return cell.transport().python() ? PythonReaders.unavailable() : null;
    }

    /**
     * Measures {@code cell}; again (up to {@link BenchSettings#retries()} times) when other processes used
     * more than {@link BenchSettings#maxLoad()} of the machine during its window. The attempt with the
     * least foreign load is kept.
     */
    public CellResult run(CellSpec cell) {
        double windowS = settings.window().toNanos() / 1e9;
        String na = notApplicable(cell);
        if (na == null && cell.transport() == Transport.FLOOR && !settings.paced()) {
            na = "n/a: the wake-up floor is measured in the paced window, and --paced-window is 0";
        }
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

    /** Where the writer of the cell numbered {@code index} in this run listens: a channel, a socket file... */
    private String endpoint(Transport transport, int index, long payloadBytes) {
        return switch (transport.wire()) {
            case FRAMEBUS -> "bench-" + runTag + "-" + index;
            case UDS -> Path.of(System.getProperty("java.io.tmpdir"), "framebus-bench-" + runTag + "-" + index
                    + ".sock").toString();
            case AERON -> "/dev/shm/framebus-bench-aeron-" + runTag + "-" + index;
            case FLOOR -> (transport == Transport.LOADED_FLOOR ? FloorMemory.directory(settings.backing(),
                    FloorMemory.slots(settings), payloadBytes) : Path.of("/dev/shm"))
                    .resolve("framebus-bench-floor-" + runTag + "-" + index).toString();
            case TCP, MEMCPY, LOADED_FLOOR, PY_FRAMEBUS, PY_TCP, PY_UDS -> "-"; // LOADED_FLOOR: wire() is FLOOR
        };
    }

    private CellResult measureOnce(CellSpec cell, double windowS) {
        String endpoint = endpoint(cell.transport(), ++cellIndex, cell.payload().bytes());
        ChildArgs args = new ChildArgs(cell, settings, endpoint);
        String[] argv = args.toArgs().toArray(String[]::new);
        ChildProcess writer = null;
        List<ChildProcess> readers = new ArrayList<>();
        String channelDir = null;
        long t0 = System.nanoTime();
        try {
            boolean floor = cell.transport().floor();
            writer = ChildProcess.start("writer", floor ? FloorWaker.class : BenchWriter.class,
                    jvmOptions(cell, "writer"), argv);
            current = new Exiting(new java.util.concurrent.CopyOnWriteArrayList<>(List.of(writer)), cell.transport(),
                    endpoint, null);
            for (int i = 0; i < cell.readers(); i++) { // JVMs start while the writer sets up
                String label = "reader " + (i + 1);
                ChildProcess r = cell.transport().python() ? PythonReaders.start(label, argv)
                        : ChildProcess.start(label, floor ? FloorSleeper.class : BenchReader.class,
                                jvmOptions(cell, label), argv);
                readers.add(r);
                current.processes().add(r);
            }
            String ready = await(writer, "READY", SETUP);
            long tReady = System.nanoTime();
            String address = ChildProcess.fields(ready).get("endpoint");
            if (cell.transport().wire() == Transport.FRAMEBUS && address.contains("@")) {
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
            boolean bareFloor = cell.transport() == Transport.FLOOR; // the one cell without a throughput window
            long end = start + (bareFloor ? 0 : settings.window().toNanos());
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
            CellMeasurement.Sample s0 = CellMeasurement.Sample.of(all);
            sleepUntil(end);
            CellMeasurement.Sample s1 = CellMeasurement.Sample.of(all);
            long[] privateBytes = all.stream().mapToLong(c -> ProcStats.privateBytes(c.pid())).toArray();
            CellMeasurement.Sample[] pacedSamples = paced ? samples(all, pacedStart, pacedEnd) : null;

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
            return CellMeasurement.of(settings, cell, setup, bareFloor ? 0 : windowS, w, rs,
                    new CellMeasurement.Sample[] {s0, s1}, pacedSamples, privateBytes);
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

    /** Samples of {@code processes} at {@code from} and {@code to}: what waiting at the paced rate costs. */
    private static CellMeasurement.Sample[] samples(List<ChildProcess> processes, long from, long to) {
        sleepUntil(from);
        CellMeasurement.Sample first = CellMeasurement.Sample.of(processes);
        sleepUntil(to);
        return new CellMeasurement.Sample[] {first, CellMeasurement.Sample.of(processes)};
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
            switch (transport.wire()) {
                case FRAMEBUS -> FrameChannel.remove(endpoint, channelDir == null ? null : Path.of(channelDir), true);
                case UDS -> Files.deleteIfExists(Path.of(endpoint));
                case AERON -> deleteTree(Path.of(endpoint));
                case FLOOR -> Files.deleteIfExists(Path.of(endpoint));
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
        private static final long serialVersionUID = 1L;

        CellFailure(String message) {
            super(message, null, false, false);
        }
    }
}
