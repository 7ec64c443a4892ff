package io.framebus;

import io.framebus.wait.WaitStrategy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a reader attaches and reads.
 *
 * @param mode          {@link ReaderMode#LATEST} or {@link ReaderMode#LOSSLESS}
 * @param holdLimit     frames this reader may hold at once; 0 means the channel's default
 * @param waitStrategy  how {@link ChannelReader#take} waits: futex (default), spin, yield or back-off
 * @param directory     where to look for the channel, or null for the usual search path
 * @param attachTimeout how long {@code attach} waits for the channel to appear
 */
public record ReaderOptions(ReaderMode mode, int holdLimit, WaitStrategy waitStrategy, Path directory,
                            Duration attachTimeout) {
    public ReaderOptions {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(waitStrategy, "waitStrategy");
        Objects.requireNonNull(attachTimeout, "attachTimeout");
        if (holdLimit < 0) {
            throw new IllegalArgumentException("hold limit must be >= 0 (0 = channel default), got " + holdLimit);
        }
    }

    /** Newest frame only, futex wait, channel's hold limit, no attach wait. */
    public static ReaderOptions latest() {
        return new ReaderOptions(ReaderMode.LATEST, 0, WaitStrategy.FUTEX, null, Duration.ZERO);
    }

    /** Every frame in order, futex wait, channel's hold limit, no attach wait. */
    public static ReaderOptions lossless() {
        return new ReaderOptions(ReaderMode.LOSSLESS, 0, WaitStrategy.FUTEX, null, Duration.ZERO);
    }

    public ReaderOptions withMode(ReaderMode m) {
        return new ReaderOptions(m, holdLimit, waitStrategy, directory, attachTimeout);
    }

    public ReaderOptions withHoldLimit(int limit) {
        return new ReaderOptions(mode, limit, waitStrategy, directory, attachTimeout);
    }

    public ReaderOptions withWaitStrategy(WaitStrategy strategy) {
        return new ReaderOptions(mode, holdLimit, strategy, directory, attachTimeout);
    }

    public ReaderOptions withDirectory(Path dir) {
        return new ReaderOptions(mode, holdLimit, waitStrategy, dir, attachTimeout);
    }

    /** Waits up to {@code timeout} for the channel to be created. */
    public ReaderOptions withAttachTimeout(Duration timeout) {
        return new ReaderOptions(mode, holdLimit, waitStrategy, directory, timeout);
    }
}
