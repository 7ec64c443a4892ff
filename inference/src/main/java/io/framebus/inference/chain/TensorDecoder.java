package io.framebus.inference.chain;

import io.framebus.Frame;
import io.framebus.pipeline.Detections;

import java.util.List;
import java.util.function.IntFunction;

/**
 * Turns the output tensors of one model run into boxes or labels: the job of a post-processing stage. A
 * decoder reads {@link #tensors()} outputs, each from its own channel, all with the same origin; it checks
 * each frame's dtype and shape and says what is wrong with both sides named (the tensor that came, what the
 * decoder reads).
 */
public interface TensorDecoder {
    /**
     * How many output tensors one decode reads.
     *
     * @return the number of channels the stage reads, in the decoder's order
     */
    int tensors();

    /**
     * The producer id of the payloads.
     *
     * @return 1 for a COCO detector, 3 for labels, or an application's own
     */
    int producer();

    /**
     * Whether the decoder needs to know the model input's size and how frames were fitted into it.
     *
     * @return true for detectors, whose boxes are in model-input coordinates
     */
    boolean needsGeometry();

    /**
     * The name of class {@code id}, for the JSON lines and the summary.
     *
     * @return the class names this decoder's model uses
     */
    IntFunction<String> labels();

    /**
     * Decodes one set of outputs.
     *
     * @param tensors   the held output frames, in the decoder's order, read in place
     * @param placement the frame they describe and how the model's input was made from it
     * @return the boxes in frame pixels (or labels boxed by the whole frame), best first
     * @throws io.framebus.inference.InferenceException when a tensor is not what the decoder reads
     */
    List<Detections.Detection> decode(Frame[] tensors, Placement placement);
}
