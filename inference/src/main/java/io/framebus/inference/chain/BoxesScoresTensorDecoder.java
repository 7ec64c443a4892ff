package io.framebus.inference.chain;

import io.framebus.Frame;
import io.framebus.inference.BoxesScoresDecoder;
import io.framebus.pipeline.Detections;

import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * The boxes-and-scores decoder ({@link BoxesScoresDecoder}) as a post-processing step, for SSD-style
 * detectors: reads two outputs, corner boxes {@code [1, N, 4]} and class scores {@code [1, N, C]} (float32;
 * the leading 1 may be missing), from two channels, in that order.
 */
public final class BoxesScoresTensorDecoder implements TensorDecoder {
    private static final String BOXES = "corner boxes FLOAT32[1, N, 4]";

    private final BoxesScoresDecoder decoder;
    private final int producer;
    private final IntFunction<String> labels;

    /**
     * @param decoder  thresholds, box order and background class
     * @param producer the producer id of the payloads (1 when the class ids are COCO's)
     * @param labels   the model's class names
     */
    public BoxesScoresTensorDecoder(BoxesScoresDecoder decoder, int producer, IntFunction<String> labels) {
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.producer = producer;
        this.labels = Objects.requireNonNull(labels, "labels");
    }

    @Override
    public int tensors() {
        return 2;
    }

    @Override
    public int producer() {
        return producer;
    }

    @Override
    public boolean needsGeometry() {
        return true;
    }

    @Override
    public IntFunction<String> labels() {
        return labels;
    }

    @Override
    public List<Detections.Detection> decode(Frame[] tensors, Placement placement) {
        Frame boxes = OutputTensors.float32(tensors[0], "boxes-and-scores", BOXES, 2);
        long n = boxes.dim(boxes.rank() - 2);
        if (boxes.dim(boxes.rank() - 1) != 4 || OutputTensors.elements(boxes) != 4 * n) {
            throw OutputTensors.mismatch(boxes, "boxes-and-scores", BOXES + " (first channel)");
        }
        String wants = "class scores FLOAT32[1, " + n + ", C] for the " + n + " boxes";
        Frame scores = OutputTensors.float32(tensors[1], "boxes-and-scores", wants, 2);
        long classes = scores.dim(scores.rank() - 1);
        if (scores.dim(scores.rank() - 2) != n || OutputTensors.elements(scores) != n * classes || classes < 1) {
            throw OutputTensors.mismatch(scores, "boxes-and-scores", wants + " (second channel)");
        }
        return decoder.decode(boxes.segment(), scores.segment(), (int) n, (int) classes, placement.inputWidth(),
                placement.inputHeight(), placement.mapping());
    }

    @Override
    public String toString() {
        return decoder.toString();
    }
}
