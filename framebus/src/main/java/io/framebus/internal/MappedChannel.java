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
 * An open, mapped channel: its control file read-write, its data file read-write for the writer and
 * read-only for readers, both pre-faulted.
 */
public final class MappedChannel implements AutoCloseable {
    private final HeaderCheck.Header header;
    private final ChannelFile file;
    private final ChannelFile dataFile;
    private final ChannelLayout layout;
    private final Mapping control;
    private final Mapping data;
    private final ControlRegion region;

    private MappedChannel(HeaderCheck.Header header, ChannelFile file, ChannelFile dataFile, Mapping control,
                          Mapping data) {
        this.header = header;
        this.file = file;
        this.dataFile = dataFile;
        this.layout = header.layout();
        this.control = control;
        this.data = data;
        this.region = new ControlRegion(control.segment(), layout);
    }

    /**
     * Maps both files. On failure everything mapped so far is unmapped; the files stay open (the caller
     * owns them until this returns; then the channel does).
     *
     * @param header       the validated header (or, for a new channel, the one about to be written)
     * @param file         the open control file
     * @param dataFile     the open data file, read-write for the writer, read-only for readers
     * @param writableData true for the writer; readers map the data file read-only
     * @return the mapped channel
     */
    public static MappedChannel map(HeaderCheck.Header header, ChannelFile file, ChannelFile dataFile,
                                    boolean writableData) {
        ChannelLayout layout = header.layout();
        Backing backing = header.backing();
        Mapping control = file.map(0, layout.controlSize(), true);
        Mapping data = null;
        try {
            data = dataFile.map(0, layout.dataSize(), writableData);
            if (backing == Backing.THP) {
                control.adviseHugePages();
                data.adviseHugePages();
            }
            data.adviseDontDump();
            control.populate(layout.pageSize());
            data.populate(layout.pageSize());
            return new MappedChannel(header, file, dataFile, control, data);
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

    /** @return the control file: the liveness locks are byte locks on it */
    public ChannelFile file() {
        return file;
    }

    /** @return the data file */
    public ChannelFile dataFile() {
        return dataFile;
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

    /**
     * Removes both files from their directory, if they are still the ones this channel opened: the control file
     * first, the reverse of creation, so that a visible control file always has its data file beside it.
     *
     * @return true when the control file was removed
     */
    public boolean unlinkFiles() {
        boolean removed = file.unlinkIfLinked();
        dataFile.unlinkIfLinked();
        return removed;
    }

    /** Unmaps both files and closes them (dropping any liveness locks held through them). */
    @Override
    public void close() {
        try {
            data.close();
            control.close();
        } finally {
            try {
                dataFile.close();
            } finally {
                file.close();
            }
        }
    }
}
