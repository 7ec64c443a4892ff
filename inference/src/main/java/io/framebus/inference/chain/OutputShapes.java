package io.framebus.inference.chain;

import io.framebus.inference.InputBinding;
import io.framebus.inference.TensorSession;
import io.framebus.inference.TensorSpec;

import java.util.Arrays;
import java.util.List;

/**
 * The shape of every model output for the current input shape, known before the run so that the outputs
 * can be pinned to slots. A static dimension is the model's; a dynamic one takes the size of the input
 * dimension of the same symbolic name ({@code "batch"} on both); when a dynamic output dimension has no
 * such twin, the model is run once for the new input shape with outputs ONNX Runtime allocates, to learn
 * the shapes (a probe; counted). Computed again only when the input shape changes.
 */
final class OutputShapes {
    private final TensorSession session;
    private final TensorSpec input;
    private final List<TensorSpec> outputs;
    private final long[][] shapes;
    private long[] forInput;
    private long probes;

    OutputShapes(TensorSession session) {
        this.session = session;
        this.input = session.inputSpec(0);
        this.outputs = session.outputs();
        this.shapes = new long[outputs.size()][];
    }

    /**
     * The output shapes for an input of shape {@code dims} bound as {@code binding}: the same arrays while the
     * input shape stays the same.
     */
    long[][] forInput(long[] dims, InputBinding binding) {
        if (forInput != null && Arrays.equals(forInput, dims)) {
            return shapes;
        }
        boolean resolved = true;
        for (int o = 0; o < outputs.size(); o++) {
            TensorSpec out = outputs.get(o);
            long[] shape = out.shape();
            for (int d = 0; d < shape.length; d++) {
                if (shape[d] < 0) {
                    shape[d] = twin(out.dimName(d), dims);
                    resolved &= shape[d] > 0;
                }
            }
            shapes[o] = shape;
        }
        if (!resolved) {
            long[][] seen = session.outputShapesFor(binding);
            System.arraycopy(seen, 0, shapes, 0, shapes.length);
            probes++;
        }
        forInput = dims.clone();
        return shapes;
    }

    private long twin(String name, long[] dims) {
        if (name.isEmpty()) {
            return -1;
        }
        for (int d = 0; d < input.rank(); d++) {
            if (name.equals(input.dimName(d))) {
                return dims[d];
            }
        }
        return -1;
    }

    /** Runs made only to learn output shapes. */
    long probes() {
        return probes;
    }
}
