package io.framebus.inference;

import io.framebus.DType;

import java.util.Arrays;
import java.util.Objects;

/**
 * What a model wants as its image input: size, resize mode, padding, layout, channel order,
 * normalisation and element type. Each value is {@code (pixel * scale - mean[c]) / std[c]} where pixel
 * is 0..255 (the pad value is normalised the same way), stored as float32, or as uint8 rounded to the
 * nearest integer and clamped to 0..255 (a quantised model's raw pixels, with the default scale 1,
 * mean 0 and std 1).
 *
 * <pre>{@code
 * PreprocessSpec yolox = PreprocessSpec.yolox(416, 416);                 // 0..255 BGR NCHW, pad 114, top-left
 * PreprocessSpec imagenet = PreprocessSpec.of(224, 224)                  // torchvision classifiers
 *         .withOrder(ChannelOrder.RGB).withResize(ResizeMode.STRETCH)
 *         .withNormalisation(1 / 255f, new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});
 * }</pre>
 *
 * @param width    input width in pixels
 * @param height   input height in pixels
 * @param layout   NCHW or NHWC
 * @param order    channel order (or GRAY for one luma channel)
 * @param resize   how the frame is fitted
 * @param padValue pixel value (0..255, before normalisation) of the padding
 * @param scale    factor applied to the 0..255 pixel first
 * @param mean     subtracted per output channel after scaling (length = channels)
 * @param std      divisor per output channel (length = channels)
 * @param dtype    element type of the tensor: {@link DType#FLOAT32} or {@link DType#UINT8}
 */
public record PreprocessSpec(int width, int height, TensorLayout layout, ChannelOrder order, ResizeMode resize,
                             float padValue, float scale, float[] mean, float[] std, DType dtype) {
    /** Validates the values and copies the arrays. */
    public PreprocessSpec {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("input size must be positive, got " + width + "x" + height);
        }
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(resize, "resize");
        if (dtype != DType.FLOAT32 && dtype != DType.UINT8) {
            throw new IllegalArgumentException("the preprocessor writes float32 or uint8 tensors, not " + dtype);
        }
        mean = mean.clone();
        std = std.clone();
        if (mean.length != order.channels() || std.length != order.channels()) {
            throw new IllegalArgumentException(order + " has " + order.channels()
                    + " channel(s); mean and std need as many values, got " + mean.length + " and " + std.length);
        }
        for (float s : std) {
            if (s == 0 || !Float.isFinite(s)) {
                throw new IllegalArgumentException("std values must be finite and non-zero, got "
                        + Arrays.toString(std));
            }
        }
    }

    /** {@code width x height}, BGR, NCHW, top-left letterbox padded with 114, values 0..255. */
    public static PreprocessSpec of(int width, int height) {
        return new PreprocessSpec(width, height, TensorLayout.NCHW, ChannelOrder.BGR, ResizeMode.LETTERBOX_TOP_LEFT,
                114f, 1f, new float[] {0, 0, 0}, new float[] {1, 1, 1}, DType.FLOAT32);
    }

    /** What YOLOX models expect: BGR, NCHW, float 0..255 unnormalised, top-left letterbox padded with 114. */
    public static PreprocessSpec yolox(int width, int height) {
        return of(width, height);
    }

    /** This spec with layout {@code l}. */
    public PreprocessSpec withLayout(TensorLayout l) {
        return new PreprocessSpec(width, height, l, order, resize, padValue, scale, mean, std, dtype);
    }

    /** Another channel order; mean and std are reset to 0 and 1 if the channel count changes. */
    public PreprocessSpec withOrder(ChannelOrder o) {
        float[] m = mean;
        float[] s = std;
        if (o.channels() != order.channels()) {
            m = new float[o.channels()];
            s = new float[o.channels()];
            Arrays.fill(s, 1f);
        }
        return new PreprocessSpec(width, height, layout, o, resize, padValue, scale, m, s, dtype);
    }

    /** This spec with resize mode {@code r}. */
    public PreprocessSpec withResize(ResizeMode r) {
        return new PreprocessSpec(width, height, layout, order, r, padValue, scale, mean, std, dtype);
    }

    /** This spec padding with {@code value} (0..255, before normalisation). */
    public PreprocessSpec withPadValue(float value) {
        return new PreprocessSpec(width, height, layout, order, resize, value, scale, mean, std, dtype);
    }

    /** {@code out = (pixel * scale - mean[c]) / std[c]}. */
    public PreprocessSpec withNormalisation(float scale, float[] mean, float[] std) {
        return new PreprocessSpec(width, height, layout, order, resize, padValue, scale, mean, std, dtype);
    }

    /** This spec writing elements of type {@code type} (float32 or uint8). */
    public PreprocessSpec withDType(DType type) {
        return new PreprocessSpec(width, height, layout, order, resize, padValue, scale, mean, std, type);
    }

    /**
     * Where a {@code sourceWidth x sourceHeight} picture lands in the input: scaled (keeping its aspect ratio
     * unless the resize mode is {@link ResizeMode#STRETCH}) and placed at the top left or in the centre.
     */
    public Fit fit(int sourceWidth, int sourceHeight) {
        if (sourceWidth <= 0 || sourceHeight <= 0) {
            throw new IllegalArgumentException("source size must be positive, got " + sourceWidth + "x"
                    + sourceHeight);
        }
        if (resize == ResizeMode.STRETCH) {
            return new Fit(width, height, 0, 0, sourceWidth, sourceHeight);
        }
        double r = Math.min(width / (double) sourceWidth, height / (double) sourceHeight);
        int nw = Math.max(1, Math.min(width, (int) (sourceWidth * r + 1e-6)));   // YOLOX: int(w * r)
        int nh = Math.max(1, Math.min(height, (int) (sourceHeight * r + 1e-6)));
        boolean centre = resize == ResizeMode.LETTERBOX_CENTER;
        return new Fit(nw, nh, centre ? (width - nw) / 2 : 0, centre ? (height - nh) / 2 : 0, sourceWidth,
                sourceHeight);
    }

    /**
     * Where the picture lands in the model's input.
     *
     * @param width        the scaled picture's width in input pixels
     * @param height       its height
     * @param offsetX      its left edge (the left padding)
     * @param offsetY      its top edge (the top padding)
     * @param sourceWidth  width of the source frame
     * @param sourceHeight height of the source frame
     */
    public record Fit(int width, int height, int offsetX, int offsetY, int sourceWidth, int sourceHeight) {
        /** How boxes found in the input map back to the source frame. */
        public BoxMapping mapping() {
            return new BoxMapping((float) width / sourceWidth, (float) height / sourceHeight, offsetX, offsetY,
                    sourceWidth, sourceHeight);
        }
    }

    /** A copy of the per-channel means. */
    @Override
    public float[] mean() {
        return mean.clone();
    }

    /** A copy of the per-channel standard deviations. */
    @Override
    public float[] std() {
        return std.clone();
    }

    /** Number of channels in the tensor. */
    public int channels() {
        return order.channels();
    }

    /** The tensor's shape: [1, C, H, W] or [1, H, W, C]. */
    public long[] shape() {
        return layout == TensorLayout.NCHW ? new long[] {1, channels(), height, width}
                : new long[] {1, height, width, channels()};
    }

    /** Bytes of the tensor. */
    public long byteSize() {
        return (long) dtype.size() * channels() * width * height;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PreprocessSpec p && width == p.width && height == p.height && layout == p.layout
                && order == p.order && resize == p.resize && Float.compare(padValue, p.padValue) == 0
                && Float.compare(scale, p.scale) == 0 && Arrays.equals(mean, p.mean) && Arrays.equals(std, p.std)
                && dtype == p.dtype;
    }

    @Override
    public int hashCode() {
        return Objects.hash(width, height, layout, order, resize, padValue, scale, Arrays.hashCode(mean),
                Arrays.hashCode(std), dtype);
    }

    @Override
    public String toString() {
        return "PreprocessSpec[" + width + "x" + height + " " + layout + " " + order + " " + resize + " pad " + padValue
                + " scale " + scale + " mean " + Arrays.toString(mean) + " std " + Arrays.toString(std) + " " + dtype
                + "]";
    }
}
