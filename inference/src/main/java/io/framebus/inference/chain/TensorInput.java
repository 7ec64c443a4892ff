package io.framebus.inference.chain;

import io.framebus.ChannelReader;
import io.framebus.DType;
import io.framebus.Frame;
import io.framebus.FrameKind;
import io.framebus.inference.InferenceException;
import io.framebus.inference.InputBinding;
import io.framebus.inference.SlotBindings;
import io.framebus.inference.TensorSession;
import io.framebus.inference.TensorSpec;

import java.util.Arrays;

/**
 * The model's input, taken from tensor frames of a channel: checks each frame against the model (element
 * type, rank, every static dimension, length), binds dynamic dimensions from the frame, and hands out the
 * {@link InputBinding} of the frame's slot (an {@code OnnxTensor} over the reader's read-only mapping of
 * the slot, made once per slot and shape). Nothing is converted: a frame that does not match is an error
 * naming both sides, never a copy.
 */
final class TensorInput implements AutoCloseable {
    private final TensorSession session;
    private final TensorSpec spec;
    private final String channel;
    private final long[] dims;
    private final SlotBindings bindings;

    TensorInput(TensorSession session, ChannelReader reader) {
        this.session = session;
        this.spec = session.inputSpec(0);
        this.channel = reader.name();
        this.dims = new long[spec.rank()];
        this.bindings = new SlotBindings(session, spec.name(), reader.slotCount());
    }

    /** The binding of the frame's slot, its shape being the frame's; valid while the frame is held. */
    InputBinding bind(Frame frame) {
        if (frame.kind() != FrameKind.TENSOR) {
            throw mismatch(frame, "is a " + frame.kind() + " frame, not a tensor (video goes through"
                    + " `framebus preprocess` first, or to `framebus infer --frames` with a preprocessing spec)");
        }
        DType type = frame.dtype();
        if (type != spec.dtype()) {
            throw mismatch(frame, "has elements of type " + type + ", the model's are " + spec.elementType()
                    + "; framebus does not convert element types (that would be a copy): make the tensor as "
                    + spec.elementType());
        }
        int rank = frame.rank();
        if (rank != spec.rank()) {
            throw mismatch(frame, "has rank " + rank + ", the model's input has rank " + spec.rank());
        }
        long elements = 1;
        for (int d = 0; d < rank; d++) {
            long v = frame.dim(d);
            long declared = spec.dim(d);
            if (v <= 0 || (declared >= 0 && v != declared)) {
                throw mismatch(frame, "has " + v + " at dimension " + d + ", the model wants "
                        + (declared >= 0 ? String.valueOf(declared) : "a positive size (dynamic)"));
            }
            dims[d] = v;
            elements = Math.multiplyExact(elements, v);
        }
        long bytes = Math.multiplyExact(elements, (long) type.size());
        if (frame.length() < bytes) {
            throw mismatch(frame, "holds " + frame.length() + " bytes; its shape needs " + bytes);
        }
        return bindings.get(frame.slot(), frame.segment(), dims, rank);
    }

    /** The shape of the last frame bound: a reused array, overwritten by the next {@link #bind}. */
    long[] dims() {
        return dims;
    }

    private InferenceException mismatch(Frame frame, String what) {
        String incoming = frame.kind() == FrameKind.TENSOR ? frame.dtype() + Arrays.toString(frame.shape())
                : String.valueOf(frame.kind());
        return new InferenceException("incoming tensor " + incoming + " (frame " + frame.sequence() + " of channel '"
                + channel + "') " + what + "; model input of " + session.model().getFileName() + " is " + spec);
    }

    @Override
    public void close() {
        bindings.close();
    }
}
