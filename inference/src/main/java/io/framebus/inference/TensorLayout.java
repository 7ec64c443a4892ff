package io.framebus.inference;

/** Memory order of an image tensor of batch 1. */
public enum TensorLayout {
    /** [1, C, H, W]: one plane per channel (PyTorch exports, YOLOX). */
    NCHW,
    /** [1, H, W, C]: channels interleaved per pixel (TensorFlow exports). */
    NHWC
}
