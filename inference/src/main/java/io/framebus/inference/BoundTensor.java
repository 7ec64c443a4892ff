package io.framebus.inference;

import ai.onnxruntime.OnnxTensor;

import java.lang.foreign.MemorySegment;
import java.nio.Buffer;
import java.util.Arrays;

/**
 * An {@link OnnxTensor} over caller-owned memory (a framebus slot), created once and reused: what an
 * {@link InputBinding} and an {@link OutputBinding} share. It only borrows the memory: close it before
 * the memory goes away.
 */
abstract class BoundTensor implements AutoCloseable {
    private final TensorSpec spec;
    private final long[] shape;
    private final MemorySegment memory;
    private final OnnxTensor tensor;
    private boolean closed;

    BoundTensor(TensorSpec spec, long[] shape, MemorySegment memory, OnnxTensor tensor) {
        this.spec = spec;
        this.shape = shape.clone();
        this.memory = memory;
        this.tensor = tensor;
    }

    /** The model input or output this tensor is bound to. */
    public String name() {
        return spec.name();
    }

    /** A copy of the concrete shape of the tensor. */
    public long[] shape() {
        return shape.clone();
    }

    /** Whether the tensor's shape is {@code rank} dimensions equal to the first {@code rank} of {@code dims}. */
    boolean hasShape(long[] dims, int rank) {
        if (rank != shape.length) {
            return false;
        }
        for (int d = 0; d < rank; d++) {
            if (dims[d] != shape[d]) {
                return false;
            }
        }
        return true;
    }

    /** The memory the tensor views: exactly the tensor's bytes. */
    public MemorySegment memory() {
        return memory;
    }

    /** The ONNX Runtime tensor, for inspection ({@link OnnxTensor#ownsBuffer()}, {@link OnnxTensor#getBufferRef()}). */
    public OnnxTensor tensor() {
        return tensor;
    }

    /**
     * The native address of the buffer ONNX Runtime holds for this tensor, or -1 if it exposes none.
     * Equal to {@code memory().address()} for a zero-copy binding.
     */
    public long bufferAddress() {
        return bufferAddress(tensor);
    }

    /**
     * True when ONNX Runtime did not copy the memory: the tensor does not own its buffer and that buffer
     * is {@link #memory()}. {@link TensorSession} never returns a binding for which this is false.
     */
    public boolean isZeroCopy() {
        return isZeroCopy(tensor, memory);
    }

    static boolean isZeroCopy(OnnxTensor tensor, MemorySegment memory) {
        return !tensor.ownsBuffer() && bufferAddress(tensor) == memory.address();
    }

    static long bufferAddress(OnnxTensor tensor) {
        Buffer b = tensor.getBufferRef().orElse(null);
        return b == null || !b.isDirect() ? -1 : MemorySegment.ofBuffer(b).address();
    }

    OnnxTensor ortTensor() {
        if (closed) {
            throw new IllegalStateException("tensor binding for '" + spec.name() + "' is closed");
        }
        return tensor;
    }

    TensorSpec spec() {
        return spec;
    }

    boolean isClosed() {
        return closed;
    }

    /** Releases the ONNX Runtime tensor (not the memory, which the caller owns). Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            tensor.close();
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + spec.name() + Arrays.toString(shape) + " over 0x"
                + Long.toHexString(memory.address()) + ", zeroCopy=" + isZeroCopy() + "]";
    }
}
