package io.framebus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** Unique channel names and small plain-backed configs for tests. */
final class TestChannels {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    static final Path SHM = Path.of("/dev/shm");

    private TestChannels() {
    }

    static String uniqueName(String prefix) {
        return prefix + "-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
    }

    static ChannelConfig plain(String name, long slotSize) {
        return ChannelConfig.of(name, slotSize).withBacking(Backing.PLAIN).withDirectory(SHM);
    }

    /**
     * The next frame, owned by the caller, waiting up to {@code timeout}; null on timeout.
     *
     * @throws ChannelClosedException when the channel closed
     * @throws IllegalStateException  when the writer is dead
     */
    static Frame takeFrame(ChannelReader reader, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Frame frame = reader.tryTake();
            if (frame != null) {
                return frame;
            }
            long left = Math.max(0, deadline - System.nanoTime());
            switch (reader.await(Duration.ofNanos(left))) {
                case TIMEOUT -> {
                    return null;
                }
                case CLOSED -> throw new ChannelClosedException("closed");
                case WRITER_DEAD -> throw new IllegalStateException("writer dead");
                default -> { }
            }
        }
    }

    static ReaderOptions latest() {
        return ReaderOptions.latest().withDirectory(SHM);
    }

    static ReaderOptions lossless() {
        return ReaderOptions.lossless().withDirectory(SHM);
    }

    /** True while either of the channel's two files exists. */
    static boolean fileExists(String name) {
        return Files.exists(ChannelNames.file(SHM, name)) || Files.exists(ChannelNames.dataFile(SHM, name));
    }

    static final Duration SECOND = Duration.ofSeconds(1);
}
