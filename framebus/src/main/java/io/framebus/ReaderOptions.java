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
 */
public record ReaderOptions(ReaderMode mode, int holdLimit, WaitStrategy waitStrategy, Path directory,
                            Duration attachTimeout) {
    /**
     * Checks the options.
     *
     * @throws IllegalArgumentException for a negative hold limit or attach timeout
     */
    public ReaderOptions {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(waitStrategy, "waitStrategy");
        Objects.requireNonNull(attachTimeout, "attachTimeout");
        if (holdLimit < 0) {
            throw new IllegalArgumentException("hold limit must be >= 0 (0 = channel default), got " + holdLimit);
        }
        if (attachTimeout.isNegative()) {
            throw new IllegalArgumentException("attach timeout must not be negative, got " + attachTimeout);
        }
    }

    /**
     * Options for a reader that only wants the newest frame, such as a display or a detector that must keep up.
     *
     * @return newest frame only, futex wait, the channel's hold limit, no attach wait
     */
    public static ReaderOptions latest() {
        return new ReaderOptions(ReaderMode.LATEST, 0, WaitStrategy.futex(), null, Duration.ZERO);
    }

    /**
     * Options for a reader that must see every frame, such as an encoder or a recorder; it can make the writer
     * wait.
     *
     * @return every frame in order, futex wait, the channel's hold limit, no attach wait
     */
    public static ReaderOptions lossless() {
        return new ReaderOptions(ReaderMode.LOSSLESS, 0, WaitStrategy.futex(), null, Duration.ZERO);
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
        return new ReaderOptions(mode, limit, waitStrategy, directory, attachTimeout);
    }

    /**
     * Sets how {@link ChannelReader#take(FrameHandler, Duration)} waits for a frame.
     *
     * @param strategy how blocking reads wait
     * @return a copy with that wait strategy
     */
    public ReaderOptions withWaitStrategy(WaitStrategy strategy) {
        return new ReaderOptions(mode, holdLimit, strategy, directory, attachTimeout);
    }

    /**
     * Sets where {@link FrameChannel#attach} looks for the channel file.
     *
     * @param dir the directory holding the channel file, or null for the search path
     * @return a copy that looks there
     */
    public ReaderOptions withDirectory(Path dir) {
        return new ReaderOptions(mode, holdLimit, waitStrategy, dir, attachTimeout);
    }

    /**
     * Sets how long {@link FrameChannel#attach} waits for a channel that does not exist yet; zero fails at
     * once.
     *
     * @param timeout how long to wait for the channel to be created
     * @return a copy that waits that long
     */
    public ReaderOptions withAttachTimeout(Duration timeout) {
        return new ReaderOptions(mode, holdLimit, waitStrategy, directory, timeout);
    }
}
