package io.framebus.metrics;

import io.framebus.ChannelReader;
import io.framebus.ChannelSnapshot;
import io.framebus.ChannelWriter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * A Micrometer {@link MeterBinder} for one writer's or one reader's channel. The values are the shared
 * counters of the channel file, read when a meter is read (at most once per 100 ms, so one scrape sees one
 * reading), without attaching and without touching the writer's or the reader's hot path.
 *
 * <pre>{@code
 * FramebusMetrics.forWriter(writer).bindTo(registry);   // framebus.channel.* tagged channel=NAME
 * FramebusMetrics.forReader(reader, null).bindTo(registry); // also framebus.reader.* for its row
 * }</pre>
 *
 * <p>The meters are listed in the {@linkplain io.framebus.metrics package description}. For every channel
 * of a directory, as they come and go, use {@link DirectoryMeters}.
 */
public final class FramebusMetrics implements MeterBinder {
    private static final long MAX_AGE_NANOS = 100_000_000L;

    private final String channel;
    private final SnapshotCache snapshots;
    private final int row;
    private final String mode;

    private FramebusMetrics(String channel, Path directory, int row, String mode) {
        this.channel = channel;
        this.snapshots = new SnapshotCache(channel, directory, MAX_AGE_NANOS);
        this.row = row;
        this.mode = mode;
    }

    /**
     * The meters of a writer's channel.
     *
     * @param writer the writer
     * @return the binder
     */
    public static FramebusMetrics forWriter(ChannelWriter writer) {
        return new FramebusMetrics(writer.name(), writer.path().getParent(), -1, null);
    }

    /**
     * The meters of a reader's channel, and of the reader's own row.
     *
     * @param reader    the reader
     * @param directory the directory it attached in ({@code ReaderOptions.directory()}), or null for the search
     *                  path (the channel the reader found there)
     * @return the binder
     */
    public static FramebusMetrics forReader(ChannelReader reader, Path directory) {
        return new FramebusMetrics(reader.name(), directory, reader.row(),
                reader.mode().name().toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        if (registry.find("framebus.channel.published").tag("channel", channel).meter() == null) {
            ChannelMeters.channel(registry, channel, snapshots); // once, when a writer and a reader share a registry
        }
        if (row >= 0) {
            ChannelMeters.reader(registry, channel, row, mode, ownRow());
        }
    }

    /** This process's row in the current snapshot (same row, same pid), or null. */
    private Supplier<ChannelSnapshot.Reader> ownRow() {
        long pid = ProcessHandle.current().pid();
        return () -> {
            ChannelSnapshot s = snapshots.get();
            if (s != null) {
                for (ChannelSnapshot.Reader r : s.readers()) {
                    if (r.row() == row && r.pid() == pid) {
                        return r;
                    }
                }
            }
            return null;
        };
    }
}
