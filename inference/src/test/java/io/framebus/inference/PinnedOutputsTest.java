package io.framebus.inference;

import io.framebus.ChannelReader;
import io.framebus.ChannelWriter;
import io.framebus.DType;
import io.framebus.Frame;
import io.framebus.FrameChannel;
import io.framebus.FrameClaim;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static io.framebus.inference.TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A model output pinned to a claimed slot of an output channel: ONNX Runtime's tensor is the slot (same
 * address, not owned), the slot holds the result after the run (it was poisoned before), and a reader of the
 * channel reads exactly what an ordinary run computes.
 */
class PinnedOutputsTest {
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;

    @AfterEach
    void noChannelFilesLeft() throws Exception {
        assertEquals(java.util.List.of(), leftovers());
    }

    @Test
    void onnxRuntimeWritesTheOutputIntoTheClaimedSlot() {
        String name = uniqueName("pinned");
        try (TensorSession reference = TensorSession.open(MNIST);
             TensorSession session = TensorSession.open(MNIST, SessionConfig.defaults().withPinnedOutputs(false));
             Arena arena = Arena.ofConfined();
             ChannelWriter out = FrameChannel.create(plain(name, 40).withSlots(3));
             ChannelReader reader = FrameChannel.attach(name, lossless());
             OutputSlotBindings pins = new OutputSlotBindings(session, "Plus214_Output_0", out.slotCount())) {
            MemorySegment input = arena.allocate(4 * 28 * 28, 64);
            for (int round = 0; round < 4; round++) {
                for (int i = 0; i < 28 * 28; i++) {
                    input.setAtIndex(F, i, ((i * 31 + round * 17) % 255) / 255f);
                }
                float[] expected;
                try (InputBinding in = reference.bind(input)) {
                    reference.run(in);
                    expected = reference.outputMemory(0).toArray(ValueLayout.JAVA_FLOAT);
                }
                FrameClaim claim = out.claim(TAKE);
                for (int i = 0; i < 10; i++) {
                    claim.segment().setAtIndex(F, i, Float.NaN);
                }
                OutputBinding pinned = pins.get(claim.slot(), claim.segment(), new long[] {1, 10}, 2);
                assertEquals(claim.address(), pinned.bufferAddress(), "the output tensor's buffer is the slot");
                assertFalse(pinned.tensor().ownsBuffer(), "ONNX Runtime holds no memory of its own for it");
                assertTrue(pinned.isZeroCopy());
                assertSame(pinned, pins.get(claim.slot(), claim.segment(), new long[] {1, 10}, 2),
                        "one binding per slot, reused");
                try (InputBinding in = session.bind(input)) {
                    session.runInto(in, pinned);
                }
                assertArrayEquals(expected, claim.segment().asSlice(0, 40).toArray(ValueLayout.JAVA_FLOAT),
                        "the poisoned slot now holds the result");
                claim.tensor(DType.FLOAT32, 1, 10).label("Plus214_Output_0").publish();
                try (Frame f = reader.tryTake(TAKE)) {
                    assertArrayEquals(expected, f.segment().toArray(ValueLayout.JAVA_FLOAT),
                            "another process's view of the slot");
                }
            }
            assertEquals(3, pins.created(), "at most one binding per slot");
        }
    }

    @Test
    void aReadOnlyOrTooSmallSlotIsRefusedNamingBothSides() {
        String name = uniqueName("pinned-small");
        try (TensorSession session = TensorSession.open(MNIST, SessionConfig.defaults().withPinnedOutputs(false));
             ChannelWriter out = FrameChannel.create(plain(name, 64).withSlots(2));
             ChannelReader reader = FrameChannel.attach(name, latest())) {
            FrameClaim claim = out.claim(TAKE);
            IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                    () -> session.bindOutput("Plus214_Output_0", claim.segment().asSlice(0, 20), 1, 10));
            assertTrue(small.getMessage().contains("Plus214_Output_0") && small.getMessage().contains("40")
                    && small.getMessage().contains("20"), small.getMessage());
            IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                    () -> session.bindOutput("Plus214_Output_0", claim.segment(), 1, 12));
            assertTrue(shape.getMessage().contains("[1, 12]") && shape.getMessage().contains("[1, 10]"),
                    shape.getMessage());
            claim.tensor(DType.FLOAT32, 1, 10).publish();
            try (Frame f = reader.tryTake(TAKE)) {
                IllegalArgumentException readOnly = assertThrows(IllegalArgumentException.class,
                        () -> session.bindOutput("Plus214_Output_0", f.segment(), 1, 10));
                assertTrue(readOnly.getMessage().contains("read-only"), readOnly.getMessage());
            }
        }
    }
}
