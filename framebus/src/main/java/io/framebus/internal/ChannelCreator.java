package io.framebus.internal;

import io.framebus.ChannelConfig;
import io.framebus.ChannelNames;
import io.framebus.PageReport;
import io.framebus.layout.ChannelLayout;
import io.framebus.layout.ControlRegion;
import io.framebus.layout.HeaderCheck;
import io.framebus.layout.HeaderFlyweight;
import io.framebus.liveness.ProcessIdentity;
import io.framebus.memory.Accounts;
import io.framebus.memory.BackingSelector;
import io.framebus.memory.ChannelFile;
import io.framebus.memory.Libc;
import io.framebus.memory.NativeException;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Creates a new channel without ever touching a file it did not create: both files are created
 * exclusively under hidden temporary names, sized, reserved, mapped, pre-faulted and given a sealed
 * header; then the data file and last the control file are renamed into place with a rename that
 * never replaces an existing file. Readers therefore never see a half-made channel, a name someone
 * else holds is refused rather than adopted, and a creator killed midway leaves only hidden
 * temporary files, which {@code framebus gc} removes (a creator that exits midway, by {@code System.exit}
 * or SIGTERM, removes them in a shutdown hook: {@link UnfinishedCreations}).
 */
final class ChannelCreator {
    private static final AtomicLong SEQUENCE = new AtomicLong();

    /** The final name of one of the files was taken before the rename. */
    static final class NameTaken extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Path path;

        NameTaken(Path path) {
            super(path + " exists", null, false, false);
            this.path = path;
        }

        Path path() {
            return path;
        }
    }

    private ChannelCreator() {
    }

    /**
     * @param config    what to create
     * @param layout    its geometry for the placement's page size
     * @param placement where
     * @return the new channel, its files in place, its writer lock held
     * @throws NameTaken when a file of the channel's name appeared meanwhile (nothing is left behind)
     */
    static WriterOpener.Opened create(ChannelConfig config, ChannelLayout layout, BackingSelector.Placement placement) {
        Path dir = placement.directory();
        String temp = ChannelNames.TEMP_PREFIX + config.name() + ".tmp-" + ProcessHandle.current().pid() + "-"
                + SEQUENCE.incrementAndGet();
        Path controlTemp = dir.resolve(temp);
        Path dataTemp = dir.resolve(temp + ChannelNames.DATA_SUFFIX);
        ChannelFile control = UnfinishedCreations.createNew(controlTemp, config.fileMode());
        ChannelFile data = null;
        MappedChannel channel = null;
        try {
            data = UnfinishedCreations.createNew(dataTemp, config.fileMode() & ~0022);
            if (!control.tryLock(ChannelLayout.WRITER_LOCK_BYTE)) {
                throw new IllegalStateException("cannot lock " + control.path() + ", which this process just created");
            }
            if (config.group() != null) {
                int gid = Accounts.groupId(config.group()).orElseThrow(() ->
                        new IllegalArgumentException("group '" + config.group() + "' does not exist"));
                control.changeGroup(gid);
                data.changeGroup(gid);
            }
            SpaceReservation.reserve(config.name(), data, layout.dataSize(), layout.totalSize(), placement);
            SpaceReservation.reserve(config.name(), control, layout.controlSize(), layout.totalSize(), placement);
            ChannelFile.Stat dataStat = data.stat();
            HeaderCheck.Header header = new HeaderCheck.Header(layout, config.holdLimit(), placement.backing(),
                    config.name(), ChannelLayout.STATE_OPEN, config.fileMode(), dataStat.inode(), dataStat.device());
            channel = map(header, control, data, placement);
            PageReport pages = initialise(channel, config, header);
            place(data, ChannelNames.dataFile(dir, config.name()));
            place(control, ChannelNames.file(dir, config.name()));
            return new WriterOpener.Opened(channel, placement, pages, 1, false);
        } catch (RuntimeException | Error e) {
            cleanUp(control, data, channel);
            throw e;
        } finally {
            UnfinishedCreations.finished(controlTemp, dataTemp);
        }
    }

    /** Renames {@code file} to {@code target}, never over an existing file. */
    private static void place(ChannelFile file, Path target) {
        try {
            file.moveTo(target);
        } catch (NativeException e) {
            if (e.errno() == Libc.EEXIST) {
                throw new NameTaken(target);
            }
            throw e;
        }
    }

    private static MappedChannel map(HeaderCheck.Header header, ChannelFile control, ChannelFile data,
                                     BackingSelector.Placement placement) {
        try {
            return MappedChannel.map(header, control, data, true);
        } catch (NativeException e) {
            if (SpaceReservation.isOutOfMemory(e)) {
                throw SpaceReservation.insufficient(header.name(), placement, header.layout().totalSize(),
                        data.fileSystem().availableBytes(), data.fileSystem());
            }
            throw e;
        }
    }

    /** Writes the header of a new channel and seals it; returns the pages the data file got. */
    private static PageReport initialise(MappedChannel channel, ChannelConfig config, HeaderCheck.Header header) {
        ControlRegion control = channel.control();
        ProcessIdentity me = ProcessIdentity.current();
        control.header().writeGeometry(header.layout(), new HeaderFlyweight.Creation(config.holdLimit(),
                header.backing().code(), config.fileMode(), config.name(), header.dataInode(), header.dataDevice(),
                System.currentTimeMillis(), me.pid()));
        control.header().writeWriterIdentity(me.pid(), me.startTime(), 1, me.pidNamespace());
        PageReport pages = channel.pageReport();
        control.statistics().writePageReport(pages.effectivePageSize(), pages.hugeMappedBytes());
        control.statistics().markStall(0, -1);
        control.header().setState(ChannelLayout.STATE_OPEN);
        control.header().seal();
        return pages;
    }

    /** Removes whatever this creation put on disk (temporary or already renamed), and closes it. */
    private static void cleanUp(ChannelFile control, ChannelFile data, MappedChannel channel) {
        if (channel != null) {
            channel.unlinkFiles();
            channel.close();
            return;
        }
        control.unlinkIfLinked();
        control.close();
        if (data != null) {
            data.unlinkIfLinked();
            data.close();
        }
    }
}
