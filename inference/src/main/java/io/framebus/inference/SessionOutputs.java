package io.framebus.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.framebus.DType;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where the outputs of a {@link TensorSession}'s runs live. An output whose shape is fully static (and
 * whose type framebus knows) is <em>pinned</em> when the session's configuration asks for it: its memory
 * is allocated once, 64-byte aligned and off-heap, and its tensor is handed to every run, so ONNX Runtime
 * writes the results straight into it. Every other output is copied out of ONNX Runtime's own tensor
 * after each run, into memory that is reused while it is large enough.
 *
 * <p>All memory comes from one shared arena that {@link #freeMemory()} closes. Used by the session's
 * thread only.
 */
final class SessionOutputs {
    private final List<TensorSpec> specs;
    private final Arena arena = Arena.ofShared();
    private final OnnxTensor[] pinnedTensors;
    private final MemorySegment[] memory;
    private final MemorySegment[] views;
    private final long[][] shapes;
    private final Map<String, OnnxTensor> pinned;
    private final Set<String> unpinnedNames;

    /**
     * Allocates and pins the outputs that can be pinned. On failure, frees whatever it allocated.
     *
     * @param env   the ONNX Runtime environment of the session
     * @param specs the model's outputs, in declaration order
     * @param pin   whether static outputs are pinned ({@link SessionConfig#pinOutputs()})
     */
    SessionOutputs(OrtEnvironment env, List<TensorSpec> specs, boolean pin) {
        this.specs = specs;
        int n = specs.size();
        this.pinnedTensors = new OnnxTensor[n];
        this.memory = new MemorySegment[n];
        this.views = new MemorySegment[n];
        this.shapes = new long[n][];
        Map<String, OnnxTensor> pins = new LinkedHashMap<>();
        Set<String> unpinned = new LinkedHashSet<>();
        try {
            pinOutputs(env, pin, pins, unpinned);
        } catch (RuntimeException e) {
            closeTensors();
            freeMemory();
            throw e;
        }
        this.pinned = Collections.unmodifiableMap(pins);
        this.unpinnedNames = Collections.unmodifiableSet(unpinned);
    }

    private void pinOutputs(OrtEnvironment env, boolean pin, Map<String, OnnxTensor> pins, Set<String> unpinned) {
        for (int i = 0; i < specs.size(); i++) {
            TensorSpec spec = specs.get(i);
            shapes[i] = spec.concreteShape();
            if (pin && spec.isStatic() && spec.dtype() != DType.UNKNOWN) {
                MemorySegment pinnedMemory = arena.allocate(Math.max(1, spec.byteSize()), 64)
                        .asSlice(0, spec.byteSize());
                OnnxTensor tensor = OrtTypes.createTensor(env, spec, spec.shape(), pinnedMemory);
                pinnedTensors[i] = tensor;
                memory[i] = pinnedMemory;
                views[i] = pinnedMemory.asReadOnly();
                pins.put(spec.name(), tensor);
            } else {
                unpinned.add(spec.name());
            }
        }
    }

    /** The pinned output tensors by output name, to hand to {@code OrtSession.run}. */
    Map<String, OnnxTensor> pinned() {
        return pinned;
    }

    /** The names of the outputs that ONNX Runtime allocates and {@link #copyDynamic} copies. */
    Set<String> unpinnedNames() {
        return unpinnedNames;
    }

    /** Copies every unpinned output of {@code result} into this session's memory and records its shape. */
    void copyDynamic(OrtSession.Result result) throws OrtException {
        for (int i = 0; i < specs.size(); i++) {
            if (pinnedTensors[i] != null) {
                continue;
            }
            OnnxValue value = result.get(specs.get(i).name()).orElse(null);
            if (!(value instanceof OnnxTensor tensor)) {
                continue;
            }
            ByteBuffer data = tensor.getByteBuffer(); // a copy: ORT owns this output's memory
            if (data == null) {
                continue;
            }
            long bytes = data.remaining();
            if (memory[i] == null || memory[i].byteSize() < bytes) {
                memory[i] = arena.allocate(Math.max(bytes, 64), 64);
            }
            MemorySegment.copy(MemorySegment.ofBuffer(data), 0, memory[i], 0, bytes);
            views[i] = memory[i].asSlice(0, bytes).asReadOnly();
            shapes[i] = tensor.getInfo().getShape();
        }
    }

    /** A read-only view of output {@code index}, or null when it has never had a value. */
    MemorySegment view(int index) {
        return views[index];
    }

    /** A copy of output {@code index}'s shape: the declared one, or a dynamic output's as of the last copy. */
    long[] shape(int index) {
        return shapes[index].clone();
    }

    /** The pinned tensor of output {@code index}, or null for an unpinned output. */
    OnnxTensor pinnedTensor(int index) {
        return pinnedTensors[index];
    }

    /** Closes the pinned tensors (their memory stays allocated until {@link #freeMemory()}). */
    void closeTensors() {
        for (OnnxTensor t : pinnedTensors) {
            if (t != null) {
                t.close();
            }
        }
    }

    /** Frees the memory of every output: views handed out before become invalid. */
    void freeMemory() {
        arena.close();
    }
}
