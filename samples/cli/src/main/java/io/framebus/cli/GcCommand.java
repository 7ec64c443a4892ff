package io.framebus.cli;

import io.framebus.FrameChannel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code framebus gc}: remove the files of channels whose writer is dead. */
@Command(name = "gc", sortOptions = false,
        description = {"Remove the files of channels whose writer died (kill -9, crash) without closing them.",
            "Prints the names removed, one per line."})
final class GcCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DirOption dir;

    @Override
    public Integer call() {
        List<String> removed = FrameChannel.gc(dir.dir());
        PrintWriter out = spec.commandLine().getOut();
        removed.forEach(out::println);
        out.flush();
        if (removed.isEmpty()) {
            spec.commandLine().getErr().println("framebus: no channel with a dead writer"
                    + (dir.dir() != null ? " in " + dir.dir() : ""));
            spec.commandLine().getErr().flush();
        }
        return 0;
    }
}
