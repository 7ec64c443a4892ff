package io.framebus.capture;

import io.framebus.Backing;
import io.framebus.ChannelConfig;
import io.framebus.ChannelNames;
import io.framebus.ReaderOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** Channel names, plain /dev/shm channels and the bundled videos, for tests. */
final class TestSupport {
    static final Path SHM = Path.of("/dev/shm");
    static final Path PEOPLE = Path.of("../assets/video/people-walking-768x432.mp4");
    static final Path BUNNY = Path.of("../assets/video/bigbuckbunny-1280x720.mp4");
    static final Duration TAKE = Duration.ofSeconds(10);
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private TestSupport() {
    }

    static String uniqueName(String prefix) {
        return "captest-" + prefix + "-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
    }

    static ChannelConfig config(String name, SourceInfo info, int slots) {
        return CaptureChannels.configFor(name, info, slots).withBacking(Backing.PLAIN).withDirectory(SHM);
    }

    static ReaderOptions lossless() {
        return ReaderOptions.lossless().withDirectory(SHM).withAttachTimeout(Duration.ofSeconds(5));
    }

    static boolean channelFileExists(String name) {
        return Files.exists(ChannelNames.file(SHM, name));
    }
}
