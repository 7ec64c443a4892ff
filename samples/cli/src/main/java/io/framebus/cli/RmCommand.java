package io.framebus.cli;

import io.framebus.FrameChannel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code framebus rm NAME}: remove a channel's file. */
@Command(name = "rm", sortOptions = false,
        description = {"Remove a channel's file. Refuses while its writer is alive unless --force.",
            "Attached readers keep their mapping until they detach; new readers no longer find the channel."})
final class RmCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Channel name.")
    String name;

    @Option(names = "--force", description = "Remove it even while its writer is alive.")
    boolean force;

    @Mixin
    DirOption dir;

    @Override
    public Integer call() {
        boolean removed = FrameChannel.remove(name, dir.dir(), force);
        spec.commandLine().getOut().println(removed ? "removed " + name : name + " was already gone");
        spec.commandLine().getOut().flush();
        return 0;
    }
}
