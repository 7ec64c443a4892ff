package io.framebus.inference;

import ai.onnxruntime.OnnxTensor;

import java.lang.foreign.MemorySegment;

/**
 * A model output pinned to caller-owned memory (typically a claimed slot of an output channel):
 * {@link TensorSession#runInto(InputBinding, OutputBinding...)} hands it to ONNX Runtime, which writes the
 * result straight into that memory. Like an {@link InputBinding}, it is created once per slot and reused,
 * and it only borrows the memory: close it before the channel that maps the slot is closed.
 * Obtain one from {@link TensorSession#bindOutput}.
 */
public final class OutputBinding extends BoundTensor {
    OutputBinding(TensorSpec spec, long[] shape, MemorySegment memory, OnnxTensor tensor) {
        super(spec, shape, memory, tensor);
    }
}
