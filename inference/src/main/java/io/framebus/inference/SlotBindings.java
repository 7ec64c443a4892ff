package io.framebus.inference;

import java.lang.foreign.MemorySegment;

/**
 * One {@link InputBinding} per slot of a channel, created the first time the slot is seen and
 * reused afterwards, so running over a rotating set of slots creates no tensors per frame.
 *
 * <pre>{@code
 * SlotBindings bindings = new SlotBindings(session, "images", writer.slotCount());
 * FrameClaim claim = writer.claim(timeout);
 * InputBinding in = bindings.get(claim.slot(), claim.segment());   // same OnnxTensor every time for this slot
 * }</pre>
 *
 * A binding is recreated only if the slot's memory moved (a different mapping). Close this before
 * the channel that maps the slots.
 */
public final class SlotBindings implements AutoCloseable {
    private final TensorSession session;
    private final String input;
    private final long[] shape;
    private final InputBinding[] bindings;

    /** Bindings of the session's input {@code input} with its metadata shape (dynamic dimensions = 1). */
    public SlotBindings(TensorSession session, String input, int slots) {
        this(session, input, session.inputSpec(input).concreteShape(), slots);
    }

    /** Bindings of the session's input {@code input} with an explicit {@code shape}. */
    public SlotBindings(TensorSession session, String input, long[] shape, int slots) {
        this.session = session;
        this.input = input;
        this.shape = shape.clone();
        this.bindings = new InputBinding[slots];
    }

    /** The binding for {@code slot}, viewing the start of {@code slotMemory}. */
    public InputBinding get(int slot, MemorySegment slotMemory) {
        InputBinding b = bindings[slot];
        if (b == null || b.isClosed() || b.memory().address() != slotMemory.address()
                || slotMemory.byteSize() < b.memory().byteSize()) {
            if (b != null) {
                b.close();
            }
            b = session.bind(input, slotMemory, shape);
            bindings[slot] = b;
        }
        return b;
    }

    /** Bindings created so far (at most one per slot). */
    public int created() {
        int n = 0;
        for (InputBinding b : bindings) {
            if (b != null && !b.isClosed()) {
                n++;
            }
        }
        return n;
    }

    /** Closes every binding. */
    @Override
    public void close() {
        for (int i = 0; i < bindings.length; i++) {
            if (bindings[i] != null) {
                bindings[i].close();
                bindings[i] = null;
            }
        }
    }
}
