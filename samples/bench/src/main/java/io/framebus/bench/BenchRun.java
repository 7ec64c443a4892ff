package io.framebus.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A whole bench run: every cell of the matrix, one after the other (never two at once: they would
 * share the CPUs), then the comparisons and the report.
 */
public final class BenchRun {
    private BenchRun() {
    }

    /**
     * @param matrix      the cells
     * @param settings    how each cell is measured
     * @param out         output directory
     * @param progress    how progress is shown (on {@code err})
     * @param commandLine the command that started the run, for the report
     */
    public record Options(BenchMatrix matrix, BenchSettings settings, Path out, BenchProgress.Style progress,
                          String commandLine) {
    }

    /** Runs the matrix and writes the report into {@code options.out()}. */
    public static BenchResults run(Options options, PrintStream err) {
        List<CellSpec> cells = options.matrix().cells();
        BenchEnvironment environment = BenchEnvironment.capture();
        String tag = Long.toString(ProcessHandle.current().pid());
        CellRunner runner = new CellRunner(options.settings(), tag);
        List<CellResult> results = new ArrayList<>();
        long started = System.nanoTime();
        Thread onCtrlC = Thread.ofPlatform().unstarted(runner::abort);
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        try (BenchProgress progress = BenchProgress.create(options.progress(), err, cells.size())) {
            for (int i = 0; i < cells.size(); i++) {
                progress.starting(i, cells.size(), cells.get(i));
                CellResult r = runner.run(cells.get(i));
                results.add(r);
                progress.finished(i + 1, cells.size(), r);
            }
        } finally {
            runner.reap();
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new BenchResults(results, options, environment, seconds);
    }
}
