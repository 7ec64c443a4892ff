package io.framebus.inference;

import io.framebus.DType;
import io.framebus.PixelFormat;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The preprocessor against a straightforward per-pixel reference, for every layout and option. */
class TensorPreprocessorTest {
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;

    @Test
    void yoloxLetterboxOf768x432IsTopLeftWithPad114() {
        try (Arena arena = Arena.ofConfined()) {
            int w = 768, h = 432, stride = TestSupport.stride(w);
            MemorySegment src = randomFrame(arena, w, h, stride, 3, 1);
            PreprocessSpec spec = PreprocessSpec.yolox(416, 416);
            MemorySegment dst = arena.allocate(spec.byteSize(), 64);
            TensorPreprocessor pre = new TensorPreprocessor(spec);
            BoxMapping m = pre.apply(src, w, h, stride, PixelFormat.BGR24, dst);

            assertArrayEquals(new long[] {1, 3, 416, 416}, spec.shape());
            assertEquals(416f / 768, m.scaleX(), 1e-6);
            assertEquals(234f / 432, m.scaleY(), 1e-6);
            assertEquals(0, m.offsetX());
            assertEquals(0, m.offsetY());
            long plane = 416L * 416;
            for (int c = 0; c < 3; c++) {
                for (int y = 234; y < 416; y += 7) {
                    for (int x = 0; x < 416; x += 5) {
                        assertEquals(114f, dst.getAtIndex(F, c * plane + y * 416L + x),
                                "pad at c" + c + " " + x + "," + y);
                    }
                }
            }
            assertMatchesReference(src, w, h, stride, PixelFormat.BGR24, spec, dst);
            assertEquals(768f, m.sourceX(416f), 1e-3, "boxes map back by 1/r");
            assertEquals(432f, m.sourceY(300f), "clamped to the frame");
        }
    }

    @Test
    void sameSizeSourceIsCopiedExactlyIntoPlanes() {
        try (Arena arena = Arena.ofConfined()) {
            int w = 64, h = 64, stride = 64 * 3;
            MemorySegment src = randomFrame(arena, w, h, stride, 3, 2);
            PreprocessSpec spec = PreprocessSpec.yolox(64, 64);
            MemorySegment dst = arena.allocate(spec.byteSize(), 64);
            new TensorPreprocessor(spec).apply(src, w, h, stride, PixelFormat.BGR24, dst);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int c = 0; c < 3; c++) {
                        int pixel = src.get(ValueLayout.JAVA_BYTE, (long) y * stride + x * 3 + c) & 0xff;
                        assertEquals(pixel, dst.getAtIndex(F, c * 64L * 64 + y * 64L + x));
                    }
                }
            }
        }
    }

    @Test
    void nhwcRgbCentredAndNormalisedMatchesReference() {
        try (Arena arena = Arena.ofConfined()) {
            int w = 300, h = 500, stride = TestSupport.stride(w);
            MemorySegment src = randomFrame(arena, w, h, stride, 3, 3);
            PreprocessSpec spec = PreprocessSpec.of(224, 160).withLayout(TensorLayout.NHWC).withOrder(ChannelOrder.RGB)
                    .withResize(ResizeMode.LETTERBOX_CENTER).withPadValue(0)
                    .withNormalisation(1 / 255f, new float[] {0.485f, 0.456f, 0.406f},
                            new float[] {0.229f, 0.224f, 0.225f});
            MemorySegment dst = arena.allocate(spec.byteSize(), 64);
            BoxMapping m = new TensorPreprocessor(spec).apply(src, w, h, stride, PixelFormat.BGR24, dst);
            assertArrayEquals(new long[] {1, 160, 224, 3}, spec.shape());
            assertTrue(m.offsetX() > 0 && m.offsetY() == 0, "a tall frame is centred horizontally: " + m);
            assertMatchesReference(src, w, h, stride, PixelFormat.BGR24, spec, dst);
            assertEquals(0f, m.sourceX(m.offsetX()), 1e-3);
        }
    }

    @Test
    void stretchFromBgraAndRgbSourcesMatchesReference() {
        try (Arena arena = Arena.ofConfined()) {
            int w = 97, h = 61;
            for (PixelFormat f : new PixelFormat[] {PixelFormat.BGRA, PixelFormat.RGB24, PixelFormat.RGBA,
                    PixelFormat.GRAY8}) {
                int stride = w * f.bytesPerPixel() + 13;
                MemorySegment src = randomFrame(arena, w, h, stride, f.bytesPerPixel(), 4);
                PreprocessSpec spec = PreprocessSpec.of(128, 96).withResize(ResizeMode.STRETCH);
                MemorySegment dst = arena.allocate(spec.byteSize(), 64);
                new TensorPreprocessor(spec).apply(src, w, h, stride, f, dst);
                assertMatchesReference(src, w, h, stride, f, spec, dst);
            }
        }
    }

    @Test
    void uint8TensorsAreTheFloatValuesRoundedAndSaturated() {
        try (Arena arena = Arena.ofConfined()) {
            int w = 300, h = 200, stride = TestSupport.stride(w);
            MemorySegment src = randomFrame(arena, w, h, stride, 3, 7);
            for (TensorLayout layout : TensorLayout.values()) {
                // a gain of 1.5 pushes bright pixels past 255 (saturated) and a mean of 20 dark ones below 0
                PreprocessSpec floats = PreprocessSpec.of(96, 80).withLayout(layout)
                        .withResize(ResizeMode.LETTERBOX_CENTER)
                        .withNormalisation(1.5f, new float[] {20, 0, 0}, new float[] {1, 1, 1});
                PreprocessSpec bytes = floats.withDType(DType.UINT8);
                assertEquals(floats.byteSize() / 4, bytes.byteSize());
                MemorySegment f = arena.allocate(floats.byteSize(), 64);
                MemorySegment b = arena.allocate(bytes.byteSize(), 64);
                new TensorPreprocessor(floats).apply(src, w, h, stride, PixelFormat.BGR24, f);
                new TensorPreprocessor(bytes).apply(src, w, h, stride, PixelFormat.BGR24, b);
                boolean low = false;
                boolean high = false;
                for (long i = 0; i < bytes.byteSize(); i++) {
                    float v = f.getAtIndex(F, i);
                    int expected = v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
                    assertEquals(expected, b.get(ValueLayout.JAVA_BYTE, i) & 0xff, layout + " element " + i);
                    low |= v < 0;
                    high |= v > 255;
                }
                assertTrue(low && high, "both ends saturate");
            }
            assertThrows(IllegalArgumentException.class, () -> PreprocessSpec.of(8, 8).withDType(DType.INT32));
        }
    }

    @Test
    void grayOutputForSingleChannelModels() {
        try (Arena arena = Arena.ofConfined()) {
            int w = 56, h = 56, stride = w * 3;
            MemorySegment src = randomFrame(arena, w, h, stride, 3, 5);
            PreprocessSpec spec = PreprocessSpec.of(28, 28).withOrder(ChannelOrder.GRAY).withResize(ResizeMode.STRETCH)
                    .withNormalisation(1 / 255f, new float[] {0}, new float[] {1});
            assertArrayEquals(new long[] {1, 1, 28, 28}, spec.shape());
            MemorySegment dst = arena.allocate(spec.byteSize(), 64);
            new TensorPreprocessor(spec).apply(src, w, h, stride, PixelFormat.BGR24, dst);
            assertMatchesReference(src, w, h, stride, PixelFormat.BGR24, spec, dst);
        }
    }

    @Test
    void rejectsUnsupportedFormatsAndSmallTargets() {
        try (Arena arena = Arena.ofConfined()) {
            TensorPreprocessor pre = new TensorPreprocessor(PreprocessSpec.yolox(32, 32));
            MemorySegment src = arena.allocate(64 * 64 * 3);
            MemorySegment dst = arena.allocate(pre.outputBytes());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> pre.apply(src, 64, 64, 64, PixelFormat.NV12, dst));
            assertTrue(e.getMessage().contains("NV12"), e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> pre.apply(src, 64, 64, 64 * 3, PixelFormat.BGR24, dst.asSlice(0, 100)));
            assertThrows(IllegalArgumentException.class,
                    () -> pre.apply(src, 64, 64, 64 * 3, PixelFormat.BGR24, dst.asReadOnly()));
            assertThrows(IllegalArgumentException.class,
                    () -> pre.apply(src.asSlice(0, 1000), 64, 64, 64 * 3, PixelFormat.BGR24, dst));
        }
    }

    @Test
    void steadyStateAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (Arena arena = Arena.ofConfined()) {
            int w = 160, h = 90, stride = TestSupport.stride(w);
            MemorySegment src = randomFrame(arena, w, h, stride, 3, 6);
            TensorPreprocessor pre = new TensorPreprocessor(PreprocessSpec.yolox(96, 96));
            MemorySegment dst = arena.allocate(pre.outputBytes(), 64);
            for (int i = 0; i < 3000; i++) {
                pre.apply(src, w, h, stride, PixelFormat.BGR24, dst);
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 1000; i++) {
                pre.apply(src, w, h, stride, PixelFormat.BGR24, dst);
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertTrue(allocated < 4096, "1000 letterboxes allocated " + allocated + " bytes");
        }
    }

    static MemorySegment randomFrame(Arena arena, int w, int h, int stride, int bpp, long seed) {
        MemorySegment s = arena.allocate((long) stride * h, 64);
        byte[] row = new byte[stride];
        Random r = new Random(seed);
        for (int y = 0; y < h; y++) {
            r.nextBytes(row);
            MemorySegment.copy(row, 0, s, ValueLayout.JAVA_BYTE, (long) y * stride, stride);
        }
        return s;
    }

    /** Per-pixel bilinear reference in double precision, independent of the preprocessor's tables. */
    static void assertMatchesReference(MemorySegment src, int w, int h, int stride, PixelFormat f, PreprocessSpec spec,
                                       MemorySegment dst) {
        int outW = spec.width(), outH = spec.height(), outC = spec.channels();
        double nw, nh, ox, oy;
        if (spec.resize() == ResizeMode.STRETCH) {
            nw = outW;
            nh = outH;
            ox = 0;
            oy = 0;
        } else {
            double r = Math.min(outW / (double) w, outH / (double) h);
            nw = Math.min(outW, (int) (w * r + 1e-6));
            nh = Math.min(outH, (int) (h * r + 1e-6));
            ox = spec.resize() == ResizeMode.LETTERBOX_CENTER ? (int) ((outW - nw) / 2) : 0;
            oy = spec.resize() == ResizeMode.LETTERBOX_CENTER ? (int) ((outH - nh) / 2) : 0;
        }
        float[] mean = spec.mean(), std = spec.std();
        int bpp = f == PixelFormat.GRAY8 ? 1 : f.bytesPerPixel();
        boolean rgbSource = f == PixelFormat.RGB24 || f == PixelFormat.RGBA;
        double maxErr = 0;
        for (int y = 0; y < outH; y++) {
            for (int x = 0; x < outW; x++) {
                boolean inside = x >= ox && x < ox + nw && y >= oy && y < oy + nh;
                for (int c = 0; c < outC; c++) {
                    double v;
                    if (!inside) {
                        v = spec.padValue();
                    } else if (spec.order() == ChannelOrder.GRAY) {
                        int blue = f == PixelFormat.GRAY8 ? 0 : rgbSource ? 2 : 0;
                        int green = f == PixelFormat.GRAY8 ? 0 : 1;
                        int red = f == PixelFormat.GRAY8 ? 0 : rgbSource ? 0 : 2;
                        v = 0.114 * sample(src, w, h, stride, bpp, blue, x - ox, y - oy, nw, nh)
                                + 0.587 * sample(src, w, h, stride, bpp, green, x - ox, y - oy, nw, nh)
                                + 0.299 * sample(src, w, h, stride, bpp, red, x - ox, y - oy, nw, nh);
                    } else {
                        // output channel c is B,G,R (BGR) or R,G,B (RGB); find its byte in the source pixel
                        int colour = spec.order() == ChannelOrder.BGR ? c : 2 - c; // 0=B, 1=G, 2=R
                        int offset = f == PixelFormat.GRAY8 ? 0 : rgbSource ? 2 - colour : colour;
                        v = sample(src, w, h, stride, bpp, offset, x - ox, y - oy, nw, nh);
                    }
                    double expected = (v * spec.scale() - mean[c]) / std[c];
                    long index = spec.layout() == TensorLayout.NCHW ? (long) c * outH * outW + (long) y * outW + x
                            : ((long) y * outW + x) * outC + c;
                    double got = dst.getAtIndex(F, index);
                    maxErr = Math.max(maxErr, Math.abs(got - expected));
                    if (Math.abs(got - expected) > 1e-3 * Math.max(1, Math.abs(expected))) {
                        fail("at (" + x + "," + y + ") channel " + c + ": expected " + expected + ", got " + got
                                + " for " + spec + " from " + f);
                    }
                }
            }
        }
        assertTrue(maxErr < 1e-2);
    }

    private static double sample(MemorySegment src, int w, int h, int stride, int bpp, int offset, double dx, double dy,
                                 double nw, double nh) {
        double sx = Math.max(0, (dx + 0.5) * (w / nw) - 0.5);
        double sy = Math.max(0, (dy + 0.5) * (h / nh) - 0.5);
        int x0 = Math.min((int) sx, w - 1), y0 = Math.min((int) sy, h - 1);
        if (x0 == w - 1) {
            sx = x0;
        }
        if (y0 == h - 1) {
            sy = y0;
        }
        int x1 = Math.min(x0 + 1, w - 1), y1 = Math.min(y0 + 1, h - 1);
        double fx = sx - x0, fy = sy - y0;
        double a = px(src, stride, bpp, offset, x0, y0), b = px(src, stride, bpp, offset, x1, y0);
        double c = px(src, stride, bpp, offset, x0, y1), d = px(src, stride, bpp, offset, x1, y1);
        return (1 - fy) * ((1 - fx) * a + fx * b) + fy * ((1 - fx) * c + fx * d);
    }

    private static int px(MemorySegment src, int stride, int bpp, int offset, int x, int y) {
        return src.get(ValueLayout.JAVA_BYTE, (long) y * stride + (long) x * bpp + offset) & 0xff;
    }
}
