package io.framebus.inference;

/** Which colour channels a model expects, in order. */
public enum ChannelOrder {
    /** Blue, green, red (OpenCV-trained models such as YOLOX). */
    BGR(3),
    /** Red, green, blue (most torchvision / TensorFlow models). */
    RGB(3),
    /** One luma channel, Y = 0.299 R + 0.587 G + 0.114 B (e.g. MNIST). */
    GRAY(1);

    private final int channels;

    ChannelOrder(int channels) {
        this.channels = channels;
    }

    /** Number of channels in the tensor. */
    public int channels() {
        return channels;
    }
}
