package io.framebus.bench;

import io.framebus.cli.text.Terminal;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of a bench run, one step per cell. On a terminal: a progress bar (me.tongfei:progressbar)
 * with the cell being measured. Elsewhere (CI logs, pipes, files), where the bar's carriage returns
 * would make one unreadable line: one plain line per cell with its result.
 *
 * <p>The bar gets its console consumer and width explicitly, so progressbar never creates a JLine
 * terminal (which would take over Ctrl-C).
 */
public interface BenchProgress extends AutoCloseable {

    enum Style {
        AUTO, BAR, LINES, NONE
    }

    void starting(int index, int total, CellSpec cell);

    void finished(int index, int total, CellResult result);

    @Override
    void close();

    static BenchProgress create(Style style, PrintStream err, int total) {
        Style s = style == Style.AUTO ? (Terminal.isTerminal() ? Style.BAR : Style.LINES) : style;
        return switch (s) {
            case BAR -> new Bar(err, total);
            case LINES -> new Lines(err);
            default -> new BenchProgress() {
                @Override
                public void starting(int index, int total, CellSpec cell) {
                }

                @Override
                public void finished(int index, int total, CellResult result) {
                }

                @Override
                public void close() {
                }
            };
        };
    }


    /** One line about a finished cell. */
    static String summary(CellResult r) {
        if (!r.ok()) {
            return r.status();
        }
        if (!r.cell().transport().hasReaders()) {
            return String.format(Locale.ROOT, "producer %,.0f frames/s", r.writerFps());
        }
        if (r.cell().transport() == Transport.FLOOR) { // the loaded floor has frames/s too
            return "wake-up p50 " + BenchFormat.micros(r.latencyP50Us()) + ", p99 " + BenchFormat.micros(
                    r.latencyP99Us());
        }
        return String.format(Locale.ROOT, "%,.0f frames/s per reader, p99 %s", r.fpsPerReader(),
                BenchFormat.micros(r.latencyP99Us()));
    }

    final class Bar implements BenchProgress {
        private final ProgressBar bar;

        Bar(PrintStream err, int total) {
            int width = Math.max(60, Math.min(160, columns() - 1));
            this.bar = new ProgressBarBuilder().setTaskName("bench").setInitialMax(total).setUnit(" cells", 1)
                    .setUpdateIntervalMillis(500).setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new ConsoleProgressBarConsumer(err, width)).build();
        }

        private static int columns() {
            try {
                String c = System.getenv("COLUMNS");
                return c == null ? 100 : Integer.parseInt(c.trim());
            } catch (NumberFormatException e) {
                return 100;
            }
        }

        @Override
        public void starting(int index, int total, CellSpec cell) {
            bar.setExtraMessage(cell.label());
        }

        @Override
        public void finished(int index, int total, CellResult result) {
            bar.stepTo(index);
        }

        @Override
        public void close() {
            bar.close();
        }
    }

    final class Lines implements BenchProgress {
        private final PrintStream err;
        private final long started = System.nanoTime();

        Lines(PrintStream err) {
            this.err = err;
        }

        @Override
        public void starting(int index, int total, CellSpec cell) {
        }

        @Override
        public void finished(int index, int total, CellResult result) {
            double elapsed = (System.nanoTime() - started) / 1e9;
            double eta = index > 0 ? elapsed / index * (total - index) : 0;
            err.printf(Locale.ROOT, "bench: [%d/%d %3.0f%%, %s elapsed, ~%s left] %s: %s%n", index, total,
                    100.0 * index / total, BenchFormat.duration(elapsed), BenchFormat.duration(eta),
                    result.cell().label(), summary(result));
            err.flush();
        }

        @Override
        public void close() {
            err.flush();
        }
    }
}
