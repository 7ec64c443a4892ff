package io.framebus.layout;

import java.lang.foreign.MemorySegment;

/**
 * The control region of a mapped channel, seen through one flyweight per region: header (with its
 * statistics lines), ring, slot table and reader table. It holds nothing but the segment, the geometry
 * and the five flyweights, all stateless, so any thread may use it.
 *
 * <p>Values read through it come from shared memory that another process, or a bug, may have written.
 * Callers check every index or length they read against the geometry, which comes from the validated
 * header and is kept in {@link ChannelLayout}.
 */
public final class ControlRegion {
    private final MemorySegment segment;
    private final ChannelLayout layout;
    private final HeaderFlyweight header;
    private final HeaderStatisticsFlyweight statistics;
    private final RingFlyweight ring;
    private final SlotDescriptorFlyweight slots;
    private final ReaderRowFlyweight readers;
    private final LinkFlyweight link;

    /**
     * @param segment the mapped control region (or a copy of it), at least {@code layout.controlSize()} bytes
     * @param layout  the validated geometry
     */
    public ControlRegion(MemorySegment segment, ChannelLayout layout) {
        if (segment.byteSize() < layout.controlSize()) {
            throw new IllegalArgumentException("control segment of " + segment.byteSize()
                    + " bytes is smaller than the layout's " + layout.controlSize());
        }
        this.segment = segment;
        this.layout = layout;
        this.header = new HeaderFlyweight(segment);
        this.statistics = new HeaderStatisticsFlyweight(segment);
        this.ring = new RingFlyweight(segment, layout);
        this.slots = new SlotDescriptorFlyweight(segment, layout);
        this.readers = new ReaderRowFlyweight(segment, layout);
        this.link = new LinkFlyweight(segment);
    }

    /** @return the whole control region */
    public MemorySegment segment() {
        return segment;
    }

    /** @return the geometry */
    public ChannelLayout layout() {
        return layout;
    }

    /** @return the header */
    public HeaderFlyweight header() {
        return header;
    }

    /** @return the statistics lines of the header */
    public HeaderStatisticsFlyweight statistics() {
        return statistics;
    }

    /** @return the link lines of the header: where a bridged channel's frames come from */
    public LinkFlyweight link() {
        return link;
    }

    /** @return the broadcast ring */
    public RingFlyweight ring() {
        return ring;
    }

    /** @return the slot table */
    public SlotDescriptorFlyweight slots() {
        return slots;
    }

    /** @return the reader table */
    public ReaderRowFlyweight readers() {
        return readers;
    }

    /** @return the reader-sleeping bitmap, one bit per reader row */
    public MemorySegment readerSleepers() {
        return header.readerSleepers(layout.maxReaders());
    }
}
