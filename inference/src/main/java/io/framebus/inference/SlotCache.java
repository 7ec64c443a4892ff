package io.framebus.inference;

import java.lang.foreign.MemorySegment;

/**
 * One tensor binding per slot of a channel, made the first time the slot is seen and reused while the slot's
 * memory and the tensor's shape stay the same: what {@link SlotBindings} (inputs) and
 * {@link OutputSlotBindings} (outputs) share. Looking a binding up allocates nothing.
 *
 * @param <T> the kind of binding
 */
final class SlotCache<T extends BoundTensor> implements AutoCloseable {
    /** Makes the binding of one slot. */
    @FunctionalInterface
    interface Binder<T> {
        T bind(MemorySegment memory, long[] shape);
    }

    private final BoundTensor[] bindings;
    private final Binder<T> binder;

    SlotCache(int slots, Binder<T> binder) {
        this.bindings = new BoundTensor[slots];
        this.binder = binder;
    }

    /**
     * The binding of {@code slot} over the start of {@code slotMemory}, with the first {@code rank} of
     * {@code shape} as its shape.
     */
    @SuppressWarnings("unchecked") // every element was made by binder, so it is a T
    T get(int slot, MemorySegment slotMemory, long[] shape, int rank) {
        BoundTensor b = bindings[slot];
        if (b == null || b.isClosed() || b.memory().address() != slotMemory.address()
                || slotMemory.byteSize() < b.memory().byteSize() || !b.hasShape(shape, rank)) {
            if (b != null) {
                b.close();
                bindings[slot] = null;
            }
            long[] exact = shape.length == rank ? shape : java.util.Arrays.copyOf(shape, rank);
            b = binder.bind(slotMemory, exact);
            bindings[slot] = b;
        }
        return (T) b;
    }

    /** Bindings open now (at most one per slot). */
    int created() {
        int n = 0;
        for (BoundTensor b : bindings) {
            if (b != null && !b.isClosed()) {
                n++;
            }
        }
        return n;
    }

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
