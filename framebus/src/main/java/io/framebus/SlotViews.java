package io.framebus;

import io.framebus.internal.MappedChannel;
import io.framebus.layout.SlotMetadata;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * A reader's zero-copy views of its channel's slots, shared by the reader's {@link Frame} handles. Each
 * slot's view is made on first use and kept: a {@link MemorySegment} slice is made again only when the
 * frame length changes, and the one {@link ByteBuffer} per slot is re-limited, so taking frames of a
 * steady size does not allocate. Every view is read-only, as the reader maps the data region read-only.
 *
 * <p>Unsynchronized, like the reader that owns it.
 */
final class SlotViews {
    private final MappedChannel channel;
    private final MemorySegment[] segments;
    private final ByteBuffer[] buffers;

    SlotViews(MappedChannel channel) {
        this.channel = channel;
        this.segments = new MemorySegment[channel.layout().slotCount()];
        this.buffers = new ByteBuffer[channel.layout().slotCount()];
    }

    /** The first {@code length} bytes of slot {@code slot}. */
    MemorySegment segment(int slot, long length) {
        MemorySegment view = segments[slot];
        if (view == null || view.byteSize() != length) {
            view = channel.data().asSlice(channel.layout().slotData(slot), length);
            segments[slot] = view;
        }
        return view;
    }

    /** Copies slot {@code slot}'s descriptor into a frame's private copy (validated by the frame). */
    void readMetadata(int slot, SlotMetadata into) {
        channel.control().slots().readMetadata(slot, into);
    }

    /** Slot {@code slot} as a buffer at position 0 with limit {@code length}. */
    ByteBuffer buffer(int slot, int length) {
        ByteBuffer buffer = buffers[slot];
        if (buffer == null) {
            buffer = channel.slot(slot).asByteBuffer();
            buffers[slot] = buffer;
        }
        buffer.clear().limit(length);
        return buffer;
    }
}
