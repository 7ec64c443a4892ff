package io.framebus.inference.chain;

import io.framebus.Frame;
import io.framebus.inference.TopKDecoder;
import io.framebus.pipeline.Detections;

import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * Top-k for classifiers ({@link TopKDecoder}) as a post-processing step: reads one output of class scores,
 * {@code [1, C]} or any shape with one batch ({@code [C]}, {@code [1, C, 1, 1]}), and publishes the k best
 * labels, each boxed by the whole frame (producer {@value TopKDecoder#PRODUCER_ID}).
 */
public final class TopKTensorDecoder implements TensorDecoder {
    private static final String WANTS = "class scores FLOAT32[1, C] (one batch)";

    private final TopKDecoder decoder;
    private final IntFunction<String> labels;

    /**
     * @param decoder k, softmax, minimum score
     * @param labels  the model's class names
     */
    public TopKTensorDecoder(TopKDecoder decoder, IntFunction<String> labels) {
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.labels = Objects.requireNonNull(labels, "labels");
    }

    @Override
    public int tensors() {
        return 1;
    }

    @Override
    public int producer() {
        return TopKDecoder.PRODUCER_ID;
    }

    @Override
    public boolean needsGeometry() {
        return false;
    }

    @Override
    public IntFunction<String> labels() {
        return labels;
    }

    @Override
    public List<Detections.Detection> decode(Frame[] tensors, Placement placement) {
        Frame scores = OutputTensors.float32(tensors[0], "top-k", WANTS, 1);
        if (scores.rank() > 1 && scores.dim(0) != 1) {
            throw OutputTensors.mismatch(scores, "top-k", WANTS);
        }
        long classes = OutputTensors.elements(scores);
        if (classes < 1 || classes > Integer.MAX_VALUE) {
            throw OutputTensors.mismatch(scores, "top-k", WANTS);
        }
        return decoder.decode(scores.segment(), (int) classes, placement.frameWidth(), placement.frameHeight());
    }

    @Override
    public String toString() {
        return decoder.toString();
    }
}
