package io.framebus.inference.chain;

import io.framebus.inference.BoxMapping;

/**
 * Where the boxes of one set of model outputs belong: the video frame they describe and how the model's
 * input was made from it. Computed by the {@link PostprocessStage} from the outputs' tag (the frame's size,
 * {@link io.framebus.pipeline.ChainMetadata}) and the preprocessing it was told about.
 *
 * @param frameWidth  width of the video frame (the model input's, when the tag holds no size)
 * @param frameHeight its height
 * @param inputWidth  width of the model input in pixels (0 when the stage was given no preprocessing)
 * @param inputHeight its height
 * @param mapping     how model-input pixels map to frame pixels
 */
public record Placement(int frameWidth, int frameHeight, int inputWidth, int inputHeight, BoxMapping mapping) {
}
