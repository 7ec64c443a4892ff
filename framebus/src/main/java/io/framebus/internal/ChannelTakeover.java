package io.framebus.internal;

import io.framebus.ChannelBusyException;
import io.framebus.ChannelConfig;
import io.framebus.ChannelFormatException;
import io.framebus.ChannelNames;
import io.framebus.PageReport;
import io.framebus.internal.diagnostics.Diagnostics;
import io.framebus.layout.ChannelLayout;
import io.framebus.layout.ControlRegion;
import io.framebus.layout.HeaderCheck;
import io.framebus.layout.HeaderFlyweight;
import io.framebus.liveness.ProcessIdentity;
import io.framebus.memory.BackingSelector;
import io.framebus.memory.ChannelFile;
import io.framebus.memory.Libc;
import io.framebus.memory.Mapping;
import io.framebus.memory.NativeException;
import io.framebus.wait.FutexSignal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * What a writer does with an existing channel of its own user whose writer is dead (the caller holds
 * the writer lock): take it over in place when its geometry matches and its state checks out, so that
 * attached readers carry on; otherwise mark it closed (readers still attached end cleanly) and remove
 * both of its files so that a new channel can be created.
 */
final class ChannelTakeover {
    private ChannelTakeover() {
    }

    /**
     * @param config    what the new writer wants
     * @param file      the existing control file, locked by the caller
     * @param layout    the geometry the new writer wants
     * @param placement where
     * @return the channel taken over, or null when it was removed instead (create a new one)
     */
    static WriterOpener.Opened takeOverOrRemove(ChannelConfig config, ChannelFile file, ChannelLayout layout,
                                                BackingSelector.Placement placement) {
        ChannelFile.Stat stat = file.stat();
        HeaderCheck.Header header = readHeader(file, stat.size());
        boolean compatible = header != null && header.layout().slotCount() == layout.slotCount()
                && header.layout().slotSize() == layout.slotSize()
                && header.layout().ringCapacity() == layout.ringCapacity()
                && header.layout().maxReaders() == layout.maxReaders()
                && header.layout().pageSize() == layout.pageSize()
                && header.backing() == placement.backing();
        Path dataPath = ChannelNames.dataFile(file.path().getParent(), config.name());
        if (compatible) {
            ChannelFile data = openData(dataPath, stat, header);
            if (data != null) {
                return takeOver(file, data, header, placement);
            }
        }
        if (header != null && !compatible && !config.replaceIncompatible()) {
            throw new ChannelBusyException("channel '" + config.name() + "' exists at " + file.path()
                    + " with another geometry (" + header.layout() + ") and its writer is dead; remove it with "
                    + "'framebus rm " + config.name() + "' or allow replacement");
        }
        if (header != null) {
            markClosed(file, header);
        }
        removeOwnData(dataPath, stat.uid());
        file.unlinkIfLinked();
        return null;
    }

    private static HeaderCheck.Header readHeader(ChannelFile file, long size) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment bytes = file.read(0, HeaderFlyweight.HEADER_SIZE, arena);
            return HeaderCheck.check(bytes, size, file.path().toString());
        } catch (ChannelFormatException e) {
            return null; // garbage, an older layout version, or a creator that died before sealing: replace it
        }
    }

    /** The channel's own data file, opened read-write; null when it is missing or not the channel's. */
    private static ChannelFile openData(Path path, ChannelFile.Stat control, HeaderCheck.Header header) {
        ChannelFile data;
        try {
            data = ChannelFile.open(path, true);
        } catch (NativeException e) {
            if (e.errno() == Libc.ENOENT) {
                return null;
            }
            throw Errors.translate(e, path);
        }
        try {
            Trust.requireDataFile(control, data, header);
            return data;
        } catch (ChannelFormatException e) {
            data.close();
            return null;
        }
    }

    private static WriterOpener.Opened takeOver(ChannelFile file, ChannelFile data, HeaderCheck.Header header,
                                                BackingSelector.Placement placement) {
        MappedChannel channel;
        try {
            channel = MappedChannel.map(header, file, data, true);
        } catch (RuntimeException e) {
            data.close();
            throw e;
        }
        try {
            ControlRegion control = channel.control();
            TakeoverCheck.validateAndRepair(control, header.name());
            FutexSignal.clearSleeper(control.header().writerSleepers(), 0);
            long oldPid = control.header().writerPid();
            long oldGeneration = control.header().generation();
            long generation = Math.max(oldGeneration, 0) + 1;
            ProcessIdentity me = ProcessIdentity.current();
            control.header().writeWriterIdentity(me.pid(), me.startTime(), generation, me.pidNamespace());
            control.statistics().countWriterRestart();
            control.statistics().markStall(0, -1);
            PageReport pages = channel.pageReport();
            control.statistics().writePageReport(pages.effectivePageSize(), pages.hugeMappedBytes());
            control.header().setState(ChannelLayout.STATE_OPEN);
            new FutexSignal(control.header().readerFutexWord(), control.readerSleepers(), -1).signal();
            Diagnostics.writerTookOver(header.name(), file.path().toString(), oldPid, oldGeneration, generation,
                    control.header().published());
            return new WriterOpener.Opened(channel, placement, pages, generation, true);
        } catch (RuntimeException e) {
            channel.close(); // closes both files (closing the control file again is harmless)
            throw e;
        }
    }

    private static void markClosed(ChannelFile file, HeaderCheck.Header header) {
        try (Mapping mapping = file.map(0, header.layout().controlSize(), true)) {
            ControlRegion old = new ControlRegion(mapping.segment(), header.layout());
            old.header().setState(ChannelLayout.STATE_CLOSED); // readers still attached end cleanly
            new FutexSignal(old.header().readerFutexWord(), old.readerSleepers(), -1).signal();
        } catch (RuntimeException | InternalError e) {
            // best effort: the files are replaced either way
        }
    }

    /** Removes the data file at {@code path} if this user owns it (a stale one: its control file is gone). */
    static void removeOwnData(Path path, int owner) {
        try (ChannelFile data = ChannelFile.open(path, false)) {
            if (data.stat().uid() == owner) {
                data.unlinkIfLinked();
            }
        } catch (NativeException e) {
            // absent, or not ours to remove
        }
    }
}
