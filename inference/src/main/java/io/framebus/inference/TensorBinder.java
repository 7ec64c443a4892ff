package io.framebus.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import io.framebus.DType;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The checks before an {@link OnnxTensor} is made over caller memory for a model input or output, and
 * the check after: that ONNX Runtime views the memory instead of copying it. Every message names both
 * sides, the model's tensor and the memory or shape offered for it.
 */
final class TensorBinder {
    private TensorBinder() {
    }

    /**
     * Checks {@code shape} against {@code spec} and returns the first bytes of {@code memory} that the tensor
     * covers.
     *
     * @param role   "input" or "output"
     * @param model  the model file, for messages
     * @throws IllegalArgumentException when the shape contradicts the model or the memory is too small
     */
    static MemorySegment view(String role, Path model, TensorSpec spec, MemorySegment memory, long[] shape) {
        String side = role + " '" + spec.name() + "' of " + model.getFileName() + " (" + spec + ")";
        if (spec.dtype() == DType.UNKNOWN) {
            throw new IllegalArgumentException(side + " is not a tensor of a type framebus knows"
                    + " (framebus carries " + Arrays.toString(knownTypes()) + ")");
        }
        long[] declared = spec.shape();
        if (shape.length != declared.length) {
            throw new IllegalArgumentException(side + " has rank " + declared.length + "; got shape "
                    + Arrays.toString(shape) + " of rank " + shape.length);
        }
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] <= 0 || (declared[d] >= 0 && declared[d] != shape[d])) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not match " + side
                        + " at dimension " + d);
            }
        }
        long bytes = Math.multiplyExact(TensorSpec.elements(shape), (long) spec.dtype().size());
        if (memory.byteSize() < bytes) {
            throw new IllegalArgumentException(side + " of shape " + Arrays.toString(shape) + " needs " + bytes
                    + " bytes; the memory has " + memory.byteSize());
        }
        if (!memory.isNative()) {
            throw new IllegalArgumentException(role + " memory must be native (off-heap), not a heap segment");
        }
        if (role.equals("output") && memory.isReadOnly()) {
            throw new IllegalArgumentException(side + " needs writable memory; the memory offered is read-only");
        }
        return memory.asSlice(0, bytes);
    }

    /**
     * An ONNX Runtime tensor over {@code view}.
     *
     * @throws InferenceException when ONNX Runtime would copy the memory instead of viewing it
     */
    static OnnxTensor tensor(OrtEnvironment env, String role, TensorSpec spec, long[] shape, MemorySegment view) {
        OnnxTensor tensor = OrtTypes.createTensor(env, spec, shape, view);
        if (!BoundTensor.isZeroCopy(tensor, view)) {
            long seen = BoundTensor.bufferAddress(tensor);
            boolean owns = tensor.ownsBuffer();
            tensor.close();
            throw new InferenceException("ONNX Runtime copied " + role + " '" + spec.name()
                    + "' instead of viewing it (ownsBuffer=" + owns + ", buffer at 0x" + Long.toHexString(seen)
                    + ", memory at 0x" + Long.toHexString(view.address()) + "); framebus refuses a copying tensor");
        }
        return tensor;
    }

    private static DType[] knownTypes() {
        DType[] all = DType.values();
        return Arrays.copyOfRange(all, 1, all.length);
    }
}
