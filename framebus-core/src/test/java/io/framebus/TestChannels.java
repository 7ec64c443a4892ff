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

    static ChannelConfig.Builder plain(String name, long slotSize) {
        return ChannelConfig.builder(name).slotSize(slotSize).backing(Backing.PLAIN).directory(SHM);
    }

    static ReaderOptions latest() {
        return ReaderOptions.latest().withDirectory(SHM);
    }

    static ReaderOptions lossless() {
        return ReaderOptions.lossless().withDirectory(SHM);
    }

    static boolean fileExists(String name) {
        return Files.exists(ChannelNames.file(SHM, name));
    }

    static final Duration SECOND = Duration.ofSeconds(1);
}
