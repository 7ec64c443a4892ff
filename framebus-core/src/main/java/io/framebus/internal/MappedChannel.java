package io.framebus.internal;

import io.framebus.Backing;
import io.framebus.layout.ChannelLayout;
import io.framebus.layout.ControlRegion;
import io.framebus.memory.ChannelFile;
import io.framebus.memory.Mapping;
import io.framebus.memory.PageReport;

import java.lang.foreign.MemorySegment;

/**
 * An open, mapped channel file: the control region read-write, the data region read-write for the
 * writer and read-only for readers, both pre-faulted.
 */
public final class MappedChannel implements AutoCloseable {
    private final String name;
    private final ChannelFile file;
    private final ChannelLayout layout;
    private final Backing backing;
    private final Mapping control;
    private final Mapping data;
    private final ControlRegion region;

    private MappedChannel(String name, ChannelFile file, ChannelLayout layout, Backing backing, Mapping control,
                          Mapping data) {
        this.name = name;
        this.file = file;
        this.layout = layout;
        this.backing = backing;
        this.control = control;
        this.data = data;
        this.region = new ControlRegion(control.segment(), layout);
    }

    /**
     * Maps both regions of {@code file}. On failure everything mapped so far is unmapped; the file
     * stays open (the caller owns it).
     */
    public static MappedChannel map(String name, ChannelFile file, ChannelLayout layout, Backing backing,
                                    boolean writableData) {
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
            return new MappedChannel(name, file, layout, backing, control, data);
        } catch (RuntimeException e) {
            if (data != null) {
                data.close();
            }
            control.close();
            throw e;
        }
    }

    public String name() {
        return name;
    }

    public ChannelFile file() {
        return file;
    }

    public ChannelLayout layout() {
        return layout;
    }

    public Backing backing() {
        return backing;
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
        return PageReport.of(data.address());
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
