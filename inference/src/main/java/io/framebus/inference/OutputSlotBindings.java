package io.framebus.inference;

import java.lang.foreign.MemorySegment;

/**
 * One {@link OutputBinding} per slot of an output channel: model output {@code output} pinned to the slot,
 * made the first time the slot is claimed and reused while its shape stays, so that ONNX Runtime writes every
 * run's result straight into the claimed slot and no tensor is made per frame.
 *
 * <pre>{@code
 * OutputSlotBindings pins = new OutputSlotBindings(session, "output", writer.slotCount());
 * FrameClaim claim = writer.claim(timeout);
 * OutputBinding out = pins.get(claim.slot(), claim.segment(), shape, shape.length);
 * session.runInto(input, out);                  // the result is now in the claimed slot
 * claim.tensor(DType.FLOAT32, shape).label("output").publish();
 * }</pre>
 *
 * Close this before the channel that maps the slots.
 */
public final class OutputSlotBindings implements AutoCloseable {
    private final SlotCache<OutputBinding> cache;

    /** Bindings of the session's output {@code output} for a channel of {@code slots} slots. */
    public OutputSlotBindings(TensorSession session, String output, int slots) {
        session.outputSpec(output);
        this.cache = new SlotCache<>(slots, (memory, shape) -> session.bindOutput(output, memory, shape));
    }

    /** The binding of {@code slot} with the first {@code rank} dimensions of {@code dims} as its shape. */
    public OutputBinding get(int slot, MemorySegment slotMemory, long[] dims, int rank) {
        return cache.get(slot, slotMemory, dims, rank);
    }

    /** Bindings created so far (at most one per slot). */
    public int created() {
        return cache.created();
    }

    /** Closes every binding (not the slots). */
    @Override
    public void close() {
        cache.close();
    }
}
