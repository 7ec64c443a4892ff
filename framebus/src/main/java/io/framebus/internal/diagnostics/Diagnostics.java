package io.framebus.internal.diagnostics;

import io.framebus.Backing;
import io.framebus.ByteSize;
import io.framebus.ChannelConfig;
import io.framebus.PageReport;
import io.framebus.ReaderMode;
import io.framebus.layout.ControlRegion;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What the core reports, at the points where it happens: a log record (logger {@code io.framebus}) and,
 * while JFR is initialized, an event. Levels: DEBUG for the routine (create, attach, close), INFO for what
 * the bus repaired on its own (a takeover, a reclaimed reader), WARNING for what someone should look at
 * (writer stalls over the threshold, smaller pages than the backing expects). Never called on the
 * publish, take or release path.
 */
public final class Diagnostics {
    /** The logger of the whole core. */
    static final Logger LOG = System.getLogger("io.framebus");
    /** A {@code deadForAtMost} that is not known. */
    public static final long UNKNOWN = Long.MIN_VALUE;

    private Diagnostics() {
    }

    /**
     * A writer created the channel or took it over: logs it, reports a backing worse than asked, and
     * registers the channel for the periodic events.
     *
     * @param config      what was asked for
     * @param name        the channel
     * @param path        its file
     * @param control     its control region
     * @param obtained    the backing it got
     * @param expectedPage the page size the backing and the layout expect
     * @param pages       what the kernel gave the data region
     * @param reason      why this placement
     * @param tookOver    whether a dead writer's channel was taken over
     * @return the registration, to close when the writer closes
     */
    public static OpenChannel writerOpened(ChannelConfig config, String name, String path, ControlRegion control,
                                           Backing obtained, long expectedPage, PageReport pages, String reason,
                                           boolean tookOver) {
        long obtainedPage = pages.effectivePageSize();
        boolean smallerPages = obtainedPage < expectedPage;
        boolean fellBack = config.backing() == Backing.AUTO && obtained != Backing.HUGETLBFS;
        String backing = lower(obtained);
        LOG.log(Level.DEBUG, () -> (tookOver ? "took over" : "created") + " channel '" + name + "' at " + path + ": "
                + backing + ", " + control.layout().slotCount() + " slots x " + ByteSize.format(control.layout()
                .slotSize()) + ", " + pages + "; " + reason);
        if (smallerPages || fellBack) {
            LOG.log(smallerPages ? Level.WARNING : Level.DEBUG, () -> "channel '" + name + "' asked for "
                    + lower(config.backing()) + " and got " + backing + " with " + ByteSize.format(obtainedPage)
                    + " pages" + (smallerPages ? " where " + ByteSize.format(expectedPage) + " were expected" : "")
                    + ": " + reason);
            if (OpenChannels.jfr()) {
                JfrEvents.backingDowngrade(name, path, lower(config.backing()), backing, expectedPage, obtainedPage,
                        pages.hugeMappedBytes(), reason);
            }
        }
        return OpenChannels.add(new OpenChannel(name, path, control, -1, null));
    }

    /**
     * The stall watch of a new writer.
     *
     * @param name    the channel
     * @param control its control region
     * @return the watch the writer reports its waits to
     */
    public static StallReporter stallReporter(String name, ControlRegion control) {
        return new StallReporter(name, control.header());
    }

    /**
     * The writer closed the channel.
     *
     * @param channel   its registration
     * @param stalls    its stall watch (stalls not logged yet are logged now)
     * @param published the last sequence published
     */
    public static void writerClosed(OpenChannel channel, StallReporter stalls, long published) {
        channel.close();
        stalls.flush();
        LOG.log(Level.DEBUG, () -> "closed channel '" + channel.name + "' after sequence " + published
                + " and removed " + channel.path);
    }

    /**
     * A writer took over the channel of a dead writer, in place.
     *
     * @param name          the channel
     * @param path          its file
     * @param oldPid        the dead writer's pid
     * @param oldGeneration its generation
     * @param newGeneration this writer's
     * @param published     the last sequence published before the takeover
     */
    public static void writerTookOver(String name, String path, long oldPid, long oldGeneration, long newGeneration,
                                      long published) {
        LOG.log(Level.INFO, () -> "channel '" + name + "': took over from dead writer pid " + oldPid + " (generation "
                + oldGeneration + " -> " + newGeneration + "), " + published + " frames published so far, at " + path);
        if (OpenChannels.jfr()) {
            JfrEvents.writerTakeover(name, path, oldPid, oldGeneration, newGeneration, published);
        }
    }

    /**
     * A dead reader's row was cleared and its holds returned.
     *
     * @param name          the channel
     * @param row           the row
     * @param pid           the dead reader's pid, as its row recorded it
     * @param holds         holds returned
     * @param deadForAtMost nanoseconds since it was last seen alive, or {@link #UNKNOWN}
     */
    public static void readerReclaimed(String name, int row, long pid, int holds, long deadForAtMost) {
        LOG.log(Level.INFO, () -> "channel '" + name + "': reclaimed row " + row + " of dead reader pid " + pid + ", "
                + holds + " hold(s) returned" + (deadForAtMost == UNKNOWN ? ""
                        : String.format(Locale.ROOT, ", dead for at most %.1f ms", deadForAtMost / 1e6)));
        if (OpenChannels.jfr()) {
            JfrEvents.readerReclaimed(name, row, pid, holds, deadForAtMost);
        }
    }

    /**
     * The upper bound on how long a reader has been dead: since the later of its attach and the last
     * time it was seen alive.
     *
     * @param now         {@link System#nanoTime()} at the reclaim
     * @param attachNanos the attach time its row recorded (shared memory: may be anything)
     * @param lastSeen    when a probe last saw it alive, or 0 if none did
     * @return nanoseconds, or {@link #UNKNOWN} when neither time is plausible
     */
    public static long deadForAtMost(long now, long attachNanos, long lastSeen) {
        long since = lastSeen != 0 && lastSeen - attachNanos > 0 ? lastSeen : attachNanos;
        return since == 0 || now - since < 0 ? UNKNOWN : now - since;
    }

    /**
     * A reader attached.
     *
     * @param name    the channel
     * @param path    its file
     * @param control its control region
     * @param row     the reader's row
     * @param mode    how it reads
     * @return the registration, to close when the reader detaches
     */
    public static OpenChannel readerAttached(String name, Path path, ControlRegion control, int row,
                                             ReaderMode mode) {
        LOG.log(Level.DEBUG, () -> "attached to channel '" + name + "' as reader row " + row + " (" + lower(mode)
                + ")");
        return OpenChannels.add(new OpenChannel(name, path.toString(), control, row, mode));
    }

    /**
     * A reader detached.
     *
     * @param channel  its registration
     * @param received frames it took
     * @param skipped  frames it skipped
     * @param lost     frames it lost
     */
    public static void readerDetached(OpenChannel channel, long received, long skipped, long lost) {
        channel.close();
        LOG.log(Level.DEBUG, () -> "detached from channel '" + channel.name + "' (row " + channel.row + "): "
                + received + " received, " + skipped + " skipped, " + lost + " lost");
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
