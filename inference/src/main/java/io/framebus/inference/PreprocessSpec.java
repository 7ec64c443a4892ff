package io.framebus.inference;

import java.util.Arrays;
import java.util.Objects;

/**
 * What a model wants as its image input: size, resize mode, padding, layout, channel order and
 * normalisation. Output is float32; each value is {@code (pixel * scale - mean[c]) / std[c]} where
 * pixel is 0..255 (the pad value is normalised the same way).
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
 */
public record PreprocessSpec(int width, int height, TensorLayout layout, ChannelOrder order, ResizeMode resize,
                             float padValue, float scale, float[] mean, float[] std) {
    /** Validates the values and copies the arrays. */
    public PreprocessSpec {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("input size must be positive, got " + width + "x" + height);
        }
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(resize, "resize");
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
                114f, 1f, new float[] {0, 0, 0}, new float[] {1, 1, 1});
    }

    /** What YOLOX models expect: BGR, NCHW, float 0..255 unnormalised, top-left letterbox padded with 114. */
    public static PreprocessSpec yolox(int width, int height) {
        return of(width, height);
    }

    /** This spec with layout {@code l}. */
    public PreprocessSpec withLayout(TensorLayout l) {
        return new PreprocessSpec(width, height, l, order, resize, padValue, scale, mean, std);
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
        return new PreprocessSpec(width, height, layout, o, resize, padValue, scale, m, s);
    }

    /** This spec with resize mode {@code r}. */
    public PreprocessSpec withResize(ResizeMode r) {
        return new PreprocessSpec(width, height, layout, order, r, padValue, scale, mean, std);
    }

    /** This spec padding with {@code value} (0..255, before normalisation). */
    public PreprocessSpec withPadValue(float value) {
        return new PreprocessSpec(width, height, layout, order, resize, value, scale, mean, std);
    }

    /** {@code out = (pixel * scale - mean[c]) / std[c]}. */
    public PreprocessSpec withNormalisation(float scale, float[] mean, float[] std) {
        return new PreprocessSpec(width, height, layout, order, resize, padValue, scale, mean, std);
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

    /** Bytes of the float32 tensor. */
    public long byteSize() {
        return 4L * channels() * width * height;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PreprocessSpec p && width == p.width && height == p.height && layout == p.layout
                && order == p.order && resize == p.resize && Float.compare(padValue, p.padValue) == 0
                && Float.compare(scale, p.scale) == 0 && Arrays.equals(mean, p.mean) && Arrays.equals(std, p.std);
    }

    @Override
    public int hashCode() {
        return Objects.hash(width, height, layout, order, resize, padValue, scale, Arrays.hashCode(mean),
                Arrays.hashCode(std));
    }

    @Override
    public String toString() {
        return "PreprocessSpec[" + width + "x" + height + " " + layout + " " + order + " " + resize + " pad " + padValue
                + " scale " + scale + " mean " + Arrays.toString(mean) + " std " + Arrays.toString(std) + "]";
    }
}
