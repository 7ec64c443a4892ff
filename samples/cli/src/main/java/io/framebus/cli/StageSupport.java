package io.framebus.cli;

import io.framebus.cli.text.Table;

import io.framebus.cli.stage.StageMetrics;
import io.framebus.cli.stage.StageRun;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** What the stage commands share: metrics, progress/stop bookkeeping, the final report, the JSON lines file. */
final class StageSupport {
    private StageSupport() {
    }

    static StageMetrics metrics(String stage, StageOptions options) {
        StageMetrics m = new StageMetrics(stage);
        return options.timings != null ? m.recordTimings() : m;
    }

    static StageRun start(CommandSpec spec, StageMetrics metrics, StageOptions options) {
        return StageRun.start(metrics, spec.commandLine().getOut(), options.progress(), options.controlStdin);
    }

    /**
     * Reports the finished stage: the SUMMARY line with {@code --progress}, else a key/value table; and
     * the per-frame timings file when asked for.
     */
    static void finish(CommandSpec spec, StageRun run, StageMetrics metrics, StageOptions options,
                       Map<String, Object> summary) {
        if (options.progress()) {
            run.summary(summary);
        } else {
            Table t = Table.keyValues();
            summary.forEach((k, v) -> t.row(k.replace('_', ' '), v));
            PrintWriter out = spec.commandLine().getOut();
            out.print(t.render(""));
            out.flush();
        }
        try {
            metrics.writeTimings(options.timings);
        } catch (RuntimeException e) { // only the demo's latency join needs them: not worth failing the stage
            spec.commandLine().getErr().println("framebus: " + e.getMessage());
            spec.commandLine().getErr().flush();
        }
    }

    /** Deletes {@code file} if it exists: a JSON lines log appends, and a new run starts a new file. */
    static void replace(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace " + file, e);
        }
    }
}
