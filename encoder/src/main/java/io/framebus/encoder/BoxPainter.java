package io.framebus.encoder;

import io.framebus.media.TinyFont;
import io.framebus.pipeline.Detections;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * Draws rectangle outlines, one colour per class, into a {@link YuvPicture} (the encoder's private
 * YUV 4:2:0 picture, never a shared slot). Lines are 2 pixels thick and start on even pixels, so
 * every chroma sample they touch is entirely covered and the colour stays clean after 4:2:0
 * subsampling. Optionally a tiny label with the class id sits on the box's top-left corner.
 *
 * <p>Colours are converted with BT.601 limited range, the matrix {@code sws_scale} uses for the
 * picture itself. Drawing allocates nothing.
 */
public final class BoxPainter {
    /** Class colours as R, G, B; class {@code c} uses entry {@code c mod 12}. Class 0 (COCO "person") is green. */
    private static final int[][] PALETTE_RGB = {
        {0, 255, 0}, {255, 0, 0}, {0, 128, 255}, {255, 255, 0}, {255, 0, 255}, {0, 255, 255},
        {255, 128, 0}, {128, 0, 255}, {255, 255, 255}, {128, 255, 0}, {255, 0, 128}, {0, 0, 255},
    };
    private static final int SCALE = 2;
    private static final int PAD = 2;

    private final int thickness;
    private final boolean labels;
    private final int[] digits = new int[10];

    /** 2-pixel outlines with labels. */
    public BoxPainter() {
        this(2, true);
    }

    /**
     * @param thickness line thickness in pixels (rounded up to even, at least 2)
     * @param labels    draw the class id on each box
     */
    public BoxPainter(int thickness, boolean labels) {
        this.thickness = Math.max(2, (thickness + 1) & ~1);
        this.labels = labels;
    }

    /** The R, G, B colour boxes of class {@code classId} are drawn in. */
    public static int[] rgb(int classId) {
        return PALETTE_RGB[Math.floorMod(classId, PALETTE_RGB.length)].clone();
    }

    static int lumaOf(int r, int g, int b) {
        return clamp((int) Math.round(16 + 0.257 * r + 0.504 * g + 0.098 * b));
    }

    static int cbOf(int r, int g, int b) {
        return clamp((int) Math.round(128 - 0.148 * r - 0.291 * g + 0.439 * b));
    }

    static int crOf(int r, int g, int b) {
        return clamp((int) Math.round(128 + 0.439 * r - 0.368 * g - 0.071 * b));
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    /**
     * Draws every detection of {@code detections}, scaling its coordinates from the analysed frame's
     * size to the picture's.
     *
     * @return boxes drawn
     */
    public int draw(YuvPicture picture, Detections.Frame detections) {
        float sx = detections.width() > 0 ? (float) picture.width() / detections.width() : 1f;
        float sy = detections.height() > 0 ? (float) picture.height() / detections.height() : 1f;
        List<Detections.Detection> list = detections.detections();
        int drawn = 0;
        for (int i = 0; i < list.size(); i++) {
            Detections.Detection d = list.get(i);
            if (drawBox(picture, d.classId(), Math.round(d.x1() * sx), Math.round(d.y1() * sy),
                    Math.round(d.x2() * sx), Math.round(d.y2() * sy))) {
                drawn++;
            }
        }
        return drawn;
    }

    /**
     * Draws the outline of the box from ({@code x1}, {@code y1}) to ({@code x2}, {@code y2})
     * (exclusive) in the colour of {@code classId}, clipped to the picture.
     *
     * @return false when nothing of the box is inside the picture
     */
    public boolean drawBox(YuvPicture p, int classId, int x1, int y1, int x2, int y2) {
        int w = p.width() & ~1;
        int h = p.height() & ~1;
        int left = Math.max(0, Math.min(x1, x2)) & ~1;
        int top = Math.max(0, Math.min(y1, y2)) & ~1;
        int right = Math.min(w, (Math.max(x1, x2) + 1) & ~1);
        int bottom = Math.min(h, (Math.max(y1, y2) + 1) & ~1);
        if (right - left < 2 || bottom - top < 2) {
            return false;
        }
        int[] c = PALETTE_RGB[Math.floorMod(classId, PALETTE_RGB.length)];
        int yv = lumaOf(c[0], c[1], c[2]);
        int uv = cbOf(c[0], c[1], c[2]);
        int vv = crOf(c[0], c[1], c[2]);
        int t = Math.min(thickness, Math.min(right - left, bottom - top));
        t = Math.max(2, t & ~1);
        rect(p, left, top, right, top + t, yv, uv, vv);
        rect(p, left, bottom - t, right, bottom, yv, uv, vv);
        rect(p, left, top, left + t, bottom, yv, uv, vv);
        rect(p, right - t, top, right, bottom, yv, uv, vv);
        if (labels) {
            label(p, classId, left, top, yv, uv, vv);
        }
        return true;
    }

    private void label(YuvPicture p, int classId, int left, int top, int yv, int uv, int vv) {
        int count = 0;
        int n = Math.abs(classId);
        do {
            digits[count++] = n % 10;
            n /= 10;
        } while (n > 0 && count < digits.length);
        int lw = PAD * 2 + count * (TinyFont.WIDTH + 1) * SCALE - SCALE;
        int lh = PAD * 2 + TinyFont.HEIGHT * SCALE;
        int x0 = left;
        int y0 = top - lh >= 0 ? top - lh : top;
        if (x0 + lw > (p.width() & ~1) || y0 + lh > (p.height() & ~1)) {
            return;
        }
        rect(p, x0, y0, x0 + lw, y0 + lh, yv, uv, vv);
        int ink = yv > 128 ? 16 : 235; // black on light colours, white on dark ones
        for (int i = 0; i < count; i++) {
            int digit = digits[count - 1 - i];
            int gx0 = x0 + PAD + i * (TinyFont.WIDTH + 1) * SCALE;
            for (int gy = 0; gy < TinyFont.HEIGHT; gy++) {
                for (int gx = 0; gx < TinyFont.WIDTH; gx++) {
                    if (TinyFont.pixel(digit, gx, gy)) {
                        int px = gx0 + gx * SCALE;
                        int py = y0 + PAD + gy * SCALE;
                        rect(p, px, py, px + SCALE, py + SCALE, ink, 128, 128);
                    }
                }
            }
        }
    }

    /** Fills [x0, x1) x [y0, y1) (even coordinates) in all three planes. */
    private static void rect(YuvPicture p, int x0, int y0, int x1, int y1, int yv, int uv, int vv) {
        fill(p.y(), p.yStride(), x0, y0, x1, y1, (byte) yv);
        fill(p.u(), p.uStride(), x0 >> 1, y0 >> 1, x1 >> 1, y1 >> 1, (byte) uv);
        fill(p.v(), p.vStride(), x0 >> 1, y0 >> 1, x1 >> 1, y1 >> 1, (byte) vv);
    }

    private static void fill(MemorySegment plane, int stride, int x0, int y0, int x1, int y1, byte value) {
        for (int y = y0; y < y1; y++) {
            long row = (long) y * stride;
            for (int x = x0; x < x1; x++) {
                plane.set(ValueLayout.JAVA_BYTE, row + x, value);
            }
        }
    }
}
