package io.framebus.cli;

import io.framebus.ChannelConfig;
import io.framebus.ReaderOptions;
import picocli.CommandLine.Option;

/**
 * {@code --group NAME}: share channels with a group. The channels a command creates are given to the
 * group (control file 0660, data file 0640: members may read frames, only the owner may write them), and
 * the channels it attaches to may be owned by another member of that group.
 */
public final class GroupOption {
    @Option(names = "--group", paramLabel = "NAME",
            description = "Share with group NAME: channels this command creates belong to NAME (mode 0660, frames"
                    + " 0640), and channels it reads may be another member's. Default: private to this user.")
    String group;

    /**
     * @param config a channel this command creates
     * @return it, given to the group when one was named
     */
    public ChannelConfig apply(ChannelConfig config) {
        return group == null ? config : config.withGroup(group);
    }

    /**
     * @param options how this command attaches
     * @return them, trusting the group's channels when one was named
     */
    public ReaderOptions apply(ReaderOptions options) {
        return group == null ? options : options.withGroup(group);
    }

    /** @return the group, or null */
    public String group() {
        return group;
    }
}
