package io.framebus.cli;

import io.framebus.cli.text.Table;
import io.framebus.cli.text.Terminal;

import io.framebus.ChannelSnapshot;
import io.framebus.FrameChannel;
import io.framebus.ByteSize;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code framebus ls}: the channels on this host. */
@Command(name = "ls", sortOptions = false,
        description = "List channels: size, backing, writer and whether it is alive, readers, frames published.")
final class LsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DirOption dir;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() {
        List<ChannelSnapshot.Summary> channels = FrameChannel.list(dir.dir());
        PrintWriter out = spec.commandLine().getOut();
        if (json.json()) {
            Json.printPretty(out, channels);
            return 0;
        }
        if (channels.isEmpty()) {
            spec.commandLine().getErr()
                    .println("framebus: no channels" + (dir.dir() != null ? " in " + dir.dir() : ""));
            spec.commandLine().getErr().flush();
            return 0;
        }
        boolean errors = channels.stream().anyMatch(c -> c.error() != null);
        boolean bridges = channels.stream().anyMatch(c -> c.bridge() != null);
        List<String> columns = new ArrayList<>(List.of("name", "size", "backing", "writer pid", "alive", "readers",
                "published", "path"));
        if (bridges) {
            columns.add("bridge");
        }
        if (errors) {
            columns.add("error");
        }
        Table t = new Table(columns.toArray(String[]::new));
        for (ChannelSnapshot.Summary c : channels) {
            List<Object> cells = new ArrayList<>(Arrays.asList(Terminal.printable(c.name()),
                    ByteSize.format(c.fileSize()), c.backing(), c.writerPid() > 0 ? c.writerPid() : null,
                    c.writerAlive() ? "yes" : "no", c.readers(), c.published(), c.path()));
            if (bridges) {
                cells.add(c.bridge() == null ? null : Terminal.printable(c.bridge()));
            }
            if (errors) {
                cells.add(c.error());
            }
            t.row(cells.toArray());
        }
        out.print(t.render(""));
        out.flush();
        return 0;
    }
}
