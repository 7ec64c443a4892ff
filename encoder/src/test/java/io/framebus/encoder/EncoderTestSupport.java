package io.framebus.encoder;

import io.framebus.Backing;
import io.framebus.ChannelConfig;
import io.framebus.ChannelNames;
import io.framebus.ReaderOptions;
import io.framebus.capture.CaptureChannels;
import io.framebus.capture.FfmpegSource;
import io.framebus.capture.SourceInfo;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** Channels, paths and pixel helpers for encoder tests. */
final class EncoderTestSupport {
    static final Path SHM = Path.of("/dev/shm");
    static final Path PEOPLE = Path.of("../assets/video/people-walking-768x432.mp4");
    static final Path OUT = Path.of("target/encoder-test");
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private EncoderTestSupport() {
    }

    static String uniqueName(String prefix) {
        return "enctest-" + prefix + "-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
    }

    static ChannelConfig videoChannel(String name, SourceInfo info, int slots) {
        return CaptureChannels.configFor(name, info, slots).withBacking(Backing.PLAIN).withDirectory(SHM);
    }

    static ChannelConfig plain(String name, long slotSize) {
        return ChannelConfig.of(name, slotSize).withBacking(Backing.PLAIN).withDirectory(SHM);
    }

    static ReaderOptions lossless() {
        return ReaderOptions.lossless().withDirectory(SHM).withAttachTimeout(Duration.ofSeconds(5));
    }

    static ReaderOptions latest() {
        return ReaderOptions.latest().withDirectory(SHM).withAttachTimeout(Duration.ofSeconds(5));
    }

    static boolean channelFileExists(String name) {
        return Files.exists(ChannelNames.file(SHM, name));
    }

    static Path output(String name) {
        return OUT.resolve(name + ".mp4");
    }

    /** Decodes every frame of {@code file} into one BGR24 buffer each and returns them (small files only). */
    static MemorySegment[] decodeAll(Path file, Arena arena) {
        try (FfmpegSource source = FfmpegSource.open(file)) {
            java.util.List<MemorySegment> frames = new java.util.ArrayList<>();
            while (source.advance()) {
                MemorySegment m = arena.allocate(source.info().frameBytes(), 64);
                source.writeTo(m, source.info().stride());
                frames.add(m);
            }
            return frames.toArray(new MemorySegment[0]);
        }
    }

    /** B, G, R of pixel (x, y) of a tightly packed BGR24 picture of width {@code width}. */
    static int[] bgr(MemorySegment m, int width, int x, int y) {
        long at = ((long) y * width + x) * 3;
        return new int[] {Byte.toUnsignedInt(m.get(ValueLayout.JAVA_BYTE, at)),
            Byte.toUnsignedInt(m.get(ValueLayout.JAVA_BYTE, at + 1)),
            Byte.toUnsignedInt(m.get(ValueLayout.JAVA_BYTE, at + 2))};
    }

    /** Mean absolute difference per byte over a region of two BGR24 pictures of width {@code width}. */
    static double meanAbsDiff(MemorySegment a, MemorySegment b, int width, int x0, int y0, int x1, int y1) {
        long sum = 0;
        long n = 0;
        for (int y = y0; y < y1; y++) {
            for (long at = ((long) y * width + x0) * 3; at < ((long) y * width + x1) * 3; at++) {
                sum += Math.abs(Byte.toUnsignedInt(a.get(ValueLayout.JAVA_BYTE, at))
                        - Byte.toUnsignedInt(b.get(ValueLayout.JAVA_BYTE, at)));
                n++;
            }
        }
        return (double) sum / n;
    }
}
