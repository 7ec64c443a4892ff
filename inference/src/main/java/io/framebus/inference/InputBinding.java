package io.framebus.inference;

import ai.onnxruntime.OnnxTensor;

import java.lang.foreign.MemorySegment;
import java.util.Map;

/**
 * An {@link OnnxTensor} that views caller-owned memory (typically a framebus tensor slot) without a
 * copy: ONNX Runtime reads the slot itself on every {@link TensorSession#run}. Write the next input
 * into {@link #memory()} and run again; the binding is reused, not recreated.
 *
 * <p>The binding only borrows the memory. Close it before the memory goes away (before the channel
 * writer or reader that maps the slot is closed), or ONNX Runtime reads unmapped memory.
 * Obtain one from {@link TensorSession#bind}.
 */
public final class InputBinding extends BoundTensor {
    private final Map<String, OnnxTensor> asInputs;

    InputBinding(TensorSpec spec, long[] shape, MemorySegment memory, OnnxTensor tensor) {
        super(spec, shape, memory, tensor);
        this.asInputs = Map.of(spec.name(), tensor);
    }

    Map<String, OnnxTensor> asInputs() {
        return asInputs;
    }
}
