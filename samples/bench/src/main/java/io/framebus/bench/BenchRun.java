package io.framebus.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A whole bench run: every cell of the matrix, one after the other (never two at once: they would
 * share the CPUs), then the comparisons and the report. With several rounds the matrix is measured that
 * many times, every other round in reverse order, so that each cell runs as often before its neighbours as
 * after them; each cell then reports its median round ({@link RoundMerge}).
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
     * @param rounds      how many times the whole matrix is measured (at least 1)
     */
    public record Options(BenchMatrix matrix, BenchSettings settings, Path out, BenchProgress.Style progress,
                          String commandLine, int rounds) {
        public Options {
            if (rounds < 1) {
                throw new IllegalArgumentException("a run needs at least 1 round, got " + rounds);
            }
        }

        /** One round. */
        public Options(BenchMatrix matrix, BenchSettings settings, Path out, BenchProgress.Style progress,
                       String commandLine) {
            this(matrix, settings, out, progress, commandLine, 1);
        }
    }

    /** Runs the matrix and writes the report into {@code options.out()}. */
    public static BenchResults run(Options options, PrintStream err) {
        List<CellSpec> cells = options.matrix().cells();
        BenchEnvironment environment = BenchEnvironment.capture();
        String tag = Long.toString(ProcessHandle.current().pid());
        CellRunner runner = new CellRunner(options.settings(), tag);
        int rounds = options.rounds();
        List<List<CellResult>> byCell = new ArrayList<>();
        cells.forEach(c -> byCell.add(new ArrayList<>(rounds)));
        long started = System.nanoTime();
        Thread onCtrlC = Thread.ofPlatform().unstarted(runner::abort);
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        int total = cells.size() * rounds;
        try (BenchProgress progress = BenchProgress.create(options.progress(), err, total)) {
            int done = 0;
            for (int round = 0; round < rounds; round++) {
                for (int k = 0; k < cells.size(); k++) {
                    int i = round % 2 == 0 ? k : cells.size() - 1 - k;
                    progress.starting(done, total, cells.get(i));
                    CellResult r = runner.run(cells.get(i));
                    byCell.get(i).add(r);
                    progress.finished(++done, total, r);
                }
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
        List<CellResult> results = byCell.stream().map(RoundMerge::merge).toList();
        return new BenchResults(results, options, environment, seconds, byCell);
    }
}
