package io.framebus.cli;

import io.framebus.ChannelConfig;
import io.framebus.ReaderOptions;
import picocli.CommandLine.Mixin;

/**
 * What every stage command that reads channels shares: the stage's own options ({@code --progress} and the
 * demo's hooks), {@code --attach-timeout-ms}, {@code --dir} and {@code --group}.
 */
public final class ReadingStageOptions {
    @Mixin
    StageOptions stage;

    @Mixin
    AttachOption attach;

    @Mixin
    DirOption dir;

    @Mixin
    GroupOption group;

    /**
     * A reader of one input: trusting the group's channels, labelled for {@code inspect}, in the stage's directory,
     * waiting {@code --attach-timeout-ms} for the channel to appear.
     */
    ReaderOptions input(ReaderOptions options, String label) {
        return attach.apply(group.apply(options), label, dir);
    }

    /** A channel the stage creates: in the stage's directory, given to the group when one was named. */
    ChannelConfig output(ChannelConfig config) {
        return group.apply(config.withDirectory(dir.dir()));
    }
}
