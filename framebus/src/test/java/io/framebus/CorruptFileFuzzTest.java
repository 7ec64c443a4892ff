package io.framebus;

import io.framebus.layout.ChannelLayout;
import io.framebus.layout.HeaderFlyweight;
import io.framebus.mains.ChannelFileTorture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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

    private ChannelFileTorture torture;
    private byte[] base;
    private final ChannelLayout layout = ChannelFileTorture.LAYOUT;

    @BeforeEach
    void makeBaseImage() throws IOException {
        torture = new ChannelFileTorture();
        base = torture.baseImage();
    }

    @AfterEach
    void cleanUp() throws IOException {
        torture.close();
    }

    @Test
    void mutatedChannelFilesYieldTypedErrorsNeverCrashesOrHangs() {
        int[] outcomes = new int[2];
        assertTimeoutPreemptively(Duration.ofMinutes(4), () -> {
            for (int i = 0; i < ITERATIONS; i++) {
                long seed = SEED + i;
                byte[] image = mutate(new Random(seed));
                try {
                    Random which = new Random(seed ^ 0xABCDEF);
                    torture.exercise(image, which.nextInt(4), which.nextBoolean());
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
        switch (r.nextInt(11)) {
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
                int offset = r.nextInt(HeaderFlyweight.HEADER_SIZE / 4) * 4;
                int value = (int) extremes[r.nextInt(extremes.length)];
                ByteBuffer.wrap(image).order(ByteOrder.nativeOrder()).putInt(offset, value);
            }
            case 3 -> { // ring, slot table or reader table words set to extreme values
                long[] extremes = {
                    0, -1, -2, 1, 3, 4, 5, 7, 8, 1 << 20, Integer.MAX_VALUE, Long.MAX_VALUE, Long.MIN_VALUE
                };
                int offset = HeaderFlyweight.HEADER_SIZE
                        + r.nextInt((int) (layout.controlSize() - HeaderFlyweight.HEADER_SIZE) / 8) * 8;
                long value = extremes[r.nextInt(extremes.length)];
                ByteBuffer.wrap(image).order(ByteOrder.nativeOrder()).putLong(offset, value);
            }
            case 4 -> describeAtTheBoundaries(image, r);
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

    private static final int[] BOUNDARY_INTS = {
        0, 1, 2, 3, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE - 1, Integer.MAX_VALUE / 2 + 1,
        65_535, 1 << 16, 1 << 30, 4096, 48
    };
    private static final long[] BOUNDARY_LONGS = {
        0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 31, 1L << 32, (1L << 62) + 1, 3_037_000_500L, 4096
    };
    /** Pixel format codes: unknown, packed, gray, the planar I420 and NV12, and codes no format has. */
    private static final int[] FORMATS = {0, 1, 3, 5, 6, 7, 8, 99, -1};

    /**
     * Rewrites a slot descriptor of the image as a video frame of a planar or packed format, or a tensor,
     * with boundary values in every geometric field: sizes derived from them must not overflow into range.
     */
    static void describeAtTheBoundaries(byte[] image, Random r) {
        ChannelLayout layout = io.framebus.mains.ChannelFileTorture.LAYOUT;
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            java.lang.foreign.MemorySegment control = arena.allocate(image.length, 8);
            java.lang.foreign.MemorySegment.copy(java.lang.foreign.MemorySegment.ofArray(image), 0, control, 0,
                    image.length);
            io.framebus.layout.ControlRegion c = new io.framebus.layout.ControlRegion(control, layout);
            int slot = r.nextInt(layout.slotCount());
            if (r.nextBoolean()) {
                c.slots().setVideo(slot, FrameKind.VIDEO.code(), pick(r), pick(r), pick(r),
                        FORMATS[r.nextInt(FORMATS.length)]);
            } else {
                long[] shape = new long[r.nextInt(ChannelLayout.MAX_DIMS + 1)];
                for (int d = 0; d < shape.length; d++) {
                    shape[d] = BOUNDARY_LONGS[r.nextInt(BOUNDARY_LONGS.length)];
                }
                c.slots().setTensor(slot, FrameKind.TENSOR.code(), r.nextInt(-1, 12), shape);
            }
            java.lang.foreign.MemorySegment.copy(control, 0, java.lang.foreign.MemorySegment.ofArray(image), 0,
                    image.length);
        }
    }

    private static int pick(Random r) {
        return BOUNDARY_INTS[r.nextInt(BOUNDARY_INTS.length)];
    }
}
