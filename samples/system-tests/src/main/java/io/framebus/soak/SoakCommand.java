package io.framebus.soak;

import io.framebus.cli.JsonOption;
import io.framebus.cli.Json;
import io.framebus.cli.FramebusCli;
import io.framebus.cli.FrameSize;
import io.framebus.cli.DirOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code framebus soak}: a writer and N readers under random SIGKILLs; reports what must be zero. */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = {"Run a writer and N reader processes (half lossless, half latest; all verify every byte),"
                + " kill a random one with SIGKILL every so often, restart it, and check that nothing was lost,"
                + " torn or leaked.", "Exit code 1 if lost_lossless, torn, leaked_slots or leaked_files is not 0."})
final class SoakCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--seconds", defaultValue = "60", description = "How long the chaos lasts once every process is"
            + " attached; with kills it goes on until two readers and (with --kill-writer) the writer were killed"
            + " (default: ${DEFAULT-VALUE}).")
    long seconds;

    @Option(names = "--readers", defaultValue = "4", description = "Reader processes (default: ${DEFAULT-VALUE}).")
    int readers;

    @Option(names = "--kill-every", defaultValue = "2000", paramLabel = "MS",
            description = "Mean time between kills in ms, 0 for none (default: ${DEFAULT-VALUE}).")
    long killEveryMs;

    @Option(names = "--kill-writer", description = "Kill (and restart) the writer too.")
    boolean killWriter;

    @Option(names = "--size", defaultValue = "1280x720", paramLabel = "WxH", converter = FrameSize.Converter.class,
            description = "Frame size, BGR24 (default: ${DEFAULT-VALUE}).")
    FrameSize size;

    @Option(names = "--slots", defaultValue = "8", description = "Channel slots (default: ${DEFAULT-VALUE}).")
    int slots;

    @Option(names = "--channel", description = "Channel name (default: soak-<pid>).")
    String channel;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the random kills (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    DirOption dir;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() {
        String name = channel != null ? channel : "soak-" + ProcessHandle.current().pid();
        PrintWriter err = spec.commandLine().getErr();
        SoakRun.Report r = SoakRun.run(new SoakRun.Options(name, dir.dir(), readers, Duration.ofSeconds(seconds),
                Duration.ofMillis(killEveryMs), killWriter, size.width(), size.height(), slots, seed), line -> {
                    err.println(line);
                    err.flush();
                });
        PrintWriter out = spec.commandLine().getOut();
        if (json.json()) {
            Json.print(out, r);
        } else {
            Map<String, Object> rows = new LinkedHashMap<>();
            rows.put("published", r.published());
            rows.put("frames verified by readers", r.framesVerified());
            rows.put("lost by surviving lossless readers (must be 0)", r.lostLossless());
            rows.put("torn or wrong frames (must be 0)", r.torn());
            rows.put("slots leaked at the end (must be 0)", r.leakedSlots());
            rows.put("channel files left behind (must be 0)", r.leakedFiles());
            rows.put("longest writer stall", String.format("%.1f ms", r.maxWriterStallMs()));
            rows.put("reclaim latency p50 / max", String.format("%.1f / %.1f ms (%d kills measured)", r.reclaimMsP50(),
                    r.reclaimMsMax(), r.reclaimSamples()));
            rows.put("kills", r.readerKills() + " readers, " + r.writerKills() + " writers (generation "
                    + r.writerGeneration() + ")");
            rows.put("backing", r.backing());
            rows.put("duration", String.format("%.1f s", r.seconds()));
            rows.forEach((k, v) -> out.printf("%-48s %s%n", k, v));
            out.println(r.ok() ? "soak: OK" : "soak: FAILED");
        }
        out.flush();
        return r.ok() ? 0 : FramebusCli.FAILURE;
    }
}
