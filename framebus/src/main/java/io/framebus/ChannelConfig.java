package io.framebus;

import io.framebus.layout.ChannelLayout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The fixed geometry and placement of a channel, given when it is created. Immutable; each
 * {@code withX} returns a changed copy, as {@link ReaderOptions} does.
 *
 * <pre>{@code
 * ChannelConfig config = ChannelConfig.of("camera0", 3840 * 2160 * 3)   // one 4K BGR24 frame per slot
 *         .withSlots(8)
 *         .withMaxReaders(8);
 * }</pre>
 *
 * <p>Defaults: 8 slots, 16 reader rows, a ring of the next power of two of at least
 * {@code max(16, 2 x slots)} entries, 2 holds per reader (1 with 2 slots), backing
 * {@link Backing#AUTO}, mode 0600, liveness checked every 10 ms, a dead writer's file of another
 * geometry replaced. Each value is checked when set; the checks that relate two values (the hold
 * limit and the ring against the slot count) run in {@link #validate()}, which
 * {@link FrameChannel#create} calls.
 */
public final class ChannelConfig {
    private final String name;
    private final int slotCount;
    private final long slotSize;
    private final int ringCapacity;
    private final int maxReaders;
    private final int holdLimit;
    private final Backing backing;
    private final Path directory;
    private final int fileMode;
    private final String group;
    private final Duration livenessPeriod;
    private final boolean replaceIncompatible;

    private ChannelConfig(String name, int slotCount, long slotSize, int ringCapacity, int maxReaders, int holdLimit,
                          Backing backing, Path directory, int fileMode, String group, Duration livenessPeriod,
                          boolean replaceIncompatible) {
        this.name = name;
        this.slotCount = slotCount;
        this.slotSize = slotSize;
        this.ringCapacity = ringCapacity;
        this.maxReaders = maxReaders;
        this.holdLimit = holdLimit;
        this.backing = backing;
        this.directory = directory;
        this.fileMode = fileMode;
        this.group = group;
        this.livenessPeriod = livenessPeriod;
        this.replaceIncompatible = replaceIncompatible;
    }

    /**
     * Starts a configuration for channel {@code name} whose slots hold {@code slotSize} bytes; every other value is a
     * default.
     *
     * @param name     the channel name, see {@link ChannelNames#validate(String)}
     * @param slotSize bytes per slot (1 B .. 2 GiB - 1): the largest frame the channel carries
     * @return a configuration with the defaults above
     * @throws InvalidChannelNameException for a bad name
     * @throws IllegalArgumentException    for a slot size out of range
     */
    public static ChannelConfig of(String name, long slotSize) {
        ChannelNames.validate(name);
        return new ChannelConfig(name, 8, checkSlotSize(slotSize), 0, 16, 0, Backing.AUTO, null, 0600, null,
                Duration.ofMillis(10), true);
    }

    private static long checkSlotSize(long bytes) {
        if (bytes < 1 || bytes > ChannelLayout.MAX_SLOT_SIZE) {
            throw new IllegalArgumentException("slot size must be 1.." + ChannelLayout.MAX_SLOT_SIZE + " bytes, got "
                    + bytes);
        }
        return bytes;
    }

    /**
     * Sets how many frames the ring holds at once. More slots let readers hold frames longer and absorb jitter; each
     * costs {@link #slotSize()} bytes of memory.
     *
     * @param count frame slots, 2..65536 (one slot is always free for the writer)
     * @return a copy with that many slots
     */
    public ChannelConfig withSlots(int count) {
        if (count < 2 || count > ChannelLayout.MAX_SLOTS) {
            throw new IllegalArgumentException("slot count must be 2.." + ChannelLayout.MAX_SLOTS
                    + " (one slot is always free for the writer), got " + count);
        }
        return new ChannelConfig(name, count, slotSize, ringCapacity, maxReaders, holdLimit, backing, directory,
                fileMode, group, livenessPeriod, replaceIncompatible);
    }

    /**
     * Sets the slot size, the largest frame the channel can carry.
     *
     * @param bytes bytes per slot (1 B .. 2 GiB - 1)
     * @return a copy with that slot size
     */
    public ChannelConfig withSlotSize(long bytes) {
        return new ChannelConfig(name, slotCount, checkSlotSize(bytes), ringCapacity, maxReaders, holdLimit, backing,
                directory, fileMode, group, livenessPeriod, replaceIncompatible);
    }

    /**
     * Sets how many published sequences the ring remembers; it must be at least the slot count ({@link #validate()}
     * checks).
     *
     * @param capacity ring entries, rounded up to a power of two; 0 for the default
     * @return a copy with that ring capacity
     */
    public ChannelConfig withRingCapacity(int capacity) {
        if (capacity < 0 || capacity > ChannelLayout.MAX_RING_CAPACITY) {
            throw new IllegalArgumentException("ring capacity must be 0 (default) .. " + ChannelLayout.MAX_RING_CAPACITY
                    + ", got " + capacity);
        }
        return new ChannelConfig(name, slotCount, slotSize, capacity, maxReaders, holdLimit, backing, directory,
                fileMode, group, livenessPeriod, replaceIncompatible);
    }

    /**
     * Sets how many reader rows the file has, the most readers that may be attached at once.
     *
     * @param readers reader rows, 1..1024: how many readers may be attached at once
     * @return a copy with that many reader rows
     */
    public ChannelConfig withMaxReaders(int readers) {
        if (readers < 1 || readers > ChannelLayout.MAX_READERS) {
            throw new IllegalArgumentException("max readers must be 1.." + ChannelLayout.MAX_READERS
                    + ", got " + readers);
        }
        return new ChannelConfig(name, slotCount, slotSize, ringCapacity, readers, holdLimit, backing, directory,
                fileMode, group, livenessPeriod, replaceIncompatible);
    }

    /**
     * Sets the hold limit readers get unless their {@link ReaderOptions} set their own; it must leave the writer a slot
     * ({@link #validate()} checks).
     *
     * @param frames the default of how many frames one reader may hold at once, 1..slots-1; 0 for the default
     * @return a copy with that hold limit
     */
    public ChannelConfig withHoldLimit(int frames) {
        if (frames < 0) {
            throw new IllegalArgumentException("hold limit must be >= 0 (0 = default), got " + frames);
        }
        return new ChannelConfig(name, slotCount, slotSize, ringCapacity, maxReaders, frames, backing, directory,
                fileMode, group, livenessPeriod, replaceIncompatible);
    }

    /**
     * Chooses the memory backing; {@link Backing#AUTO} picks the best one the host offers.
     *
     * @param memory where the memory comes from
     * @return a copy with that backing
     */
    public ChannelConfig withBacking(Backing memory) {
        return new ChannelConfig(name, slotCount, slotSize, ringCapacity, maxReaders, holdLimit,
                Objects.requireNonNull(memory, "backing"), directory, fileMode, group, livenessPeriod,
                replaceIncompatible);
    }

    /**
     * Places the channel file in {@code dir} instead of the directory the backing chooses.
     *
     * @param dir an explicit directory for the channel file (its filesystem decides the backing), or null
     * @return a copy that creates the file there
     */
    public ChannelConfig withDirectory(Path dir) {
        return new ChannelConfig(name, slotCount, slotSize, ringCapacity, maxReaders, holdLimit, backing, dir,
                fileMode, group, livenessPeriod, replaceIncompatible);
    }

    /**
     * Sets the channel file's permission bits; the owner always keeps read and write.
     *
     * @param mode permission bits within 0777 that include 0600, e.g. 0600 (default) or 0660
     * @return a copy with that file mode
     */
    public ChannelConfig withFileMode(int mode) {
        if ((mode & ~0777) != 0 || (mode & 0600) != 0600) {
            throw new IllegalArgumentException(String.format("file mode must be within 0777 and include 0600, got %o",
                    mode));
        }
        return new ChannelConfig(name, slotCount, slotSize, ringCapacity, maxReaders, holdLimit, backing, directory,
                mode, group, livenessPeriod, replaceIncompatible);
    }

    /**
     * Gives the file to {@code groupName} with mode 0660, so that members of the group may attach.
     *
     * @param groupName an existing group, or null for none (mode back to 0600)
     * @return a copy for that group
     */
    public ChannelConfig withGroup(String groupName) {
        return new ChannelConfig(name, slotCount, slotSize, ringCapacity, maxReaders, holdLimit, backing, directory,
                groupName == null ? 0600 : 0660, groupName, livenessPeriod, replaceIncompatible);
    }

    /**
     * Sets how often the writer checks whether its readers are still alive and reclaims the slots dead ones held.
     *
     * @param period how often the writer looks for dead readers (positive)
     * @return a copy with that period
     */
    public ChannelConfig withLivenessPeriod(Duration period) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("liveness period must be positive, got " + period);
        }
        return new ChannelConfig(name, slotCount, slotSize, ringCapacity, maxReaders, holdLimit, backing, directory,
                fileMode, group, period, replaceIncompatible);
    }

    /**
     * Decides what {@link FrameChannel#create} does with the file of a dead writer whose geometry differs from this
     * configuration: replace it, or fail.
     *
     * @param replace whether a dead writer's file of another geometry may be replaced (default true)
     * @return a copy with that choice
     */
    public ChannelConfig withReplaceIncompatible(boolean replace) {
        return new ChannelConfig(name, slotCount, slotSize, ringCapacity, maxReaders, holdLimit, backing, directory,
                fileMode, group, livenessPeriod, replace);
    }

    /**
     * Checks the values against each other.
     *
     * @return this configuration
     * @throws IllegalArgumentException when the hold limit leaves the writer no slot, or the ring is smaller
     *                                  than the slot count
     */
    public ChannelConfig validate() {
        int holds = holdLimit();
        if (holds >= slotCount) {
            throw new IllegalArgumentException("hold limit must be 1.." + (slotCount - 1) + " (one slot less than the "
                    + slotCount + " slots, so the writer always has one), got " + holds);
        }
        if (ringCapacity() < slotCount) {
            throw new IllegalArgumentException("ring capacity " + ringCapacity() + " is smaller than the " + slotCount
                    + " slots");
        }
        return this;
    }

    /**
     * The name given to {@link #of(String, long)}.
     *
     * @return the channel name
     */
    public String name() {
        return name;
    }

    /**
     * The size of the ring in frames.
     *
     * @return the number of frame slots
     */
    public int slotCount() {
        return slotCount;
    }

    /**
     * The largest frame the channel carries.
     *
     * @return bytes per slot
     */
    public long slotSize() {
        return slotSize;
    }

    /**
     * The number of ring entries the channel will have.
     *
     * @return ring entries: the configured capacity rounded up to a power of two, or the default
     */
    public int ringCapacity() {
        int ring = ringCapacity > 0 ? ringCapacity : Math.max(16, 2 * slotCount);
        return ring == Integer.highestOneBit(ring) ? ring : Integer.highestOneBit(ring) << 1;
    }

    /**
     * The most readers that may be attached at once.
     *
     * @return reader rows
     */
    public int maxReaders() {
        return maxReaders;
    }

    /**
     * The hold limit a reader gets when its {@link ReaderOptions} do not set one.
     *
     * @return the default hold limit per reader: the configured one, or min(2, slots - 1)
     */
    public int holdLimit() {
        return holdLimit > 0 ? holdLimit : Math.min(2, slotCount - 1);
    }

    /**
     * The requested backing; the one obtained is reported by the writer.
     *
     * @return where the memory comes from
     */
    public Backing backing() {
        return backing;
    }

    /**
     * The directory the channel file goes in, if one was set.
     *
     * @return the explicit directory, or null to choose by {@link #backing()}
     */
    public Path directory() {
        return directory;
    }

    /**
     * The permission bits the channel file is created with.
     *
     * @return the file's permission bits
     */
    public int fileMode() {
        return fileMode;
    }

    /**
     * The group given the channel file, if any.
     *
     * @return the group to own the file, or null
     */
    public String group() {
        return group;
    }

    /**
     * The period of the writer's check for dead readers.
     *
     * @return how often the writer looks for dead readers
     */
    public Duration livenessPeriod() {
        return livenessPeriod;
    }

    /**
     * Whether {@link FrameChannel#create} may replace a dead writer's file of another geometry.
     *
     * @return whether a dead writer's file of another geometry may be replaced
     */
    public boolean replaceIncompatible() {
        return replaceIncompatible;
    }

    @Override
    public String toString() {
        return "ChannelConfig[" + name + ": " + slotCount + " slots x " + slotSize + " B, ring " + ringCapacity()
                + ", readers " + maxReaders + ", holds " + holdLimit() + ", " + backing.name().toLowerCase()
                + (directory != null ? " in " + directory : "") + String.format(", mode %04o", fileMode)
                + (group != null ? ", group " + group : "") + "]";
    }
}
