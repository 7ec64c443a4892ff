package io.framebus.cli.top;

import io.framebus.ByteSize;
import io.framebus.cli.text.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The text of one refresh: a table of channels, then a table of their readers. */
public final class TopText {
    private TopText() {
    }

    /**
     * The lines of {@code view}.
     *
     * @param view  the refresh
     * @param title the first line
     * @return the lines, without line separators
     */
    public static List<String> lines(TopView view, String title) {
        List<String> lines = new ArrayList<>();
        lines.add(title);
        lines.add("");
        if (view.channels().isEmpty()) {
            lines.add("no channels");
            return lines;
        }
        Table channels = new Table("channel", "state", "backing", "slots", "writer", "gen", "published", "pub/s",
                "readers", "reclaimed", "takeovers", "max stall");
        Table readers = new Table("channel", "row", "pid", "mode", "live", "received", "rate/s", "lag", "skipped",
                "skip/s", "lost", "holds");
        for (TopView.Channel c : view.channels()) {
            channels.row(c.name(), c.state(), c.backing(), c.slots() + " x " + ByteSize.format(c.slotSize()),
                    c.writerPid() + (c.writerAlive() ? "" : " (dead)"), c.generation(), c.published(),
                    rate(c.publishRate()), c.readers().size(), c.reclaimedReaders() + " (" + c.reclaimedHolds()
                            + " holds)", c.takeovers(), String.format(Locale.ROOT, "%.1f ms", c.maxWriterStallMs()));
            for (TopView.Reader r : c.readers()) {
                readers.row(c.name(), r.row(), r.pid(), r.mode(), r.alive() ? "yes" : "dead", r.received(),
                        rate(r.rate()), r.lag(), r.skipped(), rate(r.skippedRate()), r.lost(),
                        r.holds() + "/" + r.holdLimit());
            }
        }
        channels.render("").lines().forEach(lines::add);
        lines.add("");
        if (readers.isEmpty()) {
            lines.add("no readers");
        } else {
            readers.render("").lines().forEach(lines::add);
        }
        return lines;
    }

    private static String rate(Double rate) {
        return rate == null ? null : String.format(Locale.ROOT, "%.1f", rate);
    }
}
