package io.framebus.inference;

import ai.onnxruntime.OnnxTensor;

import java.lang.foreign.MemorySegment;
import java.nio.Buffer;
import java.util.Arrays;
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
public final class InputBinding implements AutoCloseable {
    private final TensorSpec spec;
    private final long[] shape;
    private final MemorySegment memory;
    private final OnnxTensor tensor;
    private final Map<String, OnnxTensor> asInputs;
    private boolean closed;

    InputBinding(TensorSpec spec, long[] shape, MemorySegment memory, OnnxTensor tensor) {
        this.spec = spec;
        this.shape = shape.clone();
        this.memory = memory;
        this.tensor = tensor;
        this.asInputs = Map.of(spec.name(), tensor);
    }

    /** The model input this binding feeds. */
    public String name() {
        return spec.name();
    }

    /** The concrete shape of the tensor. */
    public long[] shape() {
        return shape.clone();
    }

    /** The memory the tensor views: exactly the tensor's bytes. Write the input here. */
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
     * True when ONNX Runtime did not copy the input: the tensor does not own its buffer and that
     * buffer is {@link #memory()}. {@link TensorSession#bind} never returns a binding for which this is false.
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

    Map<String, OnnxTensor> asInputs() {
        return asInputs;
    }

    OnnxTensor ortTensor() {
        if (closed) {
            throw new IllegalStateException("input binding for '" + spec.name() + "' is closed");
        }
        return tensor;
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
        return "InputBinding[" + spec.name() + Arrays.toString(shape) + " over 0x" + Long.toHexString(memory.address())
                + ", zeroCopy=" + isZeroCopy() + "]";
    }
}
