package io.framebus.cli;

import io.framebus.cli.text.Table;
import io.framebus.cli.text.Terminal;

import io.framebus.ChannelSnapshot;
import io.framebus.FrameChannel;
import io.framebus.ByteSize;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code framebus inspect NAME}: geometry, memory, writer, readers and slots of one channel. */
@Command(name = "inspect", sortOptions = false,
        description = "Show a channel: geometry, memory backing and page size, writer, readers and slots."
                + " Reads the file without disturbing its writer or readers.")
final class InspectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Channel name.")
    String name;

    @Mixin
    DirOption dir;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() {
        ChannelSnapshot s = FrameChannel.inspect(name, dir.dir());
        PrintWriter out = spec.commandLine().getOut();
        if (json.json()) {
            Json.printPretty(out, s);
        } else {
            out.print(text(s));
            out.flush();
        }
        return 0;
    }

    static String text(ChannelSnapshot s) {
        ChannelSnapshot.Writer w = s.writer();
        StringBuilder b = new StringBuilder();
        Table head = Table.keyValues()
                .row("channel", Terminal.printable(s.name()))
                .row("path", Terminal.printable(s.path()) + " (mode " + s.fileMode() + ", owner uid "
                        + s.ownerUid() + ")")
                .row("data", Terminal.printable(s.dataPath()))
                .row("state", s.state())
                .row("geometry", s.slotCount() + " slots x " + ByteSize.format(s.slotSize()) + ", ring "
                        + s.ringCapacity() + ", max " + s.maxReaders() + " readers, files "
                        + ByteSize.format(s.fileSize()))
                .row("backing", s.backing())
                .row("pages", "layout " + ByteSize.format(s.layoutPageSize()) + ", obtained "
                        + ByteSize.format(s.obtainedPageSize()) + ", " + ByteSize.format(s.hugeMappedBytes())
                        + " huge-mapped")
                .row("writer", "pid " + pid(w.pid(), w.pidInThisNamespace()) + " " + (w.alive() ? "alive" : "dead")
                        + ", generation " + w.generation() + ", " + w.restarts() + " restart(s)")
                .row("published", s.published())
                .row("reclaimed", s.reclaimedReaders() + " dead reader(s), " + s.reclaimedHolds() + " hold(s)")
                .row("stall", stall(s))
                .row("demoted", s.demotions() + " stalled lossless reader(s)");
        if (s.link() != null) {
            ChannelSnapshot.Link l = s.link();
            head.row("link", l.kind() + " from " + Terminal.printable(l.source()) + (l.sourceGone()
                    ? " (upstream gone)" : " (upstream connected)") + ", last heard " + ago(l.lastHeardMs()) + ", "
                    + l.received() + " frame(s) received, " + l.sourceSkipped() + " skipped at the source, "
                    + l.incomplete() + " incomplete");
        }
        for (ChannelSnapshot.Reader r : s.readers()) {
            if (r.lastContactMs() >= 0) {
                head.row("bridge out", "row " + r.row() + " " + Terminal.printable(r.label()) + ": " + r.received()
                        + " frame(s) sent, " + r.skipped() + " skipped, far end last heard " + ago(r.lastContactMs())
                        + (r.alive() ? "" : " (bridge dead)"));
            }
        }
        head.row("note", s.note() == null || s.note().isEmpty() ? "-" : Terminal.printable(s.note()));
        b.append(head.render(""));
        b.append(System.lineSeparator()).append("readers: ").append(s.readers().size()).append(System.lineSeparator());
        if (!s.readers().isEmpty()) {
            Table readers = new Table("row", "label", "pid", "alive", "mode", "cursor", "lag", "holds", "received",
                    "skipped", "lost");
            for (ChannelSnapshot.Reader r : s.readers()) {
                readers.row(r.row(), Terminal.printable(r.label()), pid(r.pid(), r.pidInThisNamespace()),
                        r.alive() ? "yes" : "no", mode(r), r.cursor(), r.lag(), holds(r.holds(), r.holdLimit()),
                        r.received(), r.skipped(), r.lost());
            }
            b.append(readers.render("  "));
        }
        b.append(System.lineSeparator()).append("slots: ").append(s.slotCount()).append(System.lineSeparator());
        Table slots = new Table("index", "state", "sequence", "holders");
        for (ChannelSnapshot.Slot slot : s.slots()) {
            slots.row(slot.index(), slot.state(), slot.sequence() > 0 ? slot.sequence() : null,
                    slot.holders().isEmpty() ? null : slot.holders().stream().map(String::valueOf)
                            .collect(Collectors.joining(",", "row ", "")));
        }
        b.append(slots.render("  "));
        return b.toString();
    }

    private static String ago(double ms) {
        return ms < 0 ? "never" : String.format(Locale.ROOT, "%.0f ms ago", ms);
    }

    /** A pid, marked when it was recorded in another PID namespace, where it means nothing here. */
    private static String pid(long pid, boolean inThisNamespace) {
        return inThisNamespace ? String.valueOf(pid) : pid + " (other pid namespace)";
    }

    private static String mode(ChannelSnapshot.Reader r) {
        String budget = r.stallBudgetMs() > 0 ? String.format(Locale.ROOT, ", budget %.0f ms", r.stallBudgetMs()) : "";
        return r.mode() + (r.demoted() ? " (demoted)" : "") + budget;
    }

    private static String stall(ChannelSnapshot s) {
        String longest = String.format(Locale.ROOT, "longest %.3f ms", s.maxWriterStallMs());
        if (s.stallMs() <= 0) {
            return longest + "; not waiting now";
        }
        String on = s.stalledOnRow() >= 0 ? "lossless reader row " + s.stalledOnRow() : "slots held by readers";
        return String.format(Locale.ROOT, "waiting for a free slot for %.1f ms now, on %s; %s", s.stallMs(), on,
                longest);
    }

    /** "2/2: 41,42" (held/limit: sequences), or "0/2". */
    private static String holds(List<Long> held, int limit) {
        return held.size() + "/" + limit + (held.isEmpty() ? ""
                : ": " + held.stream().map(String::valueOf).collect(Collectors.joining(",")));
    }
}
