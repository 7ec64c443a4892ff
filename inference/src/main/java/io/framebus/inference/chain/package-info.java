/**
 * An analysis chain split into stages, each its own process: frames to tensors ({@link
 * io.framebus.inference.chain.PreprocessStage}), any ONNX model over tensors in slots with its outputs
 * written straight into slots ({@link io.framebus.inference.chain.InferStage}), and outputs to detections
 * or labels ({@link io.framebus.inference.chain.PostprocessStage} with a
 * {@link io.framebus.inference.chain.TensorDecoder}: YOLOX, boxes-and-scores, top-k).
 *
 * <pre>
 *  frames ──► preprocess ──► tensors ──► infer ──► one channel per output ──► postprocess ──► detections
 * </pre>
 *
 * What the frames of the chain carry between stages is {@link io.framebus.pipeline.ChainMetadata}.
 */
package io.framebus.inference.chain;
