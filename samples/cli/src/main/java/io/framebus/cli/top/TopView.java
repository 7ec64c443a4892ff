package io.framebus.cli.top;

import io.framebus.ChannelSnapshot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One refresh of {@code framebus top}: each channel and each of its readers with the rates since the
 * previous sample (null on the first sample, or when the channel or the reader is new).
 *
 * @param intervalSeconds the time between the two samples, or 0 for the first
 * @param channels        the channels
 */
public record TopView(double intervalSeconds, List<Channel> channels) {

    /**
     * A channel.
     *
     * @param name             its name
     * @param path             its file
     * @param state            open, writer-dead, closed or initializing
     * @param backing          hugetlbfs, thp or plain
     * @param slots            slot count
     * @param slotSize         bytes per slot
     * @param writerPid        the last writer's pid
     * @param writerAlive      whether it holds its liveness lock
     * @param generation       the writer generation
     * @param published        the last published sequence
     * @param publishRate      frames published per second since the previous sample
     * @param reclaimedReaders dead readers reclaimed so far
     * @param reclaimedHolds   holds returned from them
     * @param takeovers        writer takeovers so far
     * @param maxWriterStallMs the longest wait of a writer for a free slot
     * @param readers          its reader rows
     */
    public record Channel(String name, String path, String state, String backing, int slots, long slotSize,
                          long writerPid, boolean writerAlive, long generation, long published, Double publishRate,
                          long reclaimedReaders, long reclaimedHolds, long takeovers, double maxWriterStallMs,
                          List<Reader> readers) {
    }

    /**
     * A reader row.
     *
     * @param row         its row
     * @param pid         its pid
     * @param mode        latest or lossless
     * @param alive       whether it holds its liveness lock (a dead one waits to be reclaimed)
     * @param received    frames taken
     * @param rate        frames taken per second since the previous sample
     * @param lag         published frames it has not reached
     * @param skipped     frames a LATEST reader passed over
     * @param skippedRate frames skipped per second since the previous sample
     * @param lost        frames a LOSSLESS reader missed
     * @param holds       frames it holds now
     * @param holdLimit   frames it may hold
     */
    public record Reader(int row, long pid, String mode, boolean alive, long received, Double rate, long lag,
                         long skipped, Double skippedRate, long lost, int holds, int holdLimit) {
    }

    /**
     * The view of {@code current}, with rates against {@code previous}.
     *
     * @param previous the sample before, or null
     * @param current  the sample now
     * @return the view
     */
    public static TopView of(TopSample previous, TopSample current) {
        double seconds = previous == null ? 0 : (current.nanos() - previous.nanos()) / 1e9;
        Map<String, ChannelSnapshot> before = new HashMap<>();
        if (previous != null) {
            previous.channels().forEach(c -> before.put(c.path(), c));
        }
        List<Channel> channels = new ArrayList<>();
        for (ChannelSnapshot c : current.channels()) {
            ChannelSnapshot p = before.get(c.path());
            List<Reader> readers = new ArrayList<>();
            for (ChannelSnapshot.Reader r : c.readers()) {
                ChannelSnapshot.Reader pr = p == null ? null : sameReader(p, r);
                readers.add(new Reader(r.row(), r.pid(), r.mode(), r.alive(), r.received(),
                        rate(pr == null ? null : pr.received(), r.received(), seconds), r.lag(), r.skipped(),
                        rate(pr == null ? null : pr.skipped(), r.skipped(), seconds), r.lost(), r.holds().size(),
                        r.holdLimit()));
            }
            channels.add(new Channel(c.name(), c.path(), c.state(), c.backing(), c.slotCount(), c.slotSize(),
                    c.writer().pid(), c.writer().alive(), c.writer().generation(), c.published(),
                    rate(p == null ? null : p.published(), c.published(), seconds), c.reclaimedReaders(),
                    c.reclaimedHolds(), c.writer().restarts(), c.maxWriterStallMs(), readers));
        }
        return new TopView(seconds, channels);
    }

    /** The same reader in an earlier snapshot: same row, same pid. */
    private static ChannelSnapshot.Reader sameReader(ChannelSnapshot before, ChannelSnapshot.Reader r) {
        for (ChannelSnapshot.Reader b : before.readers()) {
            if (b.row() == r.row() && b.pid() == r.pid()) {
                return b;
            }
        }
        return null;
    }

    private static Double rate(Long before, long now, double seconds) {
        if (before == null || seconds <= 0 || now < before) {
            return null;
        }
        return Math.round((now - before) / seconds * 10) / 10.0;
    }
}
