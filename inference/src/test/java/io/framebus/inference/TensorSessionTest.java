package io.framebus.inference;

import io.framebus.ChannelReader;
import io.framebus.ChannelWriter;
import io.framebus.DType;
import io.framebus.Frame;
import io.framebus.FrameChannel;
import io.framebus.FrameClaim;
import io.framebus.PixelFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;

import static io.framebus.inference.TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/** The generic path with MNIST: metadata-driven shapes, an input tensor over a channel slot, pinned outputs. */
class TensorSessionTest {
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;

    @AfterEach
    void noChannelFilesLeft() throws Exception {
        assertEquals(java.util.List.of(), leftovers());
    }

    @Test
    void mnistRunsOverATensorSlotWithoutCopies() {
        try (TensorSession session = TensorSession.open(MNIST)) {
            assertEquals(1, session.inputs().size());
            TensorSpec in = session.inputSpec(0);
            assertEquals(DType.FLOAT32, in.dtype());
            assertArrayEquals(new long[] {1, 1, 28, 28}, in.shape(), "shape read from the model's metadata");
            TensorSpec out = session.outputSpec(0);
            assertArrayEquals(new long[] {1, 10}, out.shape());
            assertTrue(session.isPinned(0), "a static output is preallocated and pinned");

            String name = uniqueName("mnist");
            try (ChannelWriter tensors = FrameChannel.create(plain(name, in.byteSize()).withSlots(3));
                 ChannelReader consumer = FrameChannel.attach(name, latest())) {
                FrameClaim claim = tensors.claim(TAKE);
                float[][] logitsOneAndZero = runDigitsInTheSlot(session, claim);
                float[] logitsOne = logitsOneAndZero[0];
                float[] logitsZero = logitsOneAndZero[1];
                System.out.println("MNIST '1' logits " + Arrays.toString(logitsOne) + "\nMNIST '0' logits "
                        + Arrays.toString(logitsZero));
                assertEquals(10, logitsOne.length);
                for (float v : logitsOne) {
                    assertTrue(Float.isFinite(v), "ORT overwrote the NaN-poisoned pinned output");
                }
                assertEquals(1, argmax(logitsOne), "a vertical stroke is a 1");
                assertEquals(0, argmax(logitsZero), "a ring is a 0: the reused tensor sees the slot's new contents");

                // another reader of the tensor channel runs the model on the published, read-only slot in place
                claim.tensor(DType.FLOAT32, in.shape()).publish();
                assertLogitsFromTheReadOnlySlot(session, consumer, logitsZero);
            }
        }
    }

    /**
     * Binds the claimed slot as the model's input, writes a drawn 1 and then a drawn 0 into it with the
     * preprocessor, and runs the model on each.
     *
     * @return the logits of the 1, then those of the 0
     */
    private static float[][] runDigitsInTheSlot(TensorSession session, FrameClaim claim) {
        try (InputBinding input = session.bind(claim.segment())) {
            assertFalse(input.tensor().ownsBuffer(), "ONNX Runtime holds no copy of the slot");
            assertEquals(claim.address(), MemorySegment.ofBuffer(input.tensor().getBufferRef().orElseThrow()).address(),
                    "the tensor's buffer is the slot itself");
            assertTrue(input.isZeroCopy());

            TensorPreprocessor gray = new TensorPreprocessor(PreprocessSpec.of(28, 28).withOrder(ChannelOrder.GRAY)
                    .withResize(ResizeMode.STRETCH).withNormalisation(1 / 255f, new float[] {0}, new float[] {1}));
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment digit = arena.allocate(56 * 56 * 3);
                Digits.drawOne(digit, 56);
                gray.apply(digit, 56, 56, 56 * 3, PixelFormat.BGR24, input.memory());
                poison(session);
                session.run(input);
                float[] logitsOne = logits(session);
                digit.fill((byte) 0);
                Digits.drawZero(digit, 56);
                gray.apply(digit, 56, 56, 56 * 3, PixelFormat.BGR24, input.memory()); // same slot, same tensor
                session.run(input);
                return new float[][] {logitsOne, logits(session)};
            }
        }
    }

    /** Takes the published tensor frame and runs the model on its read-only slot in place. */
    private static void assertLogitsFromTheReadOnlySlot(TensorSession session, ChannelReader consumer,
                                                        float[] expected) {
        try (Frame frame = consumer.tryTake(TAKE)) {
            assertTrue(frame.segment().isReadOnly());
            try (InputBinding readOnly = session.bind(frame.segment())) {
                assertTrue(readOnly.isZeroCopy());
                assertEquals(frame.segment().address(), readOnly.bufferAddress());
                session.run(readOnly);
                assertArrayEquals(expected, logits(session));
            }
        }
    }

    @Test
    void unpinnedOutputsAreCopiedOutAndMatch() {
        try (TensorSession pinned = TensorSession.open(MNIST);
             TensorSession copied = TensorSession.open(MNIST, SessionConfig.defaults().withPinnedOutputs(false));
             Arena arena = Arena.ofConfined()) {
            assertFalse(copied.isPinned(0));
            assertNull(copied.pinnedOutput(0));
            MemorySegment memory = arena.allocate(pinned.inputSpec(0).byteSize(), 64);
            for (int i = 0; i < 28 * 28; i++) {
                memory.setAtIndex(F, i, (i * 7919 % 255) / 255f);
            }
            try (InputBinding a = pinned.bind(memory); InputBinding b = copied.bind(memory)) {
                pinned.run(a);
                copied.run(b);
                assertArrayEquals(logits(pinned), logits(copied));
                assertArrayEquals(new long[] {1, 10}, copied.outputShape(0));
            }
        }
    }

    @Test
    void clearErrors() {
        InferenceException missing = assertThrows(InferenceException.class,
                () -> TensorSession.open(Path.of("../assets/models/nope.onnx")));
        assertTrue(missing.getMessage().contains("nope.onnx"), missing.getMessage());
        try (TensorSession session = TensorSession.open(MNIST); Arena arena = Arena.ofConfined()) {
            IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                    () -> session.bind(arena.allocate(100)));
            assertTrue(small.getMessage().contains("3136"), small.getMessage());
            assertThrows(IllegalArgumentException.class, () -> session.bind(MemorySegment.ofArray(new float[784])));
            assertThrows(IllegalArgumentException.class,
                    () -> session.bind("Input3", arena.allocate(4 * 784 * 2), 2, 1, 28, 28));
            IllegalArgumentException noInput = assertThrows(IllegalArgumentException.class,
                    () -> session.bind("images", arena.allocate(4 * 784)));
            assertTrue(noInput.getMessage().contains("Input3"), noInput.getMessage());
            assertThrows(IllegalStateException.class, () -> session.outputMemory(0), "no output before the first run");
        }
    }

    private static void poison(TensorSession session) {
        FloatBuffer out = (FloatBuffer) session.pinnedOutput(0).getBufferRef().orElseThrow();
        for (int i = 0; i < out.capacity(); i++) {
            out.put(i, Float.NaN);
        }
    }

    private static float[] logits(TensorSession session) {
        return session.outputMemory(0).toArray(ValueLayout.JAVA_FLOAT);
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
