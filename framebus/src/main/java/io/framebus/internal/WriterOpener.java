package io.framebus.internal;

import io.framebus.Backing;
import io.framebus.ByteSize;
import io.framebus.PageReport;
import io.framebus.ChannelBusyException;
import io.framebus.ChannelConfig;
import io.framebus.ChannelFormatException;
import io.framebus.ChannelNames;
import io.framebus.InsufficientSpaceException;
import io.framebus.internal.diagnostics.Diagnostics;
import io.framebus.layout.ChannelLayout;
import io.framebus.layout.HeaderFlyweight;
import io.framebus.layout.ControlRegion;
import io.framebus.layout.HeaderCheck;
import io.framebus.liveness.ProcessIdentity;
import io.framebus.memory.BackingSelector;
import io.framebus.memory.ChannelFile;
import io.framebus.memory.FileSystemInfo;
import io.framebus.memory.HugePagePool;
import io.framebus.memory.Mapping;
import io.framebus.memory.Libc;
import io.framebus.memory.MountTable;
import io.framebus.memory.NativeException;
import io.framebus.wait.FutexSignal;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Opens a channel for writing: creates a new file, or takes over the file of a dead writer.
 *
 * <p>The writer's liveness lock is taken before anything is read or written, so at most one live
 * writer exists per file. A dead writer's file with the same geometry is taken over in place
 * (readers still attached carry on with the new writer); any other stale file is marked closed,
 * unlinked and replaced.
 */
public final class WriterOpener {
    private static final int ATTEMPTS = 8;

    /** The result: the mapped channel and how it was obtained. */
    public record Opened(MappedChannel channel, BackingSelector.Placement placement, PageReport pages,
                         long generation, boolean tookOver) {
    }

    private WriterOpener() {
    }

    public static Opened open(ChannelConfig config) {
        Libc.requireSupportedPlatform();
        BackingSelector selector = new BackingSelector(MountTable.read());
        BackingSelector.Placement placement = selector.select(config.backing(), config.directory(),
                page -> layoutFor(config, page).fileSize());
        ChannelLayout layout = layoutFor(config, placement.pageSize());
        Path path = ChannelNames.file(placement.directory(), config.name());
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            ChannelFile file = Errors.open(() -> ChannelFile.openOrCreate(path, config.fileMode()), path);
            try {
                if (!file.tryLock(ChannelLayout.WRITER_LOCK_BYTE)) {
                    throw new ChannelBusyException("channel '" + config.name() + "' already has a live writer ("
                            + Errors.describeWriter(file) + "); close it first, or pick another name");
                }
                if (!file.isLinkedAtPath()) {
                    file.close(); // another creator replaced the file between our open and our lock
                    continue;
                }
                ChannelFile.Stat stat = file.stat();
                if (!stat.isRegularFile()) {
                    throw new ChannelFormatException(path + " is not a regular file");
                }
                if (stat.size() == 0) {
                    return create(config, file, layout, placement);
                }
                Opened taken = takeOverIfCompatible(config, file, layout, placement, stat.size());
                if (taken != null) {
                    return taken;
                }
                file.close();
            } catch (RuntimeException e) {
                file.close();
                throw e;
            }
        }
        throw new ChannelBusyException("channel '" + config.name() + "' at " + path
                + " kept being replaced by another process; gave up after " + ATTEMPTS + " attempts");
    }

    static ChannelLayout layoutFor(ChannelConfig c, long pageSize) {
        return new ChannelLayout(c.slotCount(), c.slotSize(), c.ringCapacity(), c.maxReaders(), pageSize);
    }

    private static Opened create(ChannelConfig config, ChannelFile file, ChannelLayout layout,
                                 BackingSelector.Placement placement) {
        boolean done = false;
        try {
            applyPermissions(file.path(), config);
            reserve(config.name(), file, layout, placement);
            HeaderCheck.Header header = new HeaderCheck.Header(layout, config.holdLimit(), placement.backing(),
                    config.name(), ChannelLayout.STATE_OPEN, config.fileMode());
            MappedChannel channel = mapOrExplain(header, file, placement);
            ControlRegion control = channel.control();
            ProcessIdentity me = ProcessIdentity.current();
            control.header().writeGeometry(layout, config.holdLimit(), placement.backing().code(), config.fileMode(),
                    config.name(), System.currentTimeMillis(), me.pid());
            control.header().writeWriterIdentity(me.pid(), me.startTime(), 1);
            PageReport pages = channel.pageReport();
            control.statistics().writePageReport(pages.effectivePageSize(), pages.hugeMappedBytes());
            control.header().setState(ChannelLayout.STATE_OPEN);
            control.header().seal();
            done = true;
            return new Opened(channel, placement, pages, 1, false);
        } finally {
            if (!done) {
                file.unlinkIfLinked();
            }
        }
    }

    private static void applyPermissions(Path path, ChannelConfig config) {
        try {
            Set<PosixFilePermission> perms = PosixFilePermissions.fromString(modeString(config.fileMode()));
            Files.setPosixFilePermissions(path, perms);
            if (config.group() != null) {
                GroupPrincipal group = path.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByGroupName(config.group());
                Files.getFileAttributeView(path, java.nio.file.attribute.PosixFileAttributeView.class).setGroup(group);
            }
        } catch (java.nio.file.attribute.UserPrincipalNotFoundException e) {
            throw new IllegalArgumentException("group '" + config.group() + "' does not exist", e);
        } catch (IOException e) {
            throw new io.framebus.ChannelAccessDeniedException("cannot set mode/group of " + path + ": "
                    + e.getMessage(), e);
        }
    }

    static String modeString(int mode) {
        StringBuilder b = new StringBuilder();
        String rwx = "rwx";
        for (int bit = 8; bit >= 0; bit--) {
            b.append((mode & (1 << bit)) != 0 ? rwx.charAt(2 - bit % 3) : '-');
        }
        return b.toString();
    }

    private static void reserve(String name, ChannelFile file, ChannelLayout layout, BackingSelector.Placement p) {
        FileSystemInfo fs = file.fileSystem();
        long available = fs.availableBytes();
        if (available >= 0 && available < layout.fileSize()) {
            throw insufficient(name, p, layout.fileSize(), available, fs);
        }
        try {
            if (p.backing() == Backing.HUGETLBFS) {
                file.truncate(layout.fileSize());
            }
            file.reserve(layout.fileSize());
        } catch (NativeException e) {
            if (e.errno() == Libc.ENOSPC || e.errno() == Libc.ENOMEM) {
                throw insufficient(name, p, layout.fileSize(), fs.availableBytes(), fs);
            }
            if (e.errno() != Libc.EOPNOTSUPP) {
                throw e;
            }
            file.truncate(layout.fileSize()); // no fallocate here: pre-faulting below still commits every page
        }
    }

    private static MappedChannel mapOrExplain(HeaderCheck.Header header, ChannelFile file,
                                              BackingSelector.Placement p) {
        try {
            return MappedChannel.map(header, file, true);
        } catch (NativeException e) {
            if (e.errno() == Libc.ENOMEM || e.errno() == Libc.EFAULT || e.errno() == Libc.ENOSPC) {
                throw insufficient(header.name(), p, header.layout().fileSize(), file.fileSystem().availableBytes(),
                        file.fileSystem());
            }
            throw e;
        }
    }

    /** The error for a directory that cannot hold the channel, with how to make room. */
    static InsufficientSpaceException insufficient(String name, BackingSelector.Placement p, long needed,
                                                   long available, FileSystemInfo fs) {
        String have = available >= 0 ? ByteSize.format(available) + " are free (filesystem size "
                + ByteSize.format(fs.totalBytes()) + ")" : "the kernel could not provide them";
        String advice = switch (p.backing()) {
            case HUGETLBFS -> "Reserve more huge pages as root: echo "
                    + (HugePagePool.totalPages(ChannelLayout.HUGE_PAGE) + needed / ChannelLayout.HUGE_PAGE)
                    + " > /proc/sys/vm/nr_hugepages, or use --backing plain.";
            default -> "In Docker, start the container with --shm-size=" + roundUpMiB(needed + (64L << 20))
                    + "m (Docker's default /dev/shm is 64 MiB); on a host, as root: mount -o remount,size="
                    + roundUpMiB(fs.totalBytes() + needed) + "m " + p.directory() + ". Or use fewer or smaller slots.";
        };
        return new InsufficientSpaceException("channel '" + name + "' needs " + needed + " bytes ("
                + ByteSize.format(needed) + ") in " + p.directory() + " but " + have + ". " + advice);
    }

    private static long roundUpMiB(long bytes) {
        return (bytes + (1L << 20) - 1) >> 20;
    }

    private static Opened takeOverIfCompatible(ChannelConfig config, ChannelFile file, ChannelLayout layout,
                                               BackingSelector.Placement placement, long size) {
        HeaderCheck.Header header = null;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment bytes = file.read(0, HeaderFlyweight.HEADER_SIZE, arena);
            header = HeaderCheck.check(bytes, size, file.path().toString());
        } catch (ChannelFormatException e) {
            // a creator died before sealing, or garbage: replace it below
        }
        boolean compatible = header != null && header.layout().slotCount() == layout.slotCount()
                && header.layout().slotSize() == layout.slotSize()
                && header.layout().ringCapacity() == layout.ringCapacity()
                && header.layout().maxReaders() == layout.maxReaders()
                && header.layout().pageSize() == layout.pageSize()
                && header.backing() == placement.backing();
        if (compatible) {
            return takeOver(config, file, header, placement);
        }
        if (header != null && !config.replaceIncompatible()) {
            throw new ChannelBusyException("channel '" + config.name() + "' exists at " + file.path()
                    + " with another geometry (" + header.layout() + ") and its writer is dead; remove it with "
                    + "'framebus rm " + config.name() + "' or allow replacement");
        }
        if (header != null) {
            try (Mapping mapping = file.map(0, header.layout().controlSize(), true)) {
                ControlRegion old = new ControlRegion(mapping.segment(), header.layout());
                old.header().setState(ChannelLayout.STATE_CLOSED); // readers still attached end cleanly
                new FutexSignal(old.header().readerFutexWord(), old.readerSleepers(), -1).signal();
            } catch (RuntimeException e) {
                // best effort: the file is replaced either way
            }
        }
        file.unlinkIfLinked();
        return null;
    }

    private static Opened takeOver(ChannelConfig config, ChannelFile file, HeaderCheck.Header header,
                                   BackingSelector.Placement placement) {
        MappedChannel channel = MappedChannel.map(header, file, true);
        ControlRegion control = channel.control();
        long published = control.header().published();
        for (int slot = 0; slot < header.layout().slotCount(); slot++) {
            long sequence = control.slots().sequence(slot);
            if (sequence < 0 || sequence > published) {
                control.slots().setSequence(slot, ChannelLayout.SLOT_EMPTY); // claimed but never published
            }
        }
        FutexSignal.clearSleeper(control.header().writerSleepers(), 0);
        long oldPid = control.header().writerPid();
        long oldGeneration = control.header().generation();
        long generation = Math.max(oldGeneration, 0) + 1;
        ProcessIdentity me = ProcessIdentity.current();
        control.header().writeWriterIdentity(me.pid(), me.startTime(), generation);
        control.statistics().countWriterRestart();
        PageReport pages = channel.pageReport();
        control.statistics().writePageReport(pages.effectivePageSize(), pages.hugeMappedBytes());
        control.header().setState(ChannelLayout.STATE_OPEN);
        new FutexSignal(control.header().readerFutexWord(), control.readerSleepers(), -1).signal();
        Diagnostics.writerTookOver(header.name(), file.path().toString(), oldPid, oldGeneration, generation, published);
        return new Opened(channel, placement, pages, generation, true);
    }
}
