package io.framebus.inference.chain;

import io.framebus.Frame;
import io.framebus.FrameKind;
import io.framebus.inference.InputBinding;
import io.framebus.inference.PreprocessSpec;
import io.framebus.inference.TensorPreprocessor;
import io.framebus.inference.TensorSession;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The model's input built from video frames inside the infer stage: one tensor in the stage's own memory
 * (64-byte aligned, off-heap), bound once, which the preprocessor overwrites for each frame.
 */
final class FrameInput implements AutoCloseable {
    private final Arena arena = Arena.ofShared();
    private final TensorPreprocessor preprocessor;
    private final long[] dims;
    private final InputBinding binding;

    FrameInput(TensorSession session, PreprocessSpec spec) {
        this.preprocessor = new TensorPreprocessor(spec);
        this.dims = spec.shape();
        MemorySegment memory = arena.allocate(spec.byteSize(), 64);
        try {
            this.binding = session.bind(session.inputSpec(0).name(), memory, dims);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /** Whether {@code frame} is video this input can be built from. */
    static boolean accepts(Frame frame) {
        return frame.kind() == FrameKind.VIDEO && frame.pixelFormat() != null && frame.pixelFormat().hasPackedSamples();
    }

    /** Builds the input from {@code frame}; the frame may be released afterwards. */
    InputBinding build(Frame frame) {
        preprocessor.apply(frame, binding.memory());
        return binding;
    }

    /** The input's shape (fixed). */
    long[] dims() {
        return dims;
    }

    @Override
    public void close() {
        binding.close();
        arena.close();
    }
}
