package io.framebus.internal.diagnostics;

import io.framebus.ReaderMode;
import io.framebus.layout.ChannelLayout;
import io.framebus.layout.ControlRegion;
import io.framebus.layout.HeaderFlyweight;
import io.framebus.layout.HeaderStatisticsFlyweight;
import io.framebus.layout.ReaderRowFlyweight;

import jdk.jfr.FlightRecorder;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Creates and commits the events. Loaded, with the event classes, only once JFR is initialized
 * ({@link OpenChannels#jfr()}); the periodic events run on JFR's periodic thread, only while a recording
 * enables them.
 */
final class JfrEvents {
    private JfrEvents() {
    }

    static void registerPeriodic() {
        FlightRecorder.addPeriodicEvent(ChannelStatisticsEvent.class, JfrEvents::channelStatistics);
        FlightRecorder.addPeriodicEvent(ReaderStatisticsEvent.class, JfrEvents::readerStatistics);
        FlightRecorder.addPeriodicEvent(LatestSkippedEvent.class, JfrEvents::latestSkipped);
    }

    static void readerReclaimed(String channel, int row, long pid, int holds, long deadForAtMost) {
        ReaderReclaimedEvent e = new ReaderReclaimedEvent();
        if (e.shouldCommit()) {
            e.channel = channel;
            e.row = row;
            e.pid = pid;
            e.holdsReturned = holds;
            e.deadForAtMost = deadForAtMost;
            e.commit();
        }
    }

    static void writerTakeover(String channel, String path, long oldPid, long oldGeneration, long newGeneration,
                               long published) {
        WriterTakeoverEvent e = new WriterTakeoverEvent();
        if (e.shouldCommit()) {
            e.channel = channel;
            e.path = path;
            e.oldPid = oldPid;
            e.oldGeneration = oldGeneration;
            e.newGeneration = newGeneration;
            e.published = published;
            e.commit();
        }
    }

    static void writerStall(String channel, long nanos, long threshold, long published) {
        WriterStallEvent e = new WriterStallEvent();
        if (e.shouldCommit()) {
            e.channel = channel;
            e.stall = nanos;
            e.threshold = threshold;
            e.published = published;
            e.commit();
        }
    }

    static void backingDowngrade(String channel, String path, String requested, String obtained, long expectedPage,
                                 long obtainedPage, long hugeMapped, String reason) {
        BackingDowngradeEvent e = new BackingDowngradeEvent();
        if (e.shouldCommit()) {
            e.channel = channel;
            e.path = path;
            e.requested = requested;
            e.obtained = obtained;
            e.expectedPageSize = expectedPage;
            e.obtainedPageSize = obtainedPage;
            e.hugeMappedBytes = hugeMapped;
            e.reason = reason;
            e.commit();
        }
    }

    /** One event per channel open here: the writer's view when this JVM writes it, else a reader's. */
    private static void channelStatistics() {
        Set<String> done = new HashSet<>();
        for (OpenChannel c : writersFirst()) {
            if (!done.add(c.path)) {
                continue;
            }
            try {
                HeaderFlyweight h = c.control.header();
                HeaderStatisticsFlyweight s = c.control.statistics();
                ChannelStatisticsEvent e = new ChannelStatisticsEvent();
                e.channel = c.name;
                e.role = c.isWriter() ? "writer" : "reader";
                e.published = h.published();
                e.generation = h.generation();
                e.readers = activeRows(c.control);
                e.reclaimedReaders = s.reclaimedReaders();
                e.reclaimedHolds = s.reclaimedHolds();
                e.writerRestarts = s.writerRestarts();
                e.maxWriterStall = s.maxWriterStallNanos();
                e.commit();
            } catch (IllegalStateException e) {
                // closed and unmapped while we looked: it is gone
            }
        }
    }

    private static List<OpenChannel> writersFirst() {
        List<OpenChannel> all = new ArrayList<>(OpenChannels.open());
        all.sort((a, b) -> Boolean.compare(b.isWriter(), a.isWriter()));
        return all;
    }

    private static int activeRows(ControlRegion control) {
        int n = 0;
        for (int row = 0; row < control.layout().maxReaders(); row++) {
            if (control.readers().state(row) == ChannelLayout.ROW_ACTIVE) {
                n++;
            }
        }
        return n;
    }

    private static void readerStatistics() {
        for (OpenChannel c : OpenChannels.open()) {
            if (c.isWriter()) {
                continue;
            }
            try {
                ReaderRowFlyweight r = c.control.readers();
                ReaderStatisticsEvent e = new ReaderStatisticsEvent();
                e.channel = c.name;
                e.row = c.row;
                e.mode = c.mode.name().toLowerCase(Locale.ROOT);
                e.received = r.received(c.row);
                e.skipped = r.skipped(c.row);
                e.lost = r.lost(c.row);
                e.lag = Math.max(0, c.control.header().published() - r.cursor(c.row) + 1);
                int holds = 0;
                for (int slot = 0; slot < c.control.layout().slotCount(); slot++) {
                    if (r.hold(c.row, slot) != 0) {
                        holds++;
                    }
                }
                e.holds = holds;
                e.commit();
            } catch (IllegalStateException e) {
                // closed and unmapped while we looked
            }
        }
    }

    private static void latestSkipped() {
        for (OpenChannel c : OpenChannels.open()) {
            if (c.isWriter() || c.mode != ReaderMode.LATEST) {
                continue;
            }
            try {
                long skipped = c.control.readers().skipped(c.row);
                long received = c.control.readers().received(c.row);
                if (skipped > c.lastSkipped) {
                    LatestSkippedEvent e = new LatestSkippedEvent();
                    e.channel = c.name;
                    e.row = c.row;
                    e.skipped = skipped - c.lastSkipped;
                    e.taken = received - c.lastReceived;
                    e.totalSkipped = skipped;
                    e.commit();
                }
                c.lastSkipped = skipped;
                c.lastReceived = received;
            } catch (IllegalStateException e) {
                // closed and unmapped while we looked
            }
        }
    }
}
