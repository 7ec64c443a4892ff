package io.framebus.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

import static io.framebus.testkit.OnnxModel.FLOAT;

/**
 * Small ONNX models written by the tests themselves (see {@link OnnxModel}): nothing is downloaded. Each method
 * writes its model into {@code dir} and returns the file.
 */
public final class TestModels {
    /** The boxes the SSD-like model always outputs: normalised x1, y1, x2, y2. */
    private static final float[] SSD_BOXES = {
        0.10f, 0.20f, 0.50f, 0.60f,
        0.12f, 0.22f, 0.52f, 0.62f, // overlaps the first: suppressed when of the same class
        0.60f, 0.10f, 0.90f, 0.40f,
    };
    /** Score weights per box and class; the scores are these times the mean colour of each channel / 255. */
    private static final float[] SSD_WEIGHTS = {
        1.0f, 0.1f, 0.1f,
        0.9f, 0.1f, 0.1f,
        0.1f, 0.1f, 1.0f,
    };

    private TestModels() {
    }

    /**
     * The boxes {@link #ssd} always outputs.
     *
     * @return three boxes, each x1, y1, x2, y2 normalised to 0..1; box 1 overlaps box 0
     */
    public static float[] ssdBoxes() {
        return SSD_BOXES.clone();
    }

    /**
     * y = 2x of shape [batch, 3, height, width] and m = the mean of x over height and width, [batch, 3]: output
     * dimensions named like the input's.
     *
     * @param dir where to write it
     * @return the model file
     */
    public static Path dynamic(Path dir) {
        return write(OnnxModel.opset(13)
                .input("x", FLOAT, "batch", 3, "height", "width")
                .output("y", FLOAT, "batch", 3, "height", "width")
                .output("m", FLOAT, "batch", 3)
                .initializer("two", new float[] {2f})
                .node("Mul", List.of("x", "two"), List.of("y"))
                .node("ReduceMean", List.of("x"), List.of("m"), List.of(OnnxModel.ints("axes", 2, 3),
                        OnnxModel.integer("keepdims", 0))), dir.resolve("dynamic.onnx"));
    }

    /**
     * f = x flattened to [batch, 3 * height * width]: a dimension that is an expression of the input's, which
     * no input dimension names (the infer stage learns it with a probe run).
     *
     * @param dir where to write it
     * @return the model file
     */
    public static Path flatten(Path dir) {
        return write(OnnxModel.opset(13)
                .input("x", FLOAT, "batch", 3, "height", "width")
                .output("f", FLOAT, "batch", null)
                .node("Flatten", List.of("x"), List.of("f"), List.of(OnnxModel.integer("axis", 1))),
                dir.resolve("flatten.onnx"));
    }

    /**
     * An SSD-shaped detector on a [1, 3, 32, 32] image: boxes [1, 3, 4] (constant, {@link #SSD_BOXES}) and scores
     * [1, 3, 3] = {@link #SSD_WEIGHTS} times the image's mean per channel / 255.
     *
     * @param dir where to write it
     * @return the model file
     */
    public static Path ssd(Path dir) {
        return write(OnnxModel.opset(13)
                .input("image", FLOAT, 1, 3, 32, 32)
                .output("boxes", FLOAT, 1, 3, 4)
                .output("scores", FLOAT, 1, 3, 3)
                .initializer("box_values", SSD_BOXES, 1, 3, 4)
                .initializer("inv255", new float[] {1 / 255f})
                .initializer("shape", new long[] {1, 1, 3}, 3)
                .initializer("repeats", new long[] {1, 3, 1}, 3)
                .initializer("weights", SSD_WEIGHTS, 1, 3, 3)
                .node("Identity", List.of("box_values"), List.of("boxes"))
                .node("GlobalAveragePool", List.of("image"), List.of("pooled"))
                .node("Mul", List.of("pooled", "inv255"), List.of("unit"))
                .node("Reshape", List.of("unit", "shape"), List.of("row"))
                .node("Tile", List.of("row", "repeats"), List.of("tiled"))
                .node("Mul", List.of("tiled", "weights"), List.of("scores")), dir.resolve("ssd.onnx"));
    }

    /**
     * A model whose input is a string tensor: a type no framebus tensor frame holds.
     *
     * @param dir where to write it
     * @return the model file
     */
    public static Path strings(Path dir) {
        return write(OnnxModel.opset(13)
                .input("text", OnnxModel.STRING, 1)
                .output("same", OnnxModel.STRING, 1)
                .node("Identity", List.of("text"), List.of("same")), dir.resolve("strings.onnx"));
    }

    /**
     * z = a + b: a model with two inputs.
     *
     * @param dir where to write it
     * @return the model file
     */
    public static Path twoInputs(Path dir) {
        return write(OnnxModel.opset(13)
                .input("a", FLOAT, 1, 4)
                .input("b", FLOAT, 1, 4)
                .output("z", FLOAT, 1, 4)
                .node("Add", List.of("a", "b"), List.of("z")), dir.resolve("two-inputs.onnx"));
    }

    private static Path write(OnnxModel model, Path file) {
        try {
            return model.write(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
