package io.framebus;

import io.framebus.internal.ChannelAdmin;

import java.nio.file.Path;
import java.util.List;

/**
 * Entry point: create a channel (as its writer), attach to one (as a reader), and administer
 * channels on this host.
 *
 * <pre>{@code
 * // process 1
 * ChannelWriter writer = FrameChannel.create(ChannelConfig.builder("camera0").slotSize(6_220_800).build());
 * // process 2, 3, ...
 * ChannelReader reader = FrameChannel.attach("camera0", ReaderOptions.latest());
 * }</pre>
 */
public final class FrameChannel {
    private FrameChannel() {
    }

    /**
     * Creates channel {@code config.name()} and becomes its writer, or takes over the channel of a
     * dead writer of the same name and geometry (readers still attached carry on).
     *
     * @throws ChannelBusyException           when a live writer already has it
     * @throws InsufficientSpaceException     when the directory cannot hold it (the message says how to fix it)
     * @throws HugePagesUnavailableException  when an explicitly requested huge-page backing is unavailable
     */
    public static ChannelWriter create(ChannelConfig config) {
        return ChannelWriter.create(config);
    }

    /**
     * Attaches a reader to channel {@code name}, waiting up to {@code options.attachTimeout()} for it
     * to appear.
     *
     * @throws ChannelNotFoundException      when it does not appear in time
     * @throws TooManyReadersException       when all reader rows are taken by live readers
     * @throws ChannelAccessDeniedException  when the file's permissions exclude this user
     * @throws ChannelFormatException        when the file is not a valid channel
     */
    public static ChannelReader attach(String name, ReaderOptions options) {
        return ChannelReader.attach(name, options);
    }

    /** A snapshot of channel {@code name}: geometry, writer, readers, slots. Never blocks on the channel. */
    public static ChannelSnapshot inspect(String name, Path directory) {
        return ChannelAdmin.inspect(name, directory);
    }

    /** Channels found in {@code directory}, or in every channel directory if null. */
    public static List<ChannelSnapshot.Summary> list(Path directory) {
        return ChannelAdmin.list(directory);
    }

    /**
     * Removes channel {@code name}'s file. Refuses while its writer is alive unless {@code force}.
     *
     * @return true if a file was removed
     */
    public static boolean remove(String name, Path directory, boolean force) {
        return ChannelAdmin.remove(name, directory, force);
    }

    /** Removes the files of channels whose writer is dead. Returns the names removed. */
    public static List<String> gc(Path directory) {
        return ChannelAdmin.gc(directory);
    }
}
