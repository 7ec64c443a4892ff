package io.framebus.inference;

import io.framebus.Backing;
import io.framebus.ChannelConfig;
import io.framebus.ChannelNames;
import io.framebus.ReaderOptions;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Channel names, plain /dev/shm channels and the bundled assets, for tests. */
public final class TestSupport {
    public static final Path SHM = Path.of("/dev/shm");
    public static final Path YOLOX = Path.of("../assets/models/yolox_nano.onnx");
    public static final Path MNIST = Path.of("../assets/models/mnist-8-opt.onnx");
    public static final Path PEOPLE = Path.of("../assets/video/people-walking-768x432.mp4");
    public static final Duration TAKE = Duration.ofSeconds(10);
    private static final String PREFIX = "inftest-" + ProcessHandle.current().pid() + "-";
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private TestSupport() {
    }

    public static String uniqueName(String what) {
        return PREFIX + what + "-" + COUNTER.incrementAndGet();
    }

    /** A plain-page channel in /dev/shm. */
    public static ChannelConfig plain(ChannelConfig builder) {
        return builder.withBacking(Backing.PLAIN).withDirectory(SHM);
    }

    public static ChannelConfig plain(String name, long slotSize) {
        return plain(ChannelConfig.of(name, slotSize));
    }

    public static ReaderOptions latest() {
        return ReaderOptions.latest().withDirectory(SHM).withAttachTimeout(Duration.ofSeconds(5));
    }

    public static ReaderOptions lossless() {
        return ReaderOptions.lossless().withDirectory(SHM).withAttachTimeout(Duration.ofSeconds(5));
    }

    public static boolean exists(String name) {
        return Files.exists(ChannelNames.file(SHM, name));
    }

    /** Channel files this test JVM left behind in /dev/shm. */
    public static List<Path> leftovers() throws IOException {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(SHM)) {
            for (Path p : dir) {
                if (p.getFileName().toString().contains(PREFIX)) {
                    found.add(p);
                }
            }
        }
        return found;
    }

    /** 64-byte aligned BGR24 stride, as the capture stage uses (swscale's SIMD wants it). */
    public static int stride(int width) {
        return (width * 3 + 63) & ~63;
    }
}
