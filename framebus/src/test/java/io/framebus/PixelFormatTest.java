package io.framebus;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Sample offsets, sizes and codes of the pixel formats. */
class PixelFormatTest {

    @Test
    void packedFormatsNameWhereEachSampleIs() {
        assertOffsets(PixelFormat.BGR24, 2, 1, 0);
        assertOffsets(PixelFormat.BGRA, 2, 1, 0);
        assertOffsets(PixelFormat.RGB24, 0, 1, 2);
        assertOffsets(PixelFormat.RGBA, 0, 1, 2);
        assertOffsets(PixelFormat.GRAY8, 0, 0, 0);
        for (PixelFormat f : new PixelFormat[] {PixelFormat.UNKNOWN, PixelFormat.I420, PixelFormat.NV12}) {
            assertFalse(f.hasPackedSamples(), f.name());
            assertEquals(-1, f.redOffset(), f.name());
        }
    }

    @Test
    void sizesAndCodesRoundTrip() {
        assertEquals(1920L * 1080 * 3, PixelFormat.BGR24.frameBytes(1920, 1080));
        assertEquals(1920L * 1080 * 3 / 2, PixelFormat.I420.frameBytes(1920, 1080));
        for (PixelFormat f : PixelFormat.values()) {
            assertSame(f, PixelFormat.ofCode(f.code()));
            assertSame(f, PixelFormat.parse(f.name().toLowerCase(java.util.Locale.ROOT)));
        }
        assertNull(PixelFormat.ofCode(99));
        assertThrows(IllegalArgumentException.class, () -> PixelFormat.parse("yuyv"));
    }

    private static void assertOffsets(PixelFormat f, int red, int green, int blue) {
        assertTrue(f.hasPackedSamples(), f.name());
        assertEquals(red, f.redOffset(), f + " red");
        assertEquals(green, f.greenOffset(), f + " green");
        assertEquals(blue, f.blueOffset(), f + " blue");
        assertTrue(Math.max(red, Math.max(green, blue)) < f.bytesPerPixel(), f.name());
    }

    @Test
    void sizesNeverOverflowForAnyIntGeometry() {
        int max = Integer.MAX_VALUE;
        long chroma = (((long) max + 1) / 2);
        assertEquals((long) max + 2 * chroma, PixelFormat.I420.frameBytes(max, 1), "I420 of 2147483647 x 1");
        assertEquals((long) max + 2 * chroma, PixelFormat.NV12.frameBytes(max, 1), "NV12 of 2147483647 x 1");
        assertEquals((long) max + 2 * chroma, PixelFormat.UNKNOWN.frameBytes(max, 1));
        assertEquals((long) max * max * 4, PixelFormat.BGRA.frameBytes(max, max));
        assertTrue(PixelFormat.I420.frameBytes(max, max) > 0, "no wrap into a small or negative size");
    }

    @Test
    void aHugePlanarPictureNeverPassesForAFrameThatFitsItsSlot() {
        String name = TestChannels.uniqueName("planar");
        try (ChannelWriter writer = FrameChannel.create(TestChannels.plain(name, 4096).withSlots(4));
             ChannelReader reader = FrameChannel.attach(name, TestChannels.lossless())) {
            FrameClaim claim = writer.tryClaim();
            assertThrows(FrameTooLargeException.class, () -> claim.video(Integer.MAX_VALUE, 1, Integer.MAX_VALUE,
                    PixelFormat.I420), "the writer's own check refuses it");
            claim.length(4096).video(64, 32, 64, PixelFormat.NV12).publish();
            try (Frame f = reader.tryTake()) {
                assertEquals(PixelFormat.NV12, f.pixelFormat());
                assertEquals(64 * 32 + 2 * 32 * 16, PixelFormat.NV12.frameBytes(f.stride(), f.height()));
            }
        }
    }
}
