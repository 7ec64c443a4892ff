package io.framebus;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The fixed geometry and placement of a channel, given when it is created.
 *
 * <pre>{@code
 * ChannelConfig config = ChannelConfig.builder("camera0")
 *         .slotSize(3840 * 2160 * 3)   // one 4K BGR24 frame per slot
 *         .slots(8)
 *         .maxReaders(8)
 *         .build();
 * }</pre>
 *
 * @param name                 channel name, see {@link ChannelNames#validate(String)}
 * @param slotCount            number of frame slots (2..65536)
 * @param slotSize             bytes per slot (1 B .. 2 GiB - 1)
 * @param ringCapacity         announcements kept in the ring, a power of two &ge; slotCount
 * @param maxReaders           reader rows (1..1024)
 * @param holdLimit            default for how many frames one reader may hold at once
 * @param backing              where the memory comes from
 * @param directory            explicit directory, or null to choose by {@code backing}
 * @param fileMode             permission bits of the channel file (0600 by default)
 * @param group                group to own the file (for mode 0660), or null
 * @param livenessPeriod       how often the writer looks for dead readers
 * @param replaceIncompatible  whether a dead writer's file of another geometry may be replaced
 */
public record ChannelConfig(String name, int slotCount, long slotSize, int ringCapacity, int maxReaders,
                            int holdLimit, Backing backing, Path directory, int fileMode, String group,
                            Duration livenessPeriod, boolean replaceIncompatible) {

    public ChannelConfig {
        ChannelNames.validate(name);
        Objects.requireNonNull(backing, "backing");
        Objects.requireNonNull(livenessPeriod, "livenessPeriod");
        if (slotCount < 2 || slotCount > io.framebus.layout.ChannelLayout.MAX_SLOTS) {
            throw new IllegalArgumentException("slot count must be 2.." + io.framebus.layout.ChannelLayout.MAX_SLOTS
                    + " (one slot is always free for the writer), got " + slotCount);
        }
        if (holdLimit < 1 || holdLimit >= slotCount) {
            throw new IllegalArgumentException("hold limit must be 1.." + (slotCount - 1)
                    + " (one slot less than the " + slotCount + " slots, so the writer always has one), got " + holdLimit);
        }
        if ((fileMode & ~0777) != 0 || (fileMode & 0600) != 0600) {
            throw new IllegalArgumentException(String.format("file mode must be within 0777 and include 0600, got %o",
                    fileMode));
        }
        if (livenessPeriod.isNegative() || livenessPeriod.isZero()) {
            throw new IllegalArgumentException("liveness period must be positive");
        }
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Builder with production defaults: 8 slots, 16 readers, 2 holds per reader (1 with 2 slots), auto backing, mode 0600. */
    public static final class Builder {
        private final String name;
        private int slotCount = 8;
        private long slotSize = -1;
        private int ringCapacity = -1;
        private int maxReaders = 16;
        private int holdLimit = -1;
        private Backing backing = Backing.AUTO;
        private Path directory;
        private int fileMode = 0600;
        private String group;
        private Duration livenessPeriod = Duration.ofMillis(10);
        private boolean replaceIncompatible = true;

        private Builder(String name) {
            this.name = name;
        }

        public Builder slots(int count) {
            this.slotCount = count;
            return this;
        }

        public Builder slotSize(long bytes) {
            this.slotSize = bytes;
            return this;
        }

        /** Ring capacity; rounded up to a power of two. Default: the next power of two &ge; max(16, 2 x slots). */
        public Builder ringCapacity(int capacity) {
            this.ringCapacity = capacity;
            return this;
        }

        public Builder maxReaders(int readers) {
            this.maxReaders = readers;
            return this;
        }

        public Builder holdLimit(int frames) {
            this.holdLimit = frames;
            return this;
        }

        public Builder backing(Backing backing) {
            this.backing = backing;
            return this;
        }

        public Builder directory(Path directory) {
            this.directory = directory;
            return this;
        }

        /** Permission bits, e.g. 0600 (default) or 0660 with {@link #group(String)}. */
        public Builder fileMode(int mode) {
            this.fileMode = mode;
            return this;
        }

        /** Gives the file to {@code group} and mode 0660, so members of the group may attach. */
        public Builder group(String group) {
            this.group = group;
            this.fileMode = 0660;
            return this;
        }

        public Builder livenessPeriod(Duration period) {
            this.livenessPeriod = period;
            return this;
        }

        public Builder replaceIncompatible(boolean replace) {
            this.replaceIncompatible = replace;
            return this;
        }

        public ChannelConfig build() {
            if (slotSize <= 0) {
                throw new IllegalArgumentException("slot size must be set and positive, got " + slotSize);
            }
            int ring = ringCapacity > 0 ? ringCapacity : Math.max(16, 2 * Math.max(slotCount, 1));
            ring = ring > (1 << 30) ? ring : Integer.highestOneBit(ring - 1) << 1;
            int holds = holdLimit > 0 ? holdLimit : Math.max(1, Math.min(2, slotCount - 1));
            return new ChannelConfig(name, slotCount, slotSize, Math.max(ring, 1), maxReaders, holds, backing,
                    directory, fileMode, group, livenessPeriod, replaceIncompatible);
        }
    }
}
