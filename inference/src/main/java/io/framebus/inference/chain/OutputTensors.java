package io.framebus.inference.chain;

import io.framebus.DType;
import io.framebus.Frame;
import io.framebus.FrameKind;
import io.framebus.inference.InferenceException;

import java.util.Arrays;

/** Checks shared by the decoders: that an output frame is a float32 tensor, and messages that name it. */
final class OutputTensors {
    private OutputTensors() {
    }

    /** {@code frame}, after checking it is a float32 tensor of rank {@code minRank} or more. */
    static Frame float32(Frame frame, String decoder, String wants, int minRank) {
        if (frame.kind() != FrameKind.TENSOR || frame.dtype() != DType.FLOAT32 || frame.rank() < minRank) {
            throw mismatch(frame, decoder, wants);
        }
        return frame;
    }

    /** The number of elements of a tensor frame. */
    static long elements(Frame frame) {
        long n = 1;
        for (int d = 0; d < frame.rank(); d++) {
            n = Math.multiplyExact(n, frame.dim(d));
        }
        return n;
    }

    /** An error saying that {@code frame} is not what {@code decoder} reads ({@code wants}). */
    static InferenceException mismatch(Frame frame, String decoder, String wants) {
        String label = frame.label();
        String what = frame.kind() == FrameKind.TENSOR ? frame.dtype() + Arrays.toString(frame.shape())
                : String.valueOf(frame.kind());
        return new InferenceException("output tensor " + what + (label.isEmpty() ? "" : " '" + label + "'")
                + " (frame " + frame.sequence() + ", origin " + frame.origin() + ") is not what the " + decoder
                + " decoder reads: " + wants);
    }
}
