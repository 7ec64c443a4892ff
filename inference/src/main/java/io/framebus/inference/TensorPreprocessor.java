package io.framebus.inference;

import io.framebus.Frame;
import io.framebus.FrameKind;
import io.framebus.PixelFormat;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/**
 * Turns a packed 8-bit video frame (BGR24, RGB24, BGRA, RGBA or GRAY8; any stride) into a model's
 * float32 or uint8 input tensor, written directly into the tensor's memory (a claimed tensor slot): resize
 * with bilinear filtering (OpenCV {@code INTER_LINEAR} semantics, half-pixel centres), pad, reorder
 * channels, normalise, lay out as NCHW or NHWC. What the model wants is a {@link PreprocessSpec}.
 *
 * <pre>{@code
 * TensorPreprocessor letterbox = new TensorPreprocessor(PreprocessSpec.yolox(416, 416));
 * try (Frame frame = frames.take(timeout)) {
 *     BoxMapping mapping = letterbox.apply(frame, claim.segment());   // 416x416 BGR NCHW, 0..255, pad 114
 * }
 * }</pre>
 *
 * <p>Tap tables (source columns, rows and weights) are computed when a new source geometry is first
 * seen; after that a call allocates nothing. The source is read in place, two rows at a time.
 * An instance is used by one thread.
 */
public final class TensorPreprocessor {
    private static final float LUMA_R = 0.299f;
    private static final float LUMA_G = 0.587f;
    private static final float LUMA_B = 0.114f;

    private final PreprocessSpec spec;
    private final int channels;
    private final int width;
    private final int height;
    private final boolean nchw;
    private final TensorRows rows;
    /** Per output channel: out = pixel * gain + bias. */
    private final float[] gain;
    private final float[] bias;

    // per source geometry
    private int srcWidth = -1;
    private int srcHeight = -1;
    private PixelFormat srcFormat;
    private int bytesPerPixel;
    private int newWidth;
    private int newHeight;
    private int offsetX;
    private int offsetY;
    private int[] colA;
    private int[] colB;
    private float[] colWeight;
    private int[] rowIndexA;
    private int[] rowIndexB;
    private float[] rowWeight;
    /** Byte offset inside a source pixel of output channel c (for GRAY: of B, G, R). */
    private final int[] channelOffset = new int[3];
    private byte[] rowA = new byte[0];
    private byte[] rowB = new byte[0];
    private BoxMapping mapping;

    /** A preprocessor writing what {@code spec} describes. */
    public TensorPreprocessor(PreprocessSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.channels = spec.channels();
        this.width = spec.width();
        this.height = spec.height();
        this.nchw = spec.layout() == TensorLayout.NCHW;
        float[] mean = spec.mean();
        float[] std = spec.std();
        this.gain = new float[channels];
        this.bias = new float[channels];
        float[] padNormalised = new float[channels];
        for (int c = 0; c < channels; c++) {
            gain[c] = spec.scale() / std[c];
            bias[c] = -mean[c] / std[c];
            padNormalised[c] = spec.padValue() * gain[c] + bias[c];
        }
        this.rows = new TensorRows(spec, padNormalised);
    }

    /** What this preprocessor writes. */
    public PreprocessSpec spec() {
        return spec;
    }

    /** Bytes the output tensor needs. */
    public long outputBytes() {
        return spec.byteSize();
    }

    /**
     * Preprocesses a held video frame into {@code dst}.
     *
     * @return how boxes in the model's input map back to the frame
     * @throws IllegalArgumentException when the frame is not a packed 8-bit video frame
     */
    public BoxMapping apply(Frame frame, MemorySegment dst) {
        if (frame.kind() != FrameKind.VIDEO) {
            throw new IllegalArgumentException("frame " + frame.sequence() + " is " + frame.kind() + ", not VIDEO");
        }
        return apply(frame.segment(), frame.width(), frame.height(), frame.stride(), frame.pixelFormat(), dst);
    }

    /**
     * Preprocesses {@code width x height} pixels of {@code src} (rows {@code stride} bytes apart) into
     * {@code dst}, which receives exactly {@link #outputBytes()} bytes of native-order float32 or uint8.
     *
     * @return how boxes in the model's input map back to the source (the same object while the geometry stays)
     */
    public BoxMapping apply(MemorySegment src, int srcWidth, int srcHeight, int stride, PixelFormat format,
                            MemorySegment dst) {
        if (srcWidth != this.srcWidth || srcHeight != this.srcHeight || format != this.srcFormat) {
            prepare(srcWidth, srcHeight, format);
        }
        long rowBytes = (long) srcWidth * bytesPerPixel;
        if (stride < rowBytes || src.byteSize() < (long) (srcHeight - 1) * stride + rowBytes) {
            throw new IllegalArgumentException("source of " + src.byteSize() + " bytes with stride " + stride
                    + " cannot hold " + srcWidth + "x" + srcHeight + " " + format);
        }
        if (dst.byteSize() < spec.byteSize() || dst.isReadOnly()) {
            throw new IllegalArgumentException("tensor memory must be writable and hold " + spec.byteSize()
                    + " bytes; got " + dst.byteSize() + (dst.isReadOnly() ? " read-only" : "") + " bytes");
        }
        int loadedA = -1;
        int loadedB = -1;
        int rb = (int) rowBytes;
        for (int y = 0; y < height; y++) {
            int iy = y - offsetY;
            if (iy < 0 || iy >= newHeight) {
                rows.writePadRow(dst, y);
                continue;
            }
            int ya = rowIndexA[iy];
            int yb = rowIndexB[iy];
            if (ya != loadedA) {
                if (ya == loadedB) {
                    byte[] t = rowA;
                    rowA = rowB;
                    rowB = t;
                    loadedB = loadedA;
                } else {
                    MemorySegment.copy(src, ValueLayout.JAVA_BYTE, (long) ya * stride, rowA, 0, rb);
                }
                loadedA = ya;
            }
            if (yb != loadedB) {
                MemorySegment.copy(src, ValueLayout.JAVA_BYTE, (long) yb * stride, rowB, 0, rb);
                loadedB = yb;
            }
            if (channels == 3) {
                interpolateColour(rowWeight[iy]);
            } else {
                interpolateGray(rowWeight[iy]);
            }
            rows.writeImageRow(dst, y);
        }
        return mapping;
    }

    private void interpolateColour(float wy) {
        final byte[] a = rowA;
        final byte[] b = rowB;
        final float[] out = rows.row();
        final float vy = 1f - wy;
        final int o0 = channelOffset[0];
        final int o1 = channelOffset[1];
        final int o2 = channelOffset[2];
        final float g0 = gain[0], g1 = gain[1], g2 = gain[2];
        final float b0 = bias[0], b1 = bias[1], b2 = bias[2];
        final int n = newWidth;
        // NCHW: planes of n values; NHWC: interleaved, after the left padding
        final int step = nchw ? 1 : 3;
        final int base1 = nchw ? n : 1;
        final int base2 = nchw ? 2 * n : 2;
        int at = nchw ? 0 : offsetX * 3;
        for (int x = 0; x < n; x++, at += step) {
            int pa = colA[x];
            int pb = colB[x];
            float wx = colWeight[x];
            float vx = 1f - wx;
            float c0 = vy * (vx * (a[pa + o0] & 0xff) + wx * (a[pb + o0] & 0xff))
                    + wy * (vx * (b[pa + o0] & 0xff) + wx * (b[pb + o0] & 0xff));
            float c1 = vy * (vx * (a[pa + o1] & 0xff) + wx * (a[pb + o1] & 0xff))
                    + wy * (vx * (b[pa + o1] & 0xff) + wx * (b[pb + o1] & 0xff));
            float c2 = vy * (vx * (a[pa + o2] & 0xff) + wx * (a[pb + o2] & 0xff))
                    + wy * (vx * (b[pa + o2] & 0xff) + wx * (b[pb + o2] & 0xff));
            out[at] = c0 * g0 + b0;
            out[at + base1] = c1 * g1 + b1;
            out[at + base2] = c2 * g2 + b2;
        }
    }

    private void interpolateGray(float wy) {
        final byte[] a = rowA;
        final byte[] b = rowB;
        final float[] out = rows.row();
        final float vy = 1f - wy;
        final int ob = channelOffset[0];
        final int og = channelOffset[1];
        final int or = channelOffset[2];
        final float g = gain[0];
        final float bi = bias[0];
        int at = nchw ? 0 : offsetX;
        for (int x = 0; x < newWidth; x++, at++) {
            int pa = colA[x];
            int pb = colB[x];
            float wx = colWeight[x];
            float vx = 1f - wx;
            float lumaA = LUMA_B * (vx * (a[pa + ob] & 0xff) + wx * (a[pb + ob] & 0xff))
                    + LUMA_G * (vx * (a[pa + og] & 0xff) + wx * (a[pb + og] & 0xff))
                    + LUMA_R * (vx * (a[pa + or] & 0xff) + wx * (a[pb + or] & 0xff));
            float lumaB = LUMA_B * (vx * (b[pa + ob] & 0xff) + wx * (b[pb + ob] & 0xff))
                    + LUMA_G * (vx * (b[pa + og] & 0xff) + wx * (b[pb + og] & 0xff))
                    + LUMA_R * (vx * (b[pa + or] & 0xff) + wx * (b[pb + or] & 0xff));
            out[at] = (vy * lumaA + wy * lumaB) * g + bi;
        }
    }

    /** Computes the fit and the bilinear tap tables for a new source geometry. */
    private void prepare(int w, int h, PixelFormat format) {
        if (w <= 0 || h <= 0) {
            throw new IllegalArgumentException("source size must be positive, got " + w + "x" + h);
        }
        if (format == null || !format.hasPackedSamples()) {
            throw new IllegalArgumentException("cannot preprocess pixel format " + format
                    + "; supported: BGR24, RGB24, BGRA, RGBA, GRAY8");
        }
        int bpp = format.bytesPerPixel();
        int blue = format.blueOffset();
        int green = format.greenOffset();
        int red = format.redOffset();
        switch (spec.order()) {
            case BGR -> {
                channelOffset[0] = blue;
                channelOffset[1] = green;
                channelOffset[2] = red;
            }
            case RGB -> {
                channelOffset[0] = red;
                channelOffset[1] = green;
                channelOffset[2] = blue;
            }
            case GRAY -> {
                channelOffset[0] = blue;
                channelOffset[1] = green;
                channelOffset[2] = red;
            }
        }
        PreprocessSpec.Fit fit = spec.fit(w, h);
        int nw = fit.width();
        int nh = fit.height();
        int[] ca = new int[nw];
        int[] cb = new int[nw];
        float[] cw = new float[nw];
        taps(w, nw, ca, cb, cw);
        for (int x = 0; x < nw; x++) {
            ca[x] *= bpp;
            cb[x] *= bpp;
        }
        int[] ra = new int[nh];
        int[] rbIdx = new int[nh];
        float[] rw = new float[nh];
        taps(h, nh, ra, rbIdx, rw);

        this.srcWidth = w;
        this.srcHeight = h;
        this.srcFormat = format;
        this.bytesPerPixel = bpp;
        this.newWidth = nw;
        this.newHeight = nh;
        this.offsetX = fit.offsetX();
        this.offsetY = fit.offsetY();
        this.colA = ca;
        this.colB = cb;
        this.colWeight = cw;
        this.rowIndexA = ra;
        this.rowIndexB = rbIdx;
        this.rowWeight = rw;
        if (rowA.length < w * bpp) {
            rowA = new byte[w * bpp];
            rowB = new byte[w * bpp];
        }
        rows.prepare(nw, fit.offsetX());
        this.mapping = fit.mapping();
    }

    /** Bilinear taps with half-pixel centres, like OpenCV's INTER_LINEAR. */
    private static void taps(int src, int dst, int[] first, int[] second, float[] weight) {
        double scale = src / (double) dst;
        for (int d = 0; d < dst; d++) {
            double s = (d + 0.5) * scale - 0.5;
            if (s < 0) {
                s = 0;
            }
            int a = (int) s;
            if (a >= src - 1) {
                a = src - 1;
                s = a;
            }
            first[d] = a;
            second[d] = Math.min(a + 1, src - 1);
            weight[d] = (float) (s - a);
        }
    }

    /** How boxes map back for the last source geometry, or null before the first frame. */
    public BoxMapping mapping() {
        return mapping;
    }

    @Override
    public String toString() {
        return "TensorPreprocessor[" + spec + (srcWidth > 0 ? ", source " + srcWidth + "x" + srcHeight + " " + srcFormat
                + " -> " + newWidth + "x" + newHeight + " at (" + offsetX + "," + offsetY + ")" : "") + "]";
    }
}
