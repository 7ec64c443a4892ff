package io.framebus.javacv;

import io.framebus.Backing;
import io.framebus.ChannelConfig;
import io.framebus.FrameClaim;
import io.framebus.PixelFormat;
import io.framebus.ReaderOptions;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** Channel names, plain /dev/shm channels, test pictures and the bundled video, for this module's tests. */
final class JavacvTestSupport {
    static final Path SHM = Path.of("/dev/shm");
    static final Path PEOPLE = Path.of("../assets/video/people-walking-768x432.mp4");
    static final Duration WAIT = Duration.ofSeconds(10);
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private JavacvTestSupport() {
    }

    static String uniqueName(String prefix) {
        return "cvtest-" + prefix + "-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
    }

    static ChannelConfig config(String name, long slotBytes, int slots) {
        return ChannelConfig.of(name, slotBytes).withSlots(slots).withBacking(Backing.PLAIN).withDirectory(SHM);
    }

    static ReaderOptions lossless() {
        return ReaderOptions.lossless().withDirectory(SHM).withAttachTimeout(WAIT);
    }

    /** The byte a test picture has at ({@code x}, {@code y}), channel {@code c}, in frame {@code seed}. */
    static byte pixel(int seed, int x, int y, int c) {
        return (byte) (x * 7 + y * 13 + c * 71 + seed * 31);
    }

    /** Writes a {@code width x height} picture of {@code channels} per pixel, rows {@code stride} apart. */
    static void fill(MemorySegment target, int width, int height, int channels, int stride, int seed) {
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < channels; c++) {
                    long at = (long) y * stride + (long) x * channels + c;
                    target.set(ValueLayout.JAVA_BYTE, at, pixel(seed, x, y, c));
                }
            }
        }
    }

    /** Publishes one test picture of {@code format} into {@code claim}. */
    static long publishPicture(FrameClaim claim, int width, int height, int stride, PixelFormat format, int seed) {
        fill(claim.segment(), width, height, format.bytesPerPixel(), stride, seed);
        return claim.video(width, height, stride, format).pts(seed * 1000L).publish();
    }
}
