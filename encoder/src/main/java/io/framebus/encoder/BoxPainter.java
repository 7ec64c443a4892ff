package io.framebus.encoder;

import io.framebus.pipeline.Detections;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * Draws rectangle outlines, one colour per class, into a {@link YuvPicture} (the encoder's private
 * YUV 4:2:0 picture, never a shared slot). Lines are 2 pixels thick and start on even pixels, so
 * every chroma sample they touch is entirely covered and the colour stays clean after 4:2:0
 * subsampling. Optionally a label with the class name and score, "person 0.87", sits on the box's
 * top-left corner, rendered by OpenCV's {@code putText} ({@link LabelRenderer}).
 *
 * <p>Colours are converted with BT.601 limited range, the matrix {@code sws_scale} uses for the
 * picture itself. Drawing allocates nothing. {@link #close()} frees the label renderer's native memory.
 */
public final class BoxPainter implements AutoCloseable {
    /** Class colours as R, G, B; class {@code c} uses entry {@code c mod 12}. Class 0 (COCO "person") is green. */
    private static final int[][] PALETTE_RGB = {
        {0, 255, 0}, {255, 0, 0}, {0, 128, 255}, {255, 255, 0}, {255, 0, 255}, {0, 255, 255},
        {255, 128, 0}, {128, 0, 255}, {255, 255, 255}, {128, 255, 0}, {255, 0, 128}, {0, 0, 255},
    };
    private final int thickness;
    private final BoxLabels labels;
    private final LabelRenderer renderer;
    private boolean closed;

    /** 2-pixel outlines with labels that show class ids. */
    public BoxPainter() {
        this(2, BoxLabels.CLASS_IDS);
    }

    /**
     * @param thickness line thickness in pixels (rounded up to even, at least 2)
     * @param labels    the class names for the label on each box ("person 0.87"); null: no labels
     */
    public BoxPainter(int thickness, BoxLabels labels) {
        this.thickness = Math.max(2, (thickness + 1) & ~1);
        this.labels = labels;
        this.renderer = labels == null ? null : new LabelRenderer();
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
            if (drawBox(picture, d.classId(), d.score(), Math.round(d.x1() * sx), Math.round(d.y1() * sy),
                    Math.round(d.x2() * sx), Math.round(d.y2() * sy))) {
                drawn++;
            }
        }
        return drawn;
    }

    /**
     * Draws the outline of the box from ({@code x1}, {@code y1}) to ({@code x2}, {@code y2})
     * (exclusive) in the colour of {@code classId}, clipped to the picture, with its label (class name
     * and {@code score}) when labels are on.
     *
     * @return false when nothing of the box is inside the picture
     */
    public boolean drawBox(YuvPicture p, int classId, float score, int x1, int y1, int x2, int y2) {
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
        if (renderer != null) {
            label(p, classId, score, left, top, yv, uv, vv);
        }
        return true;
    }

    private void label(YuvPicture p, int classId, float score, int left, int top, int yv, int uv, int vv) {
        int lw = renderer.render(labels.name(classId), classId, score);
        int lh = LabelRenderer.HEIGHT;
        int y0 = top - lh >= 0 ? top - lh : top;
        int w = Math.min(lw, (p.width() & ~1) - left);
        if (w < 2 || y0 + lh > (p.height() & ~1)) {
            return;
        }
        renderer.draw(p, left, y0, w, yv, uv, vv);
    }

    /** Fills [x0, x1) x [y0, y1) (even coordinates) in all three planes. */
    static void rect(YuvPicture p, int x0, int y0, int x1, int y1, int yv, int uv, int vv) {
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

    /** Frees the label renderer. Idempotent. */
    @Override
    public void close() {
        if (renderer != null && !closed) {
            closed = true;
            renderer.close();
        }
    }
}
