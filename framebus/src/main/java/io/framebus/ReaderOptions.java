package io.framebus;

import io.framebus.wait.WaitStrategy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a reader attaches and reads. Immutable; each {@code withX} returns a changed copy.
 *
 * <pre>{@code
 * ReaderOptions.lossless().withHoldLimit(2).withAttachTimeout(Duration.ofSeconds(5));
 * }</pre>
 *
 * @param mode          {@link ReaderMode#LATEST} or {@link ReaderMode#LOSSLESS}
 * @param holdLimit     frames this reader may hold at once; 0 means the channel's default
 * @param waitStrategy  how {@link ChannelReader#take(FrameHandler, Duration)} waits (futex by default)
 * @param directory     where to look for the channel, or null for the usual search path
 * @param attachTimeout how long {@link FrameChannel#attach} waits for the channel to appear
 * @param group         a group whose members' channels this reader trusts (see {@link #withGroup}), or null
 * @param stallBudget   how long a lossless reader may hold the writer back before the writer demotes it to
 *                      latest (see {@link #withStallBudget}); zero for no limit
 * @param label         what this reader is, shown by {@code framebus inspect}; at most 63 bytes of UTF-8 are kept
 */
public record ReaderOptions(ReaderMode mode, int holdLimit, WaitStrategy waitStrategy, Path directory,
                            Duration attachTimeout, String group, Duration stallBudget, String label) {
    /**
     * Checks the options.
     *
     * @throws IllegalArgumentException for a negative hold limit or attach timeout
     */
    public ReaderOptions {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(waitStrategy, "waitStrategy");
        Objects.requireNonNull(attachTimeout, "attachTimeout");
        Objects.requireNonNull(stallBudget, "stallBudget");
        Objects.requireNonNull(label, "label");
        if (holdLimit < 0) {
            throw new IllegalArgumentException("hold limit must be >= 0 (0 = channel default), got " + holdLimit);
        }
        if (attachTimeout.isNegative()) {
            throw new IllegalArgumentException("attach timeout must not be negative, got " + attachTimeout);
        }
        if (stallBudget.isNegative()) {
            throw new IllegalArgumentException("stall budget must not be negative, got " + stallBudget);
        }
    }

    /**
     * Options for a reader that only wants the newest frame, such as a display or a detector that must keep up.
     *
     * @return newest frame only, futex wait, the channel's hold limit, no attach wait
     */
    public static ReaderOptions latest() {
        return new ReaderOptions(ReaderMode.LATEST, 0, WaitStrategy.futex(), null, Duration.ZERO, null,
                Duration.ZERO, "java");
    }

    /**
     * Options for a reader that must see every frame, such as an encoder or a recorder; it can make the writer
     * wait.
     *
     * @return every frame in order, futex wait, the channel's hold limit, no attach wait
     */
    public static ReaderOptions lossless() {
        return new ReaderOptions(ReaderMode.LOSSLESS, 0, WaitStrategy.futex(), null, Duration.ZERO, null,
                Duration.ZERO, "java");
    }

    /**
     * The default options of a reading mode.
     *
     * @param mode the reading mode
     * @return {@link #latest()} or {@link #lossless()}
     */
    public static ReaderOptions of(ReaderMode mode) {
        return mode == ReaderMode.LOSSLESS ? lossless() : latest();
    }

    /**
     * Sets how many frames this reader may hold at once, overriding the channel's default.
     *
     * @param limit frames held at once, 1 to slots - 1; 0 for the channel's default
     * @return a copy with that hold limit
     */
    public ReaderOptions withHoldLimit(int limit) {
        return new ReaderOptions(mode, limit, waitStrategy, directory, attachTimeout, group, stallBudget, label);
    }

    /**
     * Sets how {@link ChannelReader#take(FrameHandler, Duration)} waits for a frame.
     *
     * @param strategy how blocking reads wait
     * @return a copy with that wait strategy
     */
    public ReaderOptions withWaitStrategy(WaitStrategy strategy) {
        return new ReaderOptions(mode, holdLimit, strategy, directory, attachTimeout, group, stallBudget, label);
    }

    /**
     * Sets where {@link FrameChannel#attach} looks for the channel file.
     *
     * @param dir the directory holding the channel file, or null for the search path
     * @return a copy that looks there
     */
    public ReaderOptions withDirectory(Path dir) {
        return new ReaderOptions(mode, holdLimit, waitStrategy, dir, attachTimeout, group, stallBudget, label);
    }

    /**
     * Sets how long {@link FrameChannel#attach} waits for a channel that does not exist yet; zero fails at
     * once.
     *
     * @param timeout how long to wait for the channel to be created
     * @return a copy that waits that long
     */
    public ReaderOptions withAttachTimeout(Duration timeout) {
        return new ReaderOptions(mode, holdLimit, waitStrategy, directory, timeout, group, stallBudget, label);
    }

    /**
     * Trusts, besides this user's and root's channels, those given to {@code groupName} by one of its
     * members (a group channel made with {@code ChannelConfig.withGroup}). Without it a reader refuses a
     * channel owned by another user, whoever made it readable.
     *
     * @param groupName the group, or null for none
     * @return a copy that trusts that group's channels
     */
    public ReaderOptions withGroup(String groupName) {
        return new ReaderOptions(mode, holdLimit, waitStrategy, directory, attachTimeout, groupName, stallBudget,
                label);
    }

    /**
     * Lets the writer demote this lossless reader to latest when it holds the writer back (has not taken
     * the frame the writer needs to reuse a slot) for longer than {@code budget}: a stopped or hung reader
     * then costs the writer at most its budget. The frames it misses are counted as lost, and its next
     * take returns {@link ReadStatus#DEMOTED}. Zero (the default) keeps lossless strict: the writer waits.
     *
     * @param budget how long this reader may hold the writer back
     * @return a copy with that budget
     */
    public ReaderOptions withStallBudget(Duration budget) {
        return new ReaderOptions(mode, holdLimit, waitStrategy, directory, attachTimeout, group, budget, label);
    }

    /**
     * Names this reader for {@code framebus inspect} (for example the program and its role).
     *
     * @param text at most 63 bytes of UTF-8 are kept
     * @return a copy with that label
     */
    public ReaderOptions withLabel(String text) {
        return new ReaderOptions(mode, holdLimit, waitStrategy, directory, attachTimeout, group, stallBudget, text);
    }
}
