package io.framebus.cli;

import io.framebus.cli.text.RawKeys;
import io.framebus.cli.text.Terminal;
import io.framebus.cli.top.TopSample;
import io.framebus.cli.top.TopText;
import io.framebus.cli.top.TopView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code framebus top}: a live view of every channel, from the shared counters, without attaching. */
@Command(name = "top", sortOptions = false,
        description = {"Watch every channel of a directory: publish rate, and for each reader its rate, lag,"
                + " skipped, lost, holds, mode and liveness; reclaims, takeovers and the longest writer stall.",
            "Reads the channel files only: it never maps a channel and never takes a reader row. On a terminal it"
                    + " redraws in place (q or Ctrl-C quits); elsewhere it prints plain blocks, or with --json one"
                    + " JSON line per interval."})
final class TopCommand implements Callable<Integer> {
    private static final String ESC = "\u001b[";

    @Spec
    CommandSpec spec;

    @Option(names = "--interval", defaultValue = "1s", paramLabel = "T", converter = Converters.DurationConverter.class,
            description = "Time between refreshes: 500ms, 2s, 1.5 (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--count", defaultValue = "0", paramLabel = "N",
            description = "Stop after N refreshes (default: run until q, Ctrl-C or a signal).")
    long count;

    @Option(names = "--plain", description = "Plain blocks of lines even on a terminal.")
    boolean plain;

    @Mixin
    DirOption dir;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() throws Exception {
        if (interval.toMillis() < 10) {
            throw new IllegalArgumentException("--interval must be at least 10ms, got " + interval.toMillis() + "ms");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json.json()) {
            return jsonLines(out);
        }
        if (!plain && Terminal.isTerminal()) {
            return screen(out);
        }
        return blocks(out);
    }

    /** One JSON line per interval, each with the rates since the previous one. */
    private int jsonLines(PrintWriter out) throws InterruptedException {
        TopSample previous = TopSample.take(dir.dir());
        long start = previous.nanos();
        for (long n = 1; count == 0 || n <= count; n++) {
            sleepUntil(start + n * interval.toNanos());
            TopSample current = TopSample.take(dir.dir());
            TopView view = TopView.of(previous, current);
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("time", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
            line.put("interval_s", Json.round(view.intervalSeconds(), 3));
            line.put("channels", view.channels());
            Json.print(out, line);
            previous = current;
        }
        return 0;
    }

    /** Plain blocks of lines: logs, pipes, CI. */
    private int blocks(PrintWriter out) throws InterruptedException {
        TopSample previous = null;
        long start = System.nanoTime();
        for (long n = 0; count == 0 || n < count; n++) {
            sleepUntil(start + n * interval.toNanos());
            TopSample current = TopSample.take(dir.dir());
            if (n > 0) {
                out.println();
            }
            TopText.lines(TopView.of(previous, current), title(false)).forEach(out::println);
            out.flush();
            previous = current;
        }
        return 0;
    }

    /** A full-screen view redrawn in place, on the alternate screen, until q or Ctrl-C. */
    private int screen(PrintWriter out) throws Exception {
        out.print(ESC + "?1049h" + ESC + "?25l" + ESC + "?7l"); // alternate screen, no cursor, no line wrap
        out.flush();
        try (RawKeys keys = RawKeys.enter(() -> {
            out.print(ESC + "?7h" + ESC + "?25h" + ESC + "?1049l");
            out.flush();
        })) {
            TopSample previous = null;
            long start = System.nanoTime();
            for (long n = 0; count == 0 || n < count; n++) {
                long wait = (start + n * interval.toNanos() - System.nanoTime()) / 1_000_000;
                if (wait > 0 && keys.awaitQuit(wait)) {
                    break;
                }
                TopSample current = TopSample.take(dir.dir());
                draw(out, TopText.lines(TopView.of(previous, current), title(true)));
                previous = current;
            }
        }
        return 0;
    }

    private static void draw(PrintWriter out, List<String> lines) {
        int[] size = Terminal.size();
        int rows = size == null ? lines.size() : Math.max(1, size[0] - 1);
        StringBuilder b = new StringBuilder(ESC + "H");
        for (int i = 0; i < lines.size() && i < rows; i++) {
            String line = i == rows - 1 && lines.size() > rows ? "... " + (lines.size() - i) + " more lines"
                    : lines.get(i);
            b.append(line).append(ESC).append("K\r\n");
        }
        out.print(b.append(ESC).append("J"));
        out.flush();
    }

    private String title(boolean keys) {
        return String.format(Locale.ROOT, "framebus top   %s   %s   every %.1f s%s",
                dir.dir() != null ? dir.dir() : "search path", LocalTime.now().truncatedTo(ChronoUnit.SECONDS),
                interval.toMillis() / 1000.0, keys ? "   q or Ctrl-C quits" : "");
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            Thread.sleep(Duration.ofNanos(left));
        }
    }
}
