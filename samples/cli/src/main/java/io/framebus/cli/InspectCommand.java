package io.framebus.cli;

import io.framebus.cli.text.Table;

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
        b.append(Table.keyValues()
                .row("channel", s.name())
                .row("path", s.path() + " (mode " + s.fileMode() + ")")
                .row("state", s.state())
                .row("geometry", s.slotCount() + " slots x " + ByteSize.format(s.slotSize()) + ", ring "
                        + s.ringCapacity() + ", max " + s.maxReaders() + " readers, file "
                        + ByteSize.format(s.fileSize()))
                .row("backing", s.backing())
                .row("pages", "layout " + ByteSize.format(s.layoutPageSize()) + ", obtained "
                        + ByteSize.format(s.obtainedPageSize()) + ", " + ByteSize.format(s.hugeMappedBytes())
                        + " huge-mapped")
                .row("writer", "pid " + w.pid() + " " + (w.alive() ? "alive" : "dead") + ", generation "
                        + w.generation() + ", " + w.restarts() + " restart(s)")
                .row("published", s.published())
                .row("reclaimed", s.reclaimedReaders() + " dead reader(s), " + s.reclaimedHolds() + " hold(s)")
                .row("max stall", String.format(Locale.ROOT, "%.3f ms (longest writer wait for a free slot)",
                        s.maxWriterStallMs()))
                .row("note", s.note() == null || s.note().isEmpty() ? "-" : s.note())
                .render(""));
        b.append(System.lineSeparator()).append("readers: ").append(s.readers().size()).append(System.lineSeparator());
        if (!s.readers().isEmpty()) {
            Table readers = new Table("row", "pid", "alive", "mode", "cursor", "lag", "holds", "received", "skipped",
                    "lost");
            for (ChannelSnapshot.Reader r : s.readers()) {
                readers.row(r.row(), r.pid(), r.alive() ? "yes" : "no", r.mode(), r.cursor(), r.lag(),
                        holds(r.holds(), r.holdLimit()), r.received(), r.skipped(), r.lost());
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

    /** "2/2: 41,42" (held/limit: sequences), or "0/2". */
    private static String holds(List<Long> held, int limit) {
        return held.size() + "/" + limit + (held.isEmpty() ? ""
                : ": " + held.stream().map(String::valueOf).collect(Collectors.joining(",")));
    }
}
