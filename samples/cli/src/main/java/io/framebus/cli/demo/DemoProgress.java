package io.framebus.cli.demo;

import io.framebus.cli.text.Terminal;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Shows the demo's progress while it runs: frames encoded (the lossless end of the pipeline) of the
 * expected total, and each stage's frame rate.
 *
 * <p>On a terminal this is a progress bar (me.tongfei:progressbar). Where stdout/stderr are not a
 * terminal (CI logs, pipes, files) progressbar 0.10.2 by default keeps rewriting one line with carriage
 * returns and ANSI colour codes, which a log shows as a single unreadable line, and it loads JLine's
 * native terminal library; so there the demo prints a plain line every few seconds instead.
 *
 * <p>The bar is given its console consumer and width explicitly, so progressbar never creates a JLine
 * terminal: a JLine system terminal resets SIGINT to the operating system's default while it is open,
 * and Ctrl-C would then kill the demo outright, without the shutdown hook that stops the stages and
 * prints the report.
 */
public interface DemoProgress extends AutoCloseable {

    /** How to show progress. */
    enum Style {
        /** A bar on a terminal, plain lines otherwise. */
        AUTO,
        /** Always the bar. */
        BAR,
        /** Always plain lines. */
        LINES,
        /** Nothing. */
        NONE
    }

    /**
     * @param encoded frames encoded so far
     * @param total   frames expected, or -1 if unknown
     * @param rates   per-stage rates, e.g. "capture 45 fps | detect 12 fps"
     */
    void update(long encoded, long total, String rates);

    @Override
    void close();

    /** The progress display for {@code style}, writing to {@code err}. */
    static DemoProgress create(Style style, PrintStream err) {
        Style s = style == Style.AUTO ? (Terminal.isTerminal() ? Style.BAR : Style.LINES) : style;
        return switch (s) {
            case BAR -> new Bar(err);
            case LINES -> new Lines(err, 2_000);
            default -> new DemoProgress() {
                @Override
                public void update(long encoded, long total, String rates) {
                }

                @Override
                public void close() {
                }
            };
        };
    }


    /** The progress bar (stderr, updated every 250 ms). */
    final class Bar implements DemoProgress {
        private final ProgressBar bar;
        private long total = -1;

        Bar(PrintStream err) {
            this.bar = new ProgressBarBuilder().setTaskName("demo").setUnit(" frames", 1).setInitialMax(-1)
                    .setUpdateIntervalMillis(250).setStyle(ProgressBarStyle.COLORFUL_UNICODE_BAR).hideEta()
                    .setConsumer(new ConsoleProgressBarConsumer(err, Terminal.columns() - 1)).build();
        }

        @Override
        public void update(long encoded, long expected, String rates) {
            if (expected > 0 && expected != total) {
                total = expected;
                bar.maxHint(expected);
            }
            bar.stepTo(encoded);
            bar.setExtraMessage(rates);
        }

        @Override
        public void close() {
            bar.close();
        }
    }

    /** A plain line at most every {@code everyMillis} ms, and one at the end. */
    final class Lines implements DemoProgress {
        private final PrintStream err;
        private final long everyNanos;
        private final long start = System.nanoTime();
        private long last = System.nanoTime();
        private String pending;
        private String printed;

        Lines(PrintStream err, long everyMillis) {
            this.err = err;
            this.everyNanos = everyMillis * 1_000_000L;
        }

        @Override
        public void update(long encoded, long total, String rates) {
            String state = String.format(Locale.ROOT, "encoded %d%s frames  %s", encoded,
                    total > 0 ? "/" + total + String.format(Locale.ROOT, " (%d%%)", 100 * encoded / total) : "", rates);
            if (state.equals(printed)) {
                pending = null;
                return;
            }
            pending = state;
            long now = System.nanoTime();
            if (now - last >= everyNanos) {
                flush();
                last = now;
            }
        }

        private void flush() {
            if (pending != null) {
                err.println(String.format(Locale.ROOT, "demo: %5.1f s  ", (System.nanoTime() - start) / 1e9) + pending);
                err.flush();
                printed = pending;
                pending = null;
            }
        }

        @Override
        public void close() {
            flush();
        }
    }
}
