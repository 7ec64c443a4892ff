package io.framebus.cli;

import io.framebus.DType;
import io.framebus.inference.ChannelOrder;
import io.framebus.inference.PreprocessSpec;
import io.framebus.inference.TensorLayout;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Locale;

/**
 * How a model's input tensor is made from a video frame, on the command line ({@code preprocess}, and
 * {@code infer --frames}): the size and resize mode ({@link GeometryOptions}), channel order, layout,
 * element type and normalisation.
 */
public final class PreprocessOptions {
    @picocli.CommandLine.Mixin
    GeometryOptions geometry;

    @Option(names = "--order", defaultValue = "bgr", paramLabel = "bgr|rgb|gray",
            description = "Channel order of the tensor; gray is one luma channel (default: ${DEFAULT-VALUE}).")
    String order;

    @Option(names = "--layout", defaultValue = "nchw", paramLabel = "nchw|nhwc",
            description = "Memory order of the tensor (default: ${DEFAULT-VALUE}).")
    String layout;

    @Option(names = "--dtype", defaultValue = "float32", paramLabel = "float32|uint8",
            description = "Element type; uint8 rounds and clamps to 0..255 (default: ${DEFAULT-VALUE}).")
    String dtype;

    @Option(names = "--scale", defaultValue = "1", paramLabel = "S",
            description = "Each pixel (0..255) is multiplied by S first, e.g. 0.00392 for 0..1"
                    + " (default: ${DEFAULT-VALUE}).")
    float scale;

    @Option(names = "--mean", split = ",", paramLabel = "M,...",
            description = "Subtracted per channel after the scale, one value per channel (default: 0).")
    List<Float> mean;

    @Option(names = "--std", split = ",", paramLabel = "S,...",
            description = "Divisor per channel after the mean (default: 1).")
    List<Float> std;

    @Option(names = "--pad", defaultValue = "114", paramLabel = "V",
            description = "Pixel value (0..255, before normalisation) of the letterbox padding"
                    + " (default: ${DEFAULT-VALUE}).")
    float pad;

    /** Whether {@code --size} was given. */
    boolean hasSize() {
        return geometry.hasSize();
    }

    /** The spec, with {@code --size} or else {@code width x height}. */
    PreprocessSpec spec(int width, int height) {
        ChannelOrder o = switch (key(order)) {
            case "bgr" -> ChannelOrder.BGR;
            case "rgb" -> ChannelOrder.RGB;
            case "gray", "grey" -> ChannelOrder.GRAY;
            default -> throw new IllegalArgumentException("--order must be bgr, rgb or gray, got " + order);
        };
        TensorLayout l = switch (key(layout)) {
            case "nchw" -> TensorLayout.NCHW;
            case "nhwc" -> TensorLayout.NHWC;
            default -> throw new IllegalArgumentException("--layout must be nchw or nhwc, got " + layout);
        };
        DType t = switch (key(dtype)) {
            case "float32", "float" -> DType.FLOAT32;
            case "uint8" -> DType.UINT8;
            default -> throw new IllegalArgumentException("--dtype must be float32 or uint8, got " + dtype);
        };
        float[] m = values(mean, o.channels(), 0, "--mean");
        float[] s = values(std, o.channels(), 1, "--std");
        PreprocessSpec base = geometry.spec(width, height);
        return base.withOrder(o).withLayout(l).withPadValue(pad).withNormalisation(scale, m, s).withDType(t);
    }

    private static float[] values(List<Float> given, int channels, float fallback, String option) {
        float[] v = new float[channels];
        if (given == null || given.isEmpty()) {
            java.util.Arrays.fill(v, fallback);
            return v;
        }
        if (given.size() == 1) {
            java.util.Arrays.fill(v, given.getFirst());
            return v;
        }
        if (given.size() != channels) {
            throw new IllegalArgumentException(option + " needs 1 or " + channels + " values, got " + given);
        }
        for (int i = 0; i < channels; i++) {
            v[i] = given.get(i);
        }
        return v;
    }

    static String key(String value) {
        return value.trim().toLowerCase(Locale.ROOT);
    }
}
