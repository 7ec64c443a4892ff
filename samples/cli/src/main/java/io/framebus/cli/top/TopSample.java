package io.framebus.cli.top;

import io.framebus.ChannelSnapshot;
import io.framebus.FrameChannel;
import io.framebus.FramebusException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The snapshots of every valid channel in a directory (or the search path) at one moment. Reads the
 * files only: {@link FrameChannel#list} and {@link FrameChannel#inspect} never map a channel and never
 * take a reader row, so the writer and the readers are not disturbed.
 *
 * @param nanos    {@link System#nanoTime()} when the sample was taken
 * @param channels the channels, in the order {@code ls} lists them
 */
public record TopSample(long nanos, List<ChannelSnapshot> channels) {

    /**
     * Reads every channel of {@code directory}.
     *
     * @param directory a channel directory, or null for the search path
     * @return the sample
     */
    public static TopSample take(Path directory) {
        long now = System.nanoTime();
        List<ChannelSnapshot> channels = new ArrayList<>();
        for (ChannelSnapshot.Summary s : FrameChannel.list(directory)) {
            if (s.error() != null) {
                continue;
            }
            try {
                channels.add(FrameChannel.inspect(s.name(), Path.of(s.path()).getParent()));
            } catch (FramebusException e) {
                // removed or replaced between the listing and the reading: it shows at the next sample
            }
        }
        return new TopSample(now, channels);
    }
}
