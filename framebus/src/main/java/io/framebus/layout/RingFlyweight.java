package io.framebus.layout;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * The broadcast ring: {@code ringCapacity} entries of {@value #ENTRY_SIZE} bytes, a power of two, at
 * {@link ChannelLayout#ringOffset()}. The frame with sequence {@code s} is announced in entry
 * {@code s & (ringCapacity - 1)}.
 *
 * <pre>
 *  offset  width  field
 *  0       8 s64  sequence announced (release store, written last)
 *  8       4 s32  slot holding that frame (release store, written first)
 *  12      4      reserved
 * </pre>
 *
 * <p>An entry can be read half-updated: readers load the sequence, the slot, then the sequence again,
 * and use the entry only when both sequence loads agree. The slot index is unchecked here; callers
 * check it against the slot count. Stateless: any thread may use it.
 */
public final class RingFlyweight {
    /** Bytes per ring entry. */
    public static final int ENTRY_SIZE = 16;
    static final int SEQUENCE = 0;
    static final int SLOT = 8;

    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private final MemorySegment segment;
    private final ChannelLayout layout;

    /**
     * @param segment the control region
     * @param layout  its validated geometry
     */
    public RingFlyweight(MemorySegment segment, ChannelLayout layout) {
        this.segment = segment;
        this.layout = layout;
    }

    /**
     * @param index an entry index, already masked
     * @return the sequence announced there (acquire)
     */
    public long sequence(int index) {
        return (long) LONG.getAcquire(segment, layout.ringEntry(index) + SEQUENCE);
    }

    /**
     * @param index an entry index, already masked
     * @return the slot announced there (acquire; unchecked, may be anything)
     */
    public int slot(int index) {
        return (int) INT.getAcquire(segment, layout.ringEntry(index) + SLOT);
    }

    /**
     * Announces {@code sequence} in {@code slot}: the slot first, then the sequence, both with release.
     *
     * @param index    the entry, already masked
     * @param slot     the slot holding the frame
     * @param sequence the frame's sequence
     */
    public void announce(int index, int slot, long sequence) {
        long entry = layout.ringEntry(index);
        INT.setRelease(segment, entry + SLOT, slot);
        LONG.setRelease(segment, entry + SEQUENCE, sequence);
    }
}
