package io.framebus.metrics;

import io.framebus.ChannelSnapshot;
import io.framebus.FrameChannel;
import io.framebus.FramebusException;

import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The snapshot of one channel, read at most once per {@code maxAgeNanos}, so that the meters of one scrape
 * all see one reading. Null while the channel does not exist. Thread-safe.
 */
final class SnapshotCache implements Supplier<ChannelSnapshot> {
    private final String name;
    private final Path directory;
    private final long maxAgeNanos;
    private ChannelSnapshot snapshot;
    private long readAt;
    private boolean read;

    SnapshotCache(String name, Path directory, long maxAgeNanos) {
        this.name = name;
        this.directory = directory;
        this.maxAgeNanos = maxAgeNanos;
    }

    @Override
    public synchronized ChannelSnapshot get() {
        long now = System.nanoTime();
        if (!read || now - readAt >= maxAgeNanos) {
            try {
                snapshot = FrameChannel.inspect(name, directory);
            } catch (FramebusException e) {
                snapshot = null; // closed and removed, or not a channel (any more)
            }
            readAt = now;
            read = true;
        }
        return snapshot;
    }
}
