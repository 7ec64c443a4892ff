package io.framebus.cli;

import io.framebus.cli.text.Table;

import io.framebus.ChannelNames;
import io.framebus.ReaderMode;
import io.framebus.cli.pattern.PatternSubscriber;
import io.framebus.wait.WaitStrategy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code framebus sub}: attach to a channel, take frames, measure latency, optionally verify them. */
@Command(name = "sub", sortOptions = false,
        description = {"Attach to a channel and take frames until --count frames or until the writer closes the"
                + " channel; report latency (publish to take) and, with --verify, check every byte of every frame.",
            "Exits 1 if a frame fails verification or a lossless reader misses a frame."})
final class SubCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--channel", required = true, paramLabel = "NAME", description = "Channel name.")
    String channel;

    @Option(names = "--mode", defaultValue = "latest", paramLabel = "MODE", converter = Converters.ModeConverter.class,
            description = "latest (newest frame, never slows the writer) or lossless (every frame, in order; the"
                    + " writer waits for this reader) (default: ${DEFAULT-VALUE}).")
    ReaderMode mode;

    @Option(names = "--verify", description = "Check every byte of every frame against its sequence number"
            + " (frames from 'framebus pub').")
    boolean verify;

    @Option(names = "--count", defaultValue = "0", paramLabel = "N",
            description = "Stop after N frames (default: read until the writer closes the channel).")
    long count;

    @Option(names = "--timeout-ms", defaultValue = "10000", paramLabel = "T",
            description = "Wait up to T ms for the channel to appear, for each frame, and for a new writer after"
                    + " the writer died (default: ${DEFAULT-VALUE}).")
    long timeoutMs;

    @Option(names = "--wait", defaultValue = "futex", paramLabel = "STRATEGY",
            converter = Converters.WaitConverter.class,
            description = "How to wait for frames: futex, adaptive (spin 20 us, yield 30 us, then futex), spin, yield"
                    + " or backoff (default: ${DEFAULT-VALUE}).")
    WaitStrategy wait;

    @Option(names = "--hold-ms", defaultValue = "0", paramLabel = "MS",
            description = "Hold each frame this long before verifying and releasing it (the writer must not"
                    + " rewrite a held slot).")
    long holdMs;

    @Mixin
    DirOption dir;

    @Mixin
    GroupOption group;

    @Mixin
    JsonOption json;

    @Option(names = "--stall-budget-ms", defaultValue = "0", paramLabel = "MS",
            description = "Lossless only: let the writer demote this reader to latest when it holds the writer back"
                    + " for longer than MS (it then skips to the newest frame and counts the missed frames as lost)."
                    + " 0 (default): the writer waits for ever.")
    long stallBudgetMs;

    @Option(names = "--warmup-frames", defaultValue = "0", paramLabel = "N",
            description = "Take (and verify) the first N frames but leave them out of the latencies and the rate:"
                    + " a fresh JVM's first frames measure its JIT compiler (default: ${DEFAULT-VALUE}).")
    long warmupFrames;

    @Override
    public Integer call() {
        ChannelNames.validate(channel);
        if (timeoutMs < 0 || holdMs < 0 || stallBudgetMs < 0) {
            throw new IllegalArgumentException("--timeout-ms, --hold-ms and --stall-budget-ms must be >= 0");
        }
        PatternSubscriber.Options options = new PatternSubscriber.Options(channel, mode, verify, count,
                Duration.ofMillis(timeoutMs), wait, Duration.ofMillis(holdMs), dir.dir(), group.group(),
                Duration.ofMillis(stallBudgetMs), warmupFrames);
        PrintWriter err = spec.commandLine().getErr();
        PatternSubscriber.Result r = PatternSubscriber.run(options, message -> {
            err.println("framebus: " + message);
            err.flush();
        });
        PrintWriter out = spec.commandLine().getOut();
        if (json.json()) {
            Json.print(out, toMap(r));
        } else {
            out.print(text(r));
            out.flush();
        }
        if (!r.ok()) {
            err.println("framebus: check failed on channel '" + channel + "': " + r.verifyFailures()
                    + " frame(s) failed verification, " + r.outOfOrder() + " out of order"
                    + (mode == ReaderMode.LOSSLESS ? ", " + r.lost() + " lost, " + r.sequenceGaps() + " missing" : ""));
            err.flush();
            return FramebusCli.FAILURE;
        }
        return 0;
    }

    private Map<String, Object> toMap(PatternSubscriber.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("channel", channel);
        m.put("mode", r.mode().name().toLowerCase(Locale.ROOT));
        m.put("received", r.received());
        m.put("skipped", r.skipped());
        m.put("lost", r.lost());
        m.put("sequence_gaps", r.sequenceGaps());
        m.put("out_of_order", r.outOfOrder());
        m.put("demoted", r.demoted());
        m.put("verified", verify);
        m.put("verify_failures", r.verifyFailures());
        m.put("first_sequence", r.firstSequence());
        m.put("last_sequence", r.lastSequence());
        m.put("latency_p50_us", Json.round(r.latencyMicros(50), 1));
        m.put("latency_p99_us", Json.round(r.latencyMicros(99), 1));
        m.put("latency_p999_us", Json.round(r.latencyMicros(99.9), 1));
        m.put("latency_max_us", Json.round(r.maxLatencyMicros(), 1));
        m.put("bridged", r.bridged());
        if (r.bridged()) {
            m.put("source_latency_p50_us", Json.round(r.sourceLatencyMicros(50), 1));
            m.put("source_latency_p99_us", Json.round(r.sourceLatencyMicros(99), 1));
            m.put("source_latency_max_us", Json.round(r.sourceLatencyMicros(100), 1));
        }
        m.put("fps", Json.round(r.fps(), 1));
        m.put("seconds", Json.round(r.seconds(), 3));
        m.put("warmup_frames", warmupFrames);
        m.put("measured", r.measured());
        m.put("writer_dead", r.writerDead());
        m.put("writer_deaths", r.writerDeaths());
        m.put("ended", r.end().name().toLowerCase(Locale.ROOT));
        m.put("ok", r.ok());
        return m;
    }

    private String text(PatternSubscriber.Result r) {
        String ended = switch (r.end()) {
            case COUNT -> "read " + count + " frames as asked";
            case CLOSED -> "the writer closed the channel";
            case WRITER_DEAD -> "the writer died and no new writer came within " + timeoutMs + " ms";
            case TIMEOUT -> "no frame for " + timeoutMs + " ms";
        };
        Table t = Table.keyValues()
                .row("channel", channel + " (" + r.mode().name().toLowerCase(Locale.ROOT) + ")")
                .row("received", r.received() + (r.received() > 0
                        ? " (frames " + r.firstSequence() + ".." + r.lastSequence() + ")" : ""))
                .row("skipped", r.skipped())
                .row("lost", r.lost() + (r.sequenceGaps() > 0 ? " (" + r.sequenceGaps() + " missing in sequence)" : ""))
                .row("verify failures", verify ? String.valueOf(r.verifyFailures()) : "not verified (use --verify)");
        if (r.outOfOrder() > 0) {
            t.row("out of order", r.outOfOrder());
        }
        if (r.bridged()) {
            t.row("bridged", "sequences are the source's; from capture at the source: "
                    + String.format(Locale.ROOT, "p50 %.1f us, p99 %.1f us, max %.1f us", r.sourceLatencyMicros(50),
                    r.sourceLatencyMicros(99), r.sourceLatencyMicros(100)));
        }
        return t.row("latency", String.format(Locale.ROOT, "p50 %.1f us, p99 %.1f us, p99.9 %.1f us, max %.1f us",
                        r.latencyMicros(50), r.latencyMicros(99), r.latencyMicros(99.9), r.maxLatencyMicros()))
                .row("fps", String.format(Locale.ROOT, "%.1f (over %.3f s)", r.fps(), r.seconds()))
                .row("writer dead", r.writerDead() + (r.writerDeaths() > 0 ? " (seen dead " + r.writerDeaths()
                        + " time(s))" : ""))
                .row("ended", ended)
                .render("");
    }
}
