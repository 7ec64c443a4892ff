package io.framebus.internal;

import io.framebus.ChannelBusyException;
import io.framebus.ChannelFormatException;
import io.framebus.ChannelNames;
import io.framebus.ChannelNotFoundException;
import io.framebus.ChannelSnapshot;
import io.framebus.FramebusException;
import io.framebus.ReaderMode;
import io.framebus.layout.ChannelLayout;
import io.framebus.layout.ControlRegion;
import io.framebus.layout.HeaderCheck;
import io.framebus.layout.HeaderFlyweight;
import io.framebus.layout.HeaderStatisticsFlyweight;
import io.framebus.liveness.ProcessIdentity;
import io.framebus.memory.ChannelFile;
import io.framebus.memory.NativeException;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code inspect}, {@code ls}, {@code rm} and {@code gc}: reading and removing channel files. */
public final class ChannelAdmin {
    private ChannelAdmin() {
    }

    public static ChannelSnapshot inspect(String name, Path directory) {
        ReaderOpener.Found found = ReaderOpener.find(name, directory, 0, false);
        try (ChannelFile file = found.file(); Arena arena = Arena.ofConfined()) {
            return snapshot(file, found.header(), arena);
        }
    }

    private static ChannelSnapshot snapshot(ChannelFile file, HeaderCheck.Header header, Arena arena) {
        ChannelLayout layout = header.layout();
        MemorySegment copy = arena.allocate(layout.controlSize(), 64);
        MemorySegment read = file.read(0, layout.controlSize(), arena);
        MemorySegment.copy(read, 0, copy, 0, read.byteSize());
        ControlRegion c = new ControlRegion(copy, layout);
        long published = c.header().published();
        List<ChannelSnapshot.Reader> readers = new ArrayList<>();
        List<List<Integer>> holders = new ArrayList<>();
        for (int slot = 0; slot < layout.slotCount(); slot++) {
            holders.add(new ArrayList<>());
        }
        for (int row = 0; row < layout.maxReaders(); row++) {
            List<Long> holds = new ArrayList<>();
            for (int slot = 0; slot < layout.slotCount(); slot++) {
                long held = c.readers().hold(row, slot);
                if (held != 0) {
                    holds.add(held);
                    holders.get(slot).add(row);
                }
            }
            if (c.readers().state(row) == ChannelLayout.ROW_FREE && holds.isEmpty()) {
                continue;
            }
            ReaderMode mode = ReaderMode.ofCode(c.readers().mode(row));
            long cursor = c.readers().cursor(row);
            readers.add(new ChannelSnapshot.Reader(row, c.readers().pid(row),
                    file.isLockedByOther(ChannelLayout.readerLockByte(row)),
                    new ProcessIdentity(c.readers().pid(row), c.readers().startTime(row)).isAlive(),
                    mode == null ? "unknown(" + c.readers().mode(row) + ")" : mode.name().toLowerCase(),
                    cursor, Math.max(0, published - cursor + 1), c.readers().holdLimit(row), holds,
                    c.readers().received(row), c.readers().skipped(row), c.readers().lost(row)));
        }
        List<ChannelSnapshot.Slot> slots = new ArrayList<>();
        for (int slot = 0; slot < layout.slotCount(); slot++) {
            long sequence = c.slots().sequence(slot);
            String state = sequence == ChannelLayout.SLOT_EMPTY ? "empty"
                    : sequence == ChannelLayout.SLOT_CLAIMED ? "writing"
                    : sequence > published ? "unpublished" : sequence < 0 ? "corrupt" : "frame";
            slots.add(new ChannelSnapshot.Slot(slot, state, Math.max(sequence, 0), holders.get(slot)));
        }
        boolean writerAlive = file.isLockedByOther(ChannelLayout.WRITER_LOCK_BYTE);
        String state = switch (header.state()) {
            case ChannelLayout.STATE_OPEN -> writerAlive ? "open" : "writer-dead";
            case ChannelLayout.STATE_CLOSED -> "closed";
            default -> "initializing";
        };
        HeaderFlyweight h = c.header();
        HeaderStatisticsFlyweight stats = c.statistics();
        ChannelSnapshot.Writer writer = new ChannelSnapshot.Writer(h.writerPid(), writerAlive,
                new ProcessIdentity(h.writerPid(), h.writerStartTime()).isAlive(), h.generation(),
                stats.writerRestarts());
        return new ChannelSnapshot(header.name(), file.path().toString(), header.backing().name().toLowerCase(),
                layout.slotCount(), layout.slotSize(), layout.ringCapacity(), layout.maxReaders(), layout.pageSize(),
                stats.obtainedPageSize(), stats.hugeMappedBytes(), layout.fileSize(),
                String.format("%04o", header.fileMode()), state, writer, published, stats.reclaimedReaders(),
                stats.reclaimedHolds(), stats.lastReclaimNanos(), stats.maxWriterStallNanos() / 1e6, h.note(),
                readers, slots);
    }

    public static List<ChannelSnapshot.Summary> list(Path directory) {
        List<ChannelSnapshot.Summary> out = new ArrayList<>();
        for (Path file : channelFiles(directory)) {
            out.add(summarize(file));
        }
        return out;
    }

    private static ChannelSnapshot.Summary summarize(Path path) {
        String name = ChannelNames.nameOf(path);
        try (ChannelFile file = ChannelFile.open(path, false); Arena arena = Arena.ofConfined()) {
            long size = file.size();
            boolean alive = file.isLockedByOther(ChannelLayout.WRITER_LOCK_BYTE);
            try {
                HeaderCheck.Header h = HeaderCheck.check(file.read(0, HeaderFlyweight.HEADER_SIZE, arena), size,
                        path.toString());
                ChannelSnapshot s = snapshot(file, h, arena);
                return new ChannelSnapshot.Summary(name, path.toString(), size, s.backing(), alive, s.writer().pid(),
                        (int) s.readers().stream().filter(ChannelSnapshot.Reader::alive).count(), s.published(), null);
            } catch (ChannelFormatException e) {
                return new ChannelSnapshot.Summary(name, path.toString(), size, "?", alive, 0, 0, 0, e.getMessage());
            }
        } catch (NativeException e) {
            return new ChannelSnapshot.Summary(name, path.toString(), 0, "?", false, 0, 0, 0, e.getMessage());
        }
    }

    private static List<Path> channelFiles(Path directory) {
        List<Path> files = new ArrayList<>();
        for (Path dir : ReaderOpener.searchPath(directory)) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, ChannelNames.FILE_PREFIX + "*")) {
                for (Path f : stream) {
                    if (ChannelNames.nameOf(f) != null
                            && Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        files.add(f);
                    }
                }
            } catch (IOException e) {
                // unreadable directory: nothing to list there
            }
        }
        return files;
    }

    public static boolean remove(String name, Path directory, boolean force) {
        ChannelNames.validate(name);
        boolean removed = false;
        boolean found = false;
        for (Path path : channelFiles(directory)) {
            if (!name.equals(ChannelNames.nameOf(path))) {
                continue;
            }
            found = true;
            try (ChannelFile file = ChannelFile.open(path, false)) {
                if (!force && file.isLockedByOther(ChannelLayout.WRITER_LOCK_BYTE)) {
                    throw new ChannelBusyException("channel '" + name + "' has a live writer ("
                            + Errors.describeWriter(file) + "); stop it first, or use --force");
                }
                removed |= file.unlinkIfLinked();
            }
        }
        if (!found) {
            throw new ChannelNotFoundException("no channel '" + name + "' in " + ReaderOpener.searchPath(directory));
        }
        return removed;
    }

    public static List<String> gc(Path directory) {
        List<String> removed = new ArrayList<>();
        for (Path path : channelFiles(directory)) {
            try (ChannelFile file = ChannelFile.open(path, false)) {
                if (!file.isLockedByOther(ChannelLayout.WRITER_LOCK_BYTE) && file.unlinkIfLinked()) {
                    removed.add(ChannelNames.nameOf(path));
                }
            } catch (FramebusException e) {
                // vanished or unreadable: not ours to remove
            }
        }
        return removed;
    }
}
