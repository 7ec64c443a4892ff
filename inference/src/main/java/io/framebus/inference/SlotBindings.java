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
 * A binding is recreated only if the slot's memory moved (a different mapping), or, with
 * {@link #get(int, MemorySegment, long[], int)}, when the shape changes (a model with a dynamic
 * dimension). Close this before the channel that maps the slots.
 */
public final class SlotBindings implements AutoCloseable {
    private final long[] shape;
    private final SlotCache<InputBinding> cache;

    /** Bindings of the session's input {@code input} with its metadata shape (dynamic dimensions = 1). */
    public SlotBindings(TensorSession session, String input, int slots) {
        this(session, input, session.inputSpec(input).concreteShape(), slots);
    }

    /** Bindings of the session's input {@code input} with an explicit {@code shape}. */
    public SlotBindings(TensorSession session, String input, long[] shape, int slots) {
        this.shape = shape.clone();
        this.cache = new SlotCache<>(slots, (memory, s) -> session.bind(input, memory, s));
    }

    /** The binding for {@code slot}, viewing the start of {@code slotMemory}, with the shape given at construction. */
    public InputBinding get(int slot, MemorySegment slotMemory) {
        return cache.get(slot, slotMemory, shape, shape.length);
    }

    /**
     * The binding for {@code slot} with the first {@code rank} dimensions of {@code dims} as its shape (a
     * reused array: nothing is allocated while the slot's shape stays the same).
     */
    public InputBinding get(int slot, MemorySegment slotMemory, long[] dims, int rank) {
        return cache.get(slot, slotMemory, dims, rank);
    }

    /** Bindings created so far (at most one per slot). */
    public int created() {
        return cache.created();
    }

    /** Closes every binding. */
    @Override
    public void close() {
        cache.close();
    }
}
