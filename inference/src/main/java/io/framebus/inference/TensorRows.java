package io.framebus.inference;

import io.framebus.DType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * Writes the rows of a preprocessed image tensor into its memory: the picture's rows (with their left and
 * right padding) and whole padding rows, as NCHW planes or NHWC interleaved, in float32 or saturated uint8.
 * The {@link TensorPreprocessor} fills {@link #row()} with one output row of normalised values, then
 * calls {@link #writeImageRow}. Used by one thread; allocation-free after {@link #prepare}.
 */
final class TensorRows {
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private final int channels;
    private final int width;
    private final int height;
    private final boolean nchw;
    private final boolean uint8;
    private final int elementBytes;
    /** NCHW: a full row of pad values per channel; NHWC: a full interleaved pad row. */
    private final float[][] padRows;
    private final byte[] bytes;
    private int newWidth;
    private int offsetX;
    /** NCHW: C planes of newWidth values; NHWC: one full output row (pads prefilled). */
    private float[] row = new float[0];

    TensorRows(PreprocessSpec spec, float[] padNormalised) {
        this.channels = spec.channels();
        this.width = spec.width();
        this.height = spec.height();
        this.nchw = spec.layout() == TensorLayout.NCHW;
        this.uint8 = spec.dtype() == DType.UINT8;
        this.elementBytes = spec.dtype().size();
        this.bytes = uint8 ? new byte[width * channels] : new byte[0];
        if (nchw) {
            padRows = new float[channels][width];
            for (int c = 0; c < channels; c++) {
                Arrays.fill(padRows[c], padNormalised[c]);
            }
        } else {
            padRows = new float[1][width * channels];
            for (int i = 0; i < width * channels; i++) {
                padRows[0][i] = padNormalised[i % channels];
            }
        }
    }

    /** Sets the picture's width and left edge in the input, for a new source geometry. */
    void prepare(int pictureWidth, int left) {
        this.newWidth = pictureWidth;
        this.offsetX = left;
        this.row = nchw ? new float[channels * pictureWidth] : padRows[0].clone(); // NHWC: pads stay
    }

    /** The row to fill: NCHW, plane c at {@code c * newWidth}; NHWC, interleaved from {@code offsetX * C}. */
    float[] row() {
        return row;
    }

    /** Writes {@link #row()} as output row {@code y}, with its left and right padding. */
    void writeImageRow(MemorySegment dst, int y) {
        if (nchw) {
            long plane = (long) elementBytes * width * height;
            int right = width - offsetX - newWidth;
            for (int c = 0; c < channels; c++) {
                long at = c * plane + (long) elementBytes * y * width;
                if (offsetX > 0) {
                    put(padRows[c], 0, dst, at, offsetX);
                }
                put(row, c * newWidth, dst, at + (long) elementBytes * offsetX, newWidth);
                if (right > 0) {
                    put(padRows[c], 0, dst, at + (long) elementBytes * (offsetX + newWidth), right);
                }
            }
        } else {
            put(row, 0, dst, (long) elementBytes * y * width * channels, width * channels);
        }
    }

    /** Writes output row {@code y} as padding only. */
    void writePadRow(MemorySegment dst, int y) {
        if (nchw) {
            long plane = (long) elementBytes * width * height;
            for (int c = 0; c < channels; c++) {
                put(padRows[c], 0, dst, c * plane + (long) elementBytes * y * width, width);
            }
        } else {
            put(padRows[0], 0, dst, (long) elementBytes * y * width * channels, width * channels);
        }
    }

    private void put(float[] values, int from, MemorySegment dst, long at, int count) {
        if (!uint8) {
            MemorySegment.copy(values, from, dst, FLOAT, at, count);
            return;
        }
        for (int i = 0; i < count; i++) {
            float v = values[from + i];
            bytes[i] = (byte) (v <= 0 ? 0 : v >= 255 ? 255 : (int) (v + 0.5f));
        }
        MemorySegment.copy(bytes, 0, dst, ValueLayout.JAVA_BYTE, at, count);
    }
}
