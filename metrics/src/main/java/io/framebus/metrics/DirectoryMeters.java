package io.framebus.metrics;

import io.framebus.ChannelSnapshot;
import io.framebus.FrameChannel;
import io.framebus.FramebusException;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The meters of every channel of a directory (or of the search path), and of each of their reader rows.
 * Each {@link #refresh()} reads every channel file once (without attaching), registers the meters of new
 * channels and readers and removes those of channels and readers that are gone; the meters then show the
 * values of that reading. Call it before each scrape, from one thread.
 *
 * <pre>{@code
 * DirectoryMeters channels = new DirectoryMeters(registry, Path.of("/dev/shm"));
 * channels.refresh();
 * String text = prometheusRegistry.scrape();
 * }</pre>
 */
public final class DirectoryMeters {
    private final MeterRegistry registry;
    private final Path directory;
    private final Map<String, ChannelSnapshot> current = new HashMap<>();
    private final Map<String, List<Meter>> registered = new HashMap<>();

    /**
     * Meters for the channels of {@code directory}, none registered until the first {@link #refresh()}.
     *
     * @param registry  where the meters go
     * @param directory a channel directory, or null for the search path
     */
    public DirectoryMeters(MeterRegistry registry, Path directory) {
        this.registry = registry;
        this.directory = directory;
    }

    /**
     * Reads every channel now and brings the set of meters up to date.
     *
     * @return the channels read
     */
    public synchronized List<ChannelSnapshot> refresh() {
        current.clear();
        for (ChannelSnapshot.Summary s : FrameChannel.list(directory)) {
            if (s.error() == null) {
                try {
                    ChannelSnapshot c = FrameChannel.inspect(s.name(), Path.of(s.path()).getParent());
                    current.putIfAbsent(c.name(), c); // a name in two directories: the first, as readers find it
                } catch (FramebusException e) {
                    // removed between the listing and the reading
                }
            }
        }
        Set<String> live = new HashSet<>();
        for (ChannelSnapshot c : current.values()) {
            String name = c.name();
            live.add(key(name, -1, null));
            registered.computeIfAbsent(key(name, -1, null),
                    k -> ChannelMeters.channel(registry, name, () -> snapshot(name)));
            for (ChannelSnapshot.Reader r : c.readers()) {
                int row = r.row();
                String mode = r.mode();
                live.add(key(name, row, mode));
                registered.computeIfAbsent(key(name, row, mode),
                        k -> ChannelMeters.reader(registry, name, row, mode, () -> reader(name, row, mode)));
            }
        }
        registered.entrySet().removeIf(e -> {
            if (live.contains(e.getKey())) {
                return false;
            }
            e.getValue().forEach(registry::remove);
            return true;
        });
        return List.copyOf(current.values());
    }

    private static String key(String channel, int row, String mode) {
        return channel + "\u0000" + row + "\u0000" + mode;
    }

    private synchronized ChannelSnapshot snapshot(String name) {
        return current.get(name);
    }

    private synchronized ChannelSnapshot.Reader reader(String name, int row, String mode) {
        ChannelSnapshot c = current.get(name);
        if (c != null) {
            for (ChannelSnapshot.Reader r : c.readers()) {
                if (r.row() == row && r.mode().equals(mode)) {
                    return r;
                }
            }
        }
        return null;
    }
}
