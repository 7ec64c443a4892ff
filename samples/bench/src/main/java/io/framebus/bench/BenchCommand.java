package io.framebus.bench;

import io.framebus.cli.FramebusCli;
import io.framebus.cli.Converters;
import io.framebus.Backing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;

/** {@code framebus bench}: framebus against TCP, Unix sockets, Aeron IPC and the memcpy limit, in one run. */
@Command(name = "bench", sortOptions = false,
        description = {"Compare frame transports side by side: framebus, TCP loopback, Unix domain sockets and Aeron"
                + " IPC, each with the writer and every reader in separate processes, and the memcpy-only limit of the"
                + " producer. The producer writes every byte of every frame; readers touch each page or checksum every"
                + " byte. Writes a table (stdout), bench-results.json/.csv, PNG charts and index.html into --out.",
                "Beside them, in the same run: the wake-up floor (a bare two-process futex wake, 1 to N sleepers,"
                        + " paced like the latency window) and the CPU limit (the producer's fill plus N times the"
                        + " reader work, each measured alone, on the machine's cores); framebus cells show their share"
                        + " of both.",
                "The full matrix (4 payloads x 1-4 readers x touch/full x 4 transports, framebus with the futex"
                        + " and the adaptive wait, and the baselines: 180 cells; Python readers over framebus, TCP and"
                        + " Unix sockets at 1080p, 24 cells) takes about 30 minutes on a quiet 2-core machine, more on"
                        + " a busy one (noisy cells are measured again); --quick (64 KiB and 1080p, 1-2 readers, Python"
                        + " readers one at a time, short windows) takes about 3 minutes.",
                "Exit code 1 if a cell failed (wrong checksum, missing frames) or could not run; n/a cells (a"
                        + " payload a transport cannot carry) are not failures."})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "64 KiB and 1080p, 1 and 2 readers, both works, 0.3 s warm-up, 1 s"
            + " throughput and 0.5 s paced windows, no retries: under 3 minutes (for CI). Explicit options below"
            + " still apply.")
    boolean quick;

    @Option(names = "--transports", split = ",", paramLabel = "LIST",
            description = "Transports and baselines: framebus, tcp, uds, aeron, memcpy (producer alone, work alone),"
                    + " floor (wake-up floor), loaded-floor (the floor with the cell's fill and work: the CPU limit"
                    + " measured), py-framebus, py-tcp, py-uds (Python readers, 1080p) (default: all).")
    List<String> transports;

    @Option(names = "--waits", split = ",", paramLabel = "LIST",
            description = "Wait strategies of the framebus readers, one cell each: futex, adaptive, spin, yield,"
                    + " backoff (default: futex,adaptive; futex with --quick).")
    List<String> waits;

    @Option(names = "--payloads", split = ",", paramLabel = "LIST",
            description = "Payloads: 64k, tensor (1x3x640x640 float32, 4,915,200 B), 1080p (BGR24, 6,220,800 B),"
                    + " 4k (BGR24, 24,883,200 B), or a number of bytes (default: all four).")
    List<String> payloads;

    @Option(names = "--readers", split = ",", paramLabel = "LIST",
            description = "Reader process counts (default: 1,2,3,4).")
    List<Integer> readers;

    @Option(names = "--work", split = ",", paramLabel = "LIST",
            description = "Reader work: touch (metadata and one byte per 4 KiB page), full (checksum every byte)"
                    + " (default: both).")
    List<String> works;

    @Option(names = "--warmup", paramLabel = "SECONDS",
            description = "Warm-up before each throughput window (default: 1.5, or 0.3 with --quick).")
    Double warmup;

    @Option(names = "--window", paramLabel = "SECONDS",
            description = "Throughput window of each cell, the writer as fast as it can (default: 3, or 1 with"
                    + " --quick).")
    Double window;

    @Option(names = "--paced-window", paramLabel = "SECONDS",
            description = "Latency window after it, the writer paced at --paced-rate; 0 for none (default: 3, or 0.5"
                    + " with --quick).")
    Double pacedWindow;

    @Option(names = "--paced-rate", paramLabel = "FPS", defaultValue = "30",
            description = "Frames per second of the paced window, a camera's rate (default: ${DEFAULT-VALUE}).")
    double pacedRate;

    @Option(names = "--retries", paramLabel = "N",
            description = "Measure a cell again up to N times when other processes used more than --max-load of"
                    + " the machine during its window (default: 1, or 0 with --quick).")
    Integer retries;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "1",
            description = "Measure the whole matrix N times, every other round in reverse order, so that each cell"
                    + " runs as often before its neighbours as after them. Each cell reports its median round's"
                    + " throughput (of an even N, the lower middle one) and the latency of all rounds' paced frames"
                    + " pooled; each throughput ratio (to framebus, to memcpy, to the CPU limit) is the median of the"
                    + " rounds' ratios, so that a slow period of the machine cancels out; the JSON and CSV give every"
                    + " round's figures. For ratios of a few percent on a noisy machine, where one window moves by up"
                    + " to 20%% (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--max-load", paramLabel = "SHARE", defaultValue = "0.25",
            description = "See --retries (default: ${DEFAULT-VALUE}).")
    double maxLoad;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "bench-out",
            description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--socket-buffer", paramLabel = "BYTES", defaultValue = "4194304",
            description = "SO_SNDBUF/SO_RCVBUF of the sockets, 0 for the kernel's default (default: ${DEFAULT-VALUE};"
                    + " the kernel caps it at net.core.wmem_max/rmem_max).")
    int socketBuffer;

    @Option(names = "--slots", paramLabel = "N", defaultValue = "8",
            description = "Slots of the framebus channel (default: ${DEFAULT-VALUE}).")
    int slots;

    @Option(names = "--backing", paramLabel = "KIND", defaultValue = "auto",
            converter = Converters.BackingConverter.class,
            description = "Backing of the framebus channel: auto, hugetlbfs, thp, plain (default: ${DEFAULT-VALUE}).")
    Backing backing;

    @Option(names = "--progress", paramLabel = "STYLE", defaultValue = "auto",
            description = "auto (a bar on a terminal, a line per cell otherwise), bar, lines, none"
                    + " (default: ${DEFAULT-VALUE}).")
    String progress;

    @Option(names = "--profile", paramLabel = "DIR",
            description = "Run async-profiler (CPU samples about every ms: Java, native and kernel frames) in every"
                    + " Java child of every cell, the writer and each reader, and write each one's flame graph when"
                    + " it exits: DIR/<cell>-<role>.html, e.g. framebus-1080p-4readers-touch-futex-reader-2.html"
                    + " (with --retries, the last attempt's). Python readers are not profiled. linux-x64 only;"
                    + " DIR is created if missing.")
    Path profile;

    @Override
    public Integer call() throws Exception {
        BenchMatrix base = quick ? BenchMatrix.quick() : BenchMatrix.full();
        BenchMatrix matrix;
        try {
            matrix = new BenchMatrix(
                    parse(transports, Transport::parse, base.transports()),
                    parse(payloads, Payload::parse, base.payloads()),
                    readers == null ? base.readers() : List.copyOf(readers),
                    parse(works, Work::parse, base.works()),
                    waits == null ? base.waits() : List.copyOf(waits),
                    readers == null ? base.pythonReaders() : Integer.MAX_VALUE);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        BenchSettings d = BenchSettings.defaults();
        double warm = warmup != null ? warmup : quick ? 0.3 : d.warmup().toMillis() / 1e3;
        double win = window != null ? window : quick ? 1.0 : d.window().toMillis() / 1e3;
        double paced = pacedWindow != null ? pacedWindow : quick ? 0.5 : d.pacedWindow().toMillis() / 1e3;
        int tries = retries != null ? retries : quick ? 0 : d.retries();
        if (win <= 0) {
            throw new ParameterException(spec.commandLine(), "--window must be positive");
        }
        if (rounds < 1 || rounds > 100) {
            throw new ParameterException(spec.commandLine(), "--rounds must be 1..100, got " + rounds);
        }
        BenchSettings settings;
        try {
            settings = new BenchSettings(seconds(warm, "--warmup"), seconds(win, "--window"),
                    seconds(paced, "--paced-window"), pacedRate, tries, maxLoad, socketBuffer, slots, backing,
                    d.aeronMtu(), d.childHeap(), profileDir());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        BenchProgress.Style style;
        try {
            style = BenchProgress.Style.valueOf(progress.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--progress must be auto, bar, lines or none, got '"
                    + progress + "'");
        }
        String command = "framebus " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        PrintStream err = System.err;
        BenchResults results = BenchRun.run(new BenchRun.Options(matrix, settings, out, style, command.strip(),
                rounds), err);
        String text = BenchReport.write(results, out);
        PrintWriter o = spec.commandLine().getOut();
        o.print(text);
        o.println("bench: wrote " + out.resolve(BenchReport.HTML) + ", " + BenchReport.JSON + ", " + BenchReport.CSV
                + " and the charts into " + out);
        if (settings.profile() != null) {
            o.println("bench: flame graphs of the child JVMs in " + settings.profile());
        }
        o.flush();
        boolean failed = results.cells().stream().anyMatch(r -> !r.ok() && !r.status().startsWith("n/a"));
        return failed ? FramebusCli.FAILURE : 0;
    }

    /** --profile's directory, created, once async-profiler's library is known to load here; or null. */
    private Path profileDir() {
        if (profile == null) {
            return null;
        }
        try {
            Path dir = profile.toAbsolutePath();
            NativeProfiler.agentOptions(dir.resolve("check.html")); // the library loads, the path fits the options
            return Files.createDirectories(dir);
        } catch (IllegalArgumentException | IllegalStateException | IOException | UncheckedIOException e) {
            throw new ParameterException(spec.commandLine(), "--profile: " + e.getMessage());
        }
    }

    private Duration seconds(double s, String option) {
        if (!(s >= 0) || s > 3600) {
            throw new ParameterException(spec.commandLine(), option + " must be 0..3600 seconds, got " + s);
        }
        return Duration.ofNanos(Math.round(s * 1e9));
    }

    private static <T> List<T> parse(List<String> values, Function<String, T> parser, List<T> defaults) {
        if (values == null || values.isEmpty()) {
            return defaults;
        }
        return values.stream().map(parser).distinct().toList();
    }
}
