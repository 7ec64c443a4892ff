/**
 * Analysis stages for framebus: build a model's input tensor straight into a tensor slot of a
 * channel, run ONNX Runtime over that slot without copying it, and publish what was found.
 *
 * <pre>
 *  frames channel (BGR24, LATEST) ──► {@link io.framebus.inference.TensorPreprocessor}
 *        (resize + pad + layout + normalise, written into a claimed slot of the tensor channel)
 *  tensor channel slot ◄── {@link io.framebus.inference.InputBinding} (an OnnxTensor over the slot memory)
 *        ──► {@link io.framebus.inference.TensorSession#run} (pinned outputs, no copy either way)
 *        ──► {@link io.framebus.inference.YoloxDecoder} ──► detections channel (+ JSON lines)
 * </pre>
 *
 * {@link io.framebus.inference.DetectorStage} wires these together for a YOLOX detector;
 * {@link io.framebus.inference.motion.MotionStage} is a second, model-free analysis.
 */
package io.framebus.inference;
