package io.framebus;

import io.framebus.layout.ChannelLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Feeds thousands of mutated channel files (seeded, so any failure is reproducible from the seed it
 * prints) through open, attach, poll, take, inspect, list, takeover and gc. Every outcome must be
 * normal operation or a {@link FramebusException} with a message: never another exception type, a
 * crash or a hang.
 */
class CorruptFileFuzzTest {
    private static final long SEED = Long.getLong("framebus.fuzz.seed", 0x5EED_F00DL);
    private static final int ITERATIONS = Integer.getInteger("framebus.fuzz.iterations", 3000);
    private static final String NAME = "fuzz";

    private Path dir;
    private byte[] base;
    private ChannelLayout layout;

    @BeforeEach
    void makeBaseImage() throws IOException {
        dir = Files.createTempDirectory(Path.of("/dev/shm"), "fbfuzz");
        ChannelConfig config = ChannelConfig.builder(NAME).slotSize(4096).slots(4).maxReaders(4).ringCapacity(8)
                .backing(Backing.PLAIN).directory(dir).build();
        try (ChannelWriter writer = FrameChannel.create(config);
             ChannelReader reader = FrameChannel.attach(NAME, ReaderOptions.lossless().withDirectory(dir))) {
            for (int i = 0; i < 6; i++) {
                writer.tryClaim().video(32, 32, 96, PixelFormat.BGR24).publish();
                reader.poll().close();
            }
            Frame held = reader.poll(); // null: all taken; keep one held below for a populated hold row
            assertNull(held);
            writer.tryClaim().tensor(DType.FLOAT32, 1, 2, 3).publish();
            reader.poll(); // held while the image is taken
            base = Files.readAllBytes(ChannelNames.file(dir, NAME));
        }
        layout = new ChannelLayout(4, 4096, 8, 4, 4096);
        assertEquals(layout.fileSize(), base.length);
    }

    @AfterEach
    void cleanUp() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(dir);
    }

    @Test
    void mutatedChannelFilesYieldTypedErrorsNeverCrashesOrHangs() {
        int[] outcomes = new int[2];
        assertTimeoutPreemptively(Duration.ofMinutes(4), () -> {
            for (int i = 0; i < ITERATIONS; i++) {
                long seed = SEED + i;
                byte[] image = mutate(new Random(seed));
                Files.write(ChannelNames.file(dir, NAME), image);
                try {
                    exercise(new Random(seed ^ 0xABCDEF));
                    outcomes[0]++;
                } catch (FramebusException e) {
                    assertNotNull(e.getMessage(), "seed " + seed);
                    assertFalse(e.getMessage().isBlank(), "seed " + seed);
                    outcomes[1]++;
                } catch (Throwable t) {
                    throw new AssertionError("seed " + seed + " (rerun with -Dframebus.fuzz.seed=" + seed
                            + " -Dframebus.fuzz.iterations=1): " + t, t);
                }
            }
        });
        System.out.printf("fuzz: %d files, %d handled normally, %d rejected with a typed error%n", ITERATIONS,
                outcomes[0], outcomes[1]);
        assertTrue(outcomes[1] > ITERATIONS / 10, "the mutations must actually break files");
        assertTrue(outcomes[0] > 0, "and some must stay usable");
    }

    private byte[] mutate(Random r) {
        byte[] image = base.clone();
        switch (r.nextInt(10)) {
            case 0 -> { // truncated file
                return Arrays.copyOf(image, r.nextInt(image.length));
            }
            case 1 -> { // not a channel at all
                byte[] junk = new byte[r.nextInt(2 * image.length)];
                r.nextBytes(junk);
                return junk;
            }
            case 2 -> { // header fields set to extreme values
                long[] extremes = {0, -1, 1, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE};
                int offset = r.nextInt(ChannelLayout.HEADER_SIZE / 4) * 4;
                ByteBuffer.wrap(image).order(ByteOrder.nativeOrder()).putInt(offset, (int) extremes[r.nextInt(extremes.length)]);
            }
            case 3 -> { // ring, slot table or reader table words set to extreme values
                long[] extremes = {0, -1, -2, 1, 3, 4, 5, 7, 8, 1 << 20, Integer.MAX_VALUE, Long.MAX_VALUE, Long.MIN_VALUE};
                int offset = ChannelLayout.HEADER_SIZE
                        + r.nextInt((int) (layout.controlSize() - ChannelLayout.HEADER_SIZE) / 8) * 8;
                ByteBuffer.wrap(image).order(ByteOrder.nativeOrder()).putLong(offset, extremes[r.nextInt(extremes.length)]);
            }
            default -> { // random byte flips in the control region
                int flips = 1 + r.nextInt(8);
                for (int f = 0; f < flips; f++) {
                    int offset = r.nextInt((int) layout.controlSize());
                    image[offset] ^= (byte) (1 << r.nextInt(8));
                }
            }
        }
        return image;
    }

    private void exercise(Random r) {
        switch (r.nextInt(4)) {
            case 0 -> FrameChannel.inspect(NAME, dir);
            case 1 -> FrameChannel.list(dir);
            case 2 -> {
                ChannelConfig config = ChannelConfig.builder(NAME).slotSize(4096).slots(4).maxReaders(4).ringCapacity(8)
                        .backing(Backing.PLAIN).directory(dir).build();
                try (ChannelWriter writer = FrameChannel.create(config)) {
                    FrameClaim claim = writer.tryClaim();
                    if (claim != null) {
                        claim.length(64).publish();
                    }
                }
            }
            default -> {
                ReaderOptions options = new ReaderOptions(r.nextBoolean() ? ReaderMode.LATEST : ReaderMode.LOSSLESS,
                        1, io.framebus.wait.WaitStrategy.FUTEX, dir, Duration.ZERO);
                try (ChannelReader reader = FrameChannel.attach(NAME, options)) {
                    for (int k = 0; k < 4; k++) {
                        Frame frame = k == 3 ? reader.take(Duration.ofMillis(1)) : reader.poll();
                        if (frame != null) {
                            frame.segment();
                            frame.shape();
                            frame.close();
                        }
                    }
                }
            }
        }
    }
}
