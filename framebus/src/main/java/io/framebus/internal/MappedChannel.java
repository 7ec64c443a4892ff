package io.framebus.internal;

import io.framebus.Backing;
import io.framebus.PageReport;
import io.framebus.layout.ChannelLayout;
import io.framebus.layout.ControlRegion;
import io.framebus.layout.HeaderCheck;
import io.framebus.memory.ChannelFile;
import io.framebus.memory.Mapping;
import io.framebus.memory.Smaps;

import java.lang.foreign.MemorySegment;

/**
 * An open, mapped channel file: the control region read-write, the data region read-write for the
 * writer and read-only for readers, both pre-faulted.
 */
public final class MappedChannel implements AutoCloseable {
    private final HeaderCheck.Header header;
    private final ChannelFile file;
    private final ChannelLayout layout;
    private final Mapping control;
    private final Mapping data;
    private final ControlRegion region;

    private MappedChannel(HeaderCheck.Header header, ChannelFile file, Mapping control, Mapping data) {
        this.header = header;
        this.file = file;
        this.layout = header.layout();
        this.control = control;
        this.data = data;
        this.region = new ControlRegion(control.segment(), layout);
    }

    /**
     * Maps both regions of {@code file}. On failure everything mapped so far is unmapped; the file
     * stays open (the caller owns it).
     *
     * @param header       the validated header (or, for a new channel, the one about to be written)
     * @param file         the open channel file
     * @param writableData true for the writer; readers map the data region read-only
     * @return the mapped channel
     */
    public static MappedChannel map(HeaderCheck.Header header, ChannelFile file, boolean writableData) {
        ChannelLayout layout = header.layout();
        Backing backing = header.backing();
        Mapping control = file.map(0, layout.controlSize(), true);
        Mapping data = null;
        try {
            data = file.map(layout.dataOffset(), layout.fileSize() - layout.dataOffset(), writableData);
            if (backing == Backing.THP) {
                control.adviseHugePages();
                data.adviseHugePages();
            }
            data.adviseDontDump();
            control.populate(layout.pageSize());
            data.populate(layout.pageSize());
            return new MappedChannel(header, file, control, data);
        } catch (RuntimeException e) {
            if (data != null) {
                data.close();
            }
            control.close();
            throw e;
        }
    }

    /** @return the channel name */
    public String name() {
        return header.name();
    }

    /** @return the header as validated when the channel was opened */
    public HeaderCheck.Header header() {
        return header;
    }

    public ChannelFile file() {
        return file;
    }

    public ChannelLayout layout() {
        return layout;
    }

    /** @return where the memory comes from */
    public Backing backing() {
        return header.backing();
    }

    public ControlRegion control() {
        return region;
    }

    /** The whole data region (all slots). */
    public MemorySegment data() {
        return data.segment();
    }

    /** Slot {@code slot}'s full {@code slotSize} bytes. */
    public MemorySegment slot(int slot) {
        return data.segment().asSlice(layout.slotData(slot), layout.slotSize());
    }

    /** What the kernel really gave the data region. */
    public PageReport pageReport() {
        return Smaps.report(data.address());
    }

    /** Unmaps both regions and closes the file (dropping any liveness locks held through it). */
    @Override
    public void close() {
        try {
            data.close();
            control.close();
        } finally {
            file.close();
        }
    }
}
