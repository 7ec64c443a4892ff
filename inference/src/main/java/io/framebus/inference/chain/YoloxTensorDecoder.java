package io.framebus.inference.chain;

import io.framebus.Frame;
import io.framebus.inference.CocoLabels;
import io.framebus.inference.DetectorStage;
import io.framebus.inference.InferenceException;
import io.framebus.inference.YoloxDecoder;
import io.framebus.pipeline.Detections;

import java.util.List;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;

/**
 * The YOLOX grid decoder ({@link YoloxDecoder}) as a post-processing step: reads one output
 * {@code [1, N, 5 + classes]} float32, N being the grid cells of the model input's size (3549 for
 * 416x416), and publishes COCO boxes like the single-process detector (producer
 * {@value DetectorStage#PRODUCER_ID}).
 */
public final class YoloxTensorDecoder implements TensorDecoder {
    private final UnaryOperator<YoloxDecoder> configure;
    private YoloxDecoder decoder;

    /** The default thresholds (score 0.3, IoU 0.45, at most 100 boxes). */
    public YoloxTensorDecoder() {
        this(UnaryOperator.identity());
    }

    /** A decoder whose thresholds {@code configure} sets, e.g. {@code d -> d.withThresholds(0.5f, 0.45f)}. */
    public YoloxTensorDecoder(UnaryOperator<YoloxDecoder> configure) {
        this.configure = configure;
    }

    @Override
    public int tensors() {
        return 1;
    }

    @Override
    public int producer() {
        return DetectorStage.PRODUCER_ID;
    }

    @Override
    public boolean needsGeometry() {
        return true;
    }

    @Override
    public IntFunction<String> labels() {
        return CocoLabels::name;
    }

    @Override
    public List<Detections.Detection> decode(Frame[] tensors, Placement placement) {
        String wants = "a YOLOX grid FLOAT32[1, N, 5 + classes] for a " + placement.inputWidth() + "x"
                + placement.inputHeight() + " input";
        Frame f = OutputTensors.float32(tensors[0], "YOLOX", wants, 2);
        long rows = f.dim(f.rank() - 2);
        long row = f.dim(f.rank() - 1);
        if (row < 6 || OutputTensors.elements(f) != rows * row) {
            throw OutputTensors.mismatch(f, "YOLOX", wants);
        }
        int classes = (int) (row - 5);
        if (decoder == null || decoder.classes() != classes) {
            try {
                decoder = configure.apply(new YoloxDecoder(placement.inputWidth(), placement.inputHeight(), classes));
            } catch (IllegalArgumentException e) {
                throw new InferenceException("the YOLOX decoder cannot use the model input size "
                        + placement.inputWidth() + "x" + placement.inputHeight() + ": " + e.getMessage(), e);
            }
        }
        if (rows != decoder.cells()) {
            throw OutputTensors.mismatch(f, "YOLOX", wants + ", which has " + decoder.cells()
                    + " grid cells: give the post-processing the model's input size");
        }
        return decoder.decode(f.segment(), placement.mapping());
    }

    @Override
    public String toString() {
        return decoder == null ? "YOLOX" : decoder.toString();
    }
}
