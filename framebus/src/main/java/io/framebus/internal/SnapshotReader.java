package io.framebus.internal;

import io.framebus.ChannelLink;
import io.framebus.ChannelNames;
import io.framebus.ChannelSnapshot;
import io.framebus.ReaderMode;
import io.framebus.layout.ChannelLayout;
import io.framebus.layout.ControlRegion;
import io.framebus.layout.HeaderCheck;
import io.framebus.layout.HeaderFlyweight;
import io.framebus.layout.HeaderStatisticsFlyweight;
import io.framebus.layout.LinkFlyweight;
import io.framebus.layout.ReaderRowFlyweight;
import io.framebus.liveness.ProcessIdentity;
import io.framebus.memory.ChannelFile;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a {@link ChannelSnapshot} from a channel's control file: a private copy taken with one
 * {@code pread}, so the channel is never mapped, no reader row is created and nothing is written.
 * Liveness comes from the lock table; a pid recorded in another PID namespace is reported as such.
 */
final class SnapshotReader {
    private SnapshotReader() {
    }

    static ChannelSnapshot read(ChannelFile file, ChannelFile.Stat stat, HeaderCheck.Header header) {
        ChannelLayout layout = header.layout();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment copy = arena.allocate(layout.controlSize(), 64);
            MemorySegment read = file.read(0, layout.controlSize(), arena);
            MemorySegment.copy(read, 0, copy, 0, read.byteSize());
            return snapshot(file, stat, header, new ControlRegion(copy, layout));
        }
    }

    private static ChannelSnapshot snapshot(ChannelFile file, ChannelFile.Stat stat, HeaderCheck.Header header,
                                            ControlRegion c) {
        ChannelLayout layout = header.layout();
        long published = c.header().published();
        long now = System.nanoTime();
        List<List<Integer>> holders = new ArrayList<>();
        for (int slot = 0; slot < layout.slotCount(); slot++) {
            holders.add(new ArrayList<>());
        }
        List<ChannelSnapshot.Reader> readers = new ArrayList<>();
        for (int row = 0; row < layout.maxReaders(); row++) {
            ChannelSnapshot.Reader reader = reader(file, c, row, published, now, holders);
            if (reader != null) {
                readers.add(reader);
            }
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
        ProcessIdentity writerProcess = new ProcessIdentity(h.writerPid(), h.writerStartTime(), h.writerPidNamespace());
        ChannelSnapshot.Writer writer = new ChannelSnapshot.Writer(h.writerPid(), writerAlive,
                writerProcess.inThisPidNamespace() ? writerProcess.isAlive() : null,
                writerProcess.inThisPidNamespace(), h.generation(), stats.writerRestarts());
        long stallSince = stats.stallSinceNanos();
        double stallMs = stallSince != 0 && writerAlive ? Math.max(0, now - stallSince) / 1e6 : 0;
        return new ChannelSnapshot(header.name(), file.path().toString(),
                ChannelNames.dataFile(file.path().getParent(), header.name()).toString(), stat.uid(),
                header.backing().name().toLowerCase(Locale.ROOT), layout.slotCount(), layout.slotSize(),
                layout.ringCapacity(), layout.maxReaders(), layout.pageSize(), stats.obtainedPageSize(),
                stats.hugeMappedBytes(), layout.totalSize(), String.format("%04o", stat.permissions()), state,
                writer, published, stats.reclaimedReaders(), stats.reclaimedHolds(), stats.lastReclaimNanos(),
                Math.max(stats.maxWriterStallNanos() / 1e6, stallMs), stallMs,
                stallMs > 0 ? stats.stalledOnRow() : -1, stats.demotions(), link(c, now, writerAlive), h.note(),
                readers, slots);
    }

    private static ChannelSnapshot.Reader reader(ChannelFile file, ControlRegion c, int row, long published, long now,
                                                 List<List<Integer>> holders) {
        ReaderRowFlyweight r = c.readers();
        List<Long> holds = new ArrayList<>();
        for (int slot = 0; slot < c.layout().slotCount(); slot++) {
            long held = r.hold(row, slot);
            if (held != 0) {
                holds.add(held);
                holders.get(slot).add(row);
            }
        }
        if (r.state(row) == ChannelLayout.ROW_FREE && holds.isEmpty()) {
            return null;
        }
        ReaderMode mode = ReaderMode.ofCode(r.mode(row));
        long cursor = r.cursor(row);
        ProcessIdentity process = new ProcessIdentity(r.pid(row), r.startTime(row), r.pidNamespace(row));
        long contact = r.lastContact(row);
        return new ChannelSnapshot.Reader(row, r.label(row), r.pid(row),
                file.isLockedByOther(ChannelLayout.readerLockByte(row)),
                process.inThisPidNamespace() ? process.isAlive() : null, process.inThisPidNamespace(),
                mode == null ? "unknown(" + r.mode(row) + ")" : mode.name().toLowerCase(Locale.ROOT),
                r.demotedAt(row) != 0, r.stallBudgetNanos(row) / 1e6, cursor, Math.max(0, published - cursor + 1),
                r.holdLimit(row), holds, r.received(row), r.skipped(row), r.lost(row),
                contact == 0 ? -1 : Math.max(0, now - contact) / 1e6);
    }

    private static ChannelSnapshot.Link link(ControlRegion c, long now, boolean writerAlive) {
        LinkFlyweight link = c.link();
        int kind = link.kind();
        if (kind == LinkFlyweight.NONE) {
            return null;
        }
        long heard = link.lastHeardNanos();
        double heardMs = heard == 0 ? -1 : Math.max(0, now - heard) / 1e6;
        return new ChannelSnapshot.Link(kind == LinkFlyweight.BRIDGE ? "bridge" : "unknown(" + kind + ")",
                link.source(), heardMs, link.received(), link.sourceSkipped(), link.incomplete(),
                !writerAlive || heardMs < 0 || heardMs >= ChannelLink.GONE_AFTER_MILLIS);
    }
}
