package io.framebus.cli.pattern;

import io.framebus.ChannelReader;
import io.framebus.Frame;
import io.framebus.FrameChannel;
import io.framebus.FrameHandler;
import io.framebus.ReadStatus;
import io.framebus.ReaderMode;
import io.framebus.ReaderOptions;
import io.framebus.pipeline.StageLoop;
import io.framebus.testkit.FramePattern;
import io.framebus.wait.WaitStrategy;
import org.HdrHistogram.Histogram;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.concurrent.locks.LockSupport;

/**
 * Attaches to a channel and takes frames until a count is reached or the writer closes, measuring
 * publish-to-take latency and, optionally, checking every byte of every frame against the
 * {@link FramePattern} of its sequence (as written by {@link PatternPublisher}).
 *
 * <p>A frame that a network bridge received from another host carries the sequence it had there
 * ({@link Frame#upstreamSequence()}): it is checked against that sequence's pattern, its order and gaps are
 * counted in that numbering, and its latency is also measured from its capture at the source.
 */
public final class PatternSubscriber {
    /** Verification failures described on the status stream; the rest are only counted. */
    private static final int MAX_REPORTED_FAILURES = 10;
    private static final Duration POLL = Duration.ofMillis(100);

    private PatternSubscriber() {
    }

    /**
     * How to read.
     *
     * @param channel      channel name
     * @param mode         latest or lossless
     * @param verify       check every byte of every frame
     * @param count        frames to take, or 0 for all until the writer closes
     * @param timeout      how long to wait for the channel to appear, for the next frame, and for a
     *                     new writer after the writer died
     * @param waitStrategy how to wait for frames
     * @param hold         how long to hold each frame before verifying and releasing it
     * @param directory    channel directory, or null for the usual search path
     * @param group        a group whose members' channels to trust, or null
     * @param stallBudget  how long a lossless reader may hold the writer back before it is demoted, 0 for ever
     * @param warmupFrames frames taken (and verified) but left out of the latencies and the rate: a fresh JVM's
     *                     first frames measure its JIT compiler, not the channel
     */
    public record Options(String channel, ReaderMode mode, boolean verify, long count, Duration timeout,
                          WaitStrategy waitStrategy, Duration hold, Path directory, String group,
                          Duration stallBudget, long warmupFrames) {
        public Options {
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(waitStrategy, "waitStrategy");
            Objects.requireNonNull(hold, "hold");
            if (count < 0) {
                throw new IllegalArgumentException("--count must be >= 0, got " + count);
            }
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("--timeout-ms must be >= 0, got " + timeout.toMillis());
            }
            if (hold.isNegative()) {
                throw new IllegalArgumentException("--hold-ms must be >= 0, got " + hold.toMillis());
            }
            if (warmupFrames < 0) {
                throw new IllegalArgumentException("--warmup-frames must be >= 0, got " + warmupFrames);
            }
        }
    }

    /** Why a run stopped. */
    public enum End {
        /** The requested number of frames was taken. */
        COUNT,
        /** The writer closed the channel and every frame was read. */
        CLOSED,
        /** The writer died and no new writer took over within the timeout. */
        WRITER_DEAD,
        /** No frame arrived within the timeout while the writer was alive. */
        TIMEOUT
    }

    /**
     * How a run went.
     *
     * @param mode           reader mode
     * @param received       frames taken
     * @param skipped        frames a latest reader skipped to stay on the newest
     * @param lost           frames a lossless reader could not take (the core's own count)
     * @param sequenceGaps   frames missing between consecutive sequences (counted in lossless mode only)
     * @param outOfOrder     frames whose sequence was not above the previous one
     * @param verifyFailures frames whose bytes did not match their sequence (torn or rewritten)
     * @param firstSequence  sequence of the first frame taken, or 0
     * @param lastSequence   sequence of the last frame taken, or 0
     * @param latencyNanos   publish-to-take latency of every frame
     * @param sourceLatencyNanos for bridged frames, capture at the source (on the sending host) to take here;
     *                       empty when no frame was bridged
     * @param measured       frames after the warm-up: those the latencies and the rate are made of
     * @param seconds        from the first measured take to the last
     * @param writerDeaths   times the writer was seen dead
     * @param demoted        whether the writer demoted this lossless reader to latest (its stall budget ran out)
     * @param end            why the run stopped
     */
    public record Result(ReaderMode mode, long received, long skipped, long lost, long sequenceGaps, long outOfOrder,
                         long verifyFailures, long firstSequence, long lastSequence, Histogram latencyNanos,
                         Histogram sourceLatencyNanos, long measured, double seconds, long writerDeaths,
                         boolean demoted, End end) {
        /** Frames per second between the first measured take and the last. */
        public double fps() {
            return measured > 1 && seconds > 0 ? (measured - 1) / seconds : 0;
        }

        /** True when the writer was dead at the end of the run. */
        public boolean writerDead() {
            return end == End.WRITER_DEAD;
        }

        /** Latency percentile in microseconds. */
        public double latencyMicros(double percentile) {
            return latencyNanos.getTotalCount() == 0 ? 0 : latencyNanos.getValueAtPercentile(percentile) / 1e3;
        }

        public double maxLatencyMicros() {
            return latencyNanos.getTotalCount() == 0 ? 0 : latencyNanos.getMaxValue() / 1e3;
        }

        /** Whether frames came through a network bridge: then sequences are the source's. */
        public boolean bridged() {
            return sourceLatencyNanos.getTotalCount() > 0;
        }

        /** Capture-at-the-source to take latency percentile of bridged frames, in microseconds. */
        public double sourceLatencyMicros(double percentile) {
            return bridged() ? sourceLatencyNanos.getValueAtPercentile(percentile) / 1e3 : 0;
        }

        /**
         * Whether the run proved what it was asked to: no frame failed verification, no sequence went
         * backwards, and a lossless reader neither lost a frame nor saw a gap (unless the writer demoted it:
         * then its losses are counted, not failures).
         */
        public boolean ok() {
            return verifyFailures == 0 && outOfOrder == 0
                    && (mode != ReaderMode.LOSSLESS || demoted || (lost == 0 && sequenceGaps == 0));
        }
    }

    /**
     * Attaches, reads and detaches.
     *
     * @param status receives messages for a human: verification failures, a dead writer
     */
    public static Result run(Options o, Consumer<String> status) {
        ReaderOptions options = ReaderOptions.of(o.mode()).withWaitStrategy(o.waitStrategy()).withGroup(o.group())
                .withStallBudget(o.stallBudget()).withLabel("framebus sub" + (o.verify() ? " --verify" : ""))
                .withDirectory(o.directory()).withAttachTimeout(o.timeout());
        Duration patience = o.timeout().isZero() ? Duration.ofNanos(1) : o.timeout();
        try (ChannelReader reader = FrameChannel.attach(o.channel(), options)) {
            Tally tally = new Tally(o, status);
            StageLoop loop = StageLoop.untilClosed().withIdleLimit(patience).withDeadWriterPatience(patience)
                    .withPollInterval(patience.compareTo(POLL) < 0 ? patience : POLL).withListener(tally);
            tally.loop = loop;
            StageLoop.End end = loop.run(reader, tally);
            if (end == StageLoop.End.IDLE) {
                status.accept("no frame on channel '" + o.channel() + "' for " + o.timeout().toMillis()
                        + " ms while its writer is alive; stopping");
            }
            return tally.result(reader, switch (end) {
                case STOPPED -> End.COUNT;
                case CLOSED -> End.CLOSED;
                case WRITER_GONE -> End.WRITER_DEAD;
                case IDLE -> End.TIMEOUT;
            });
        }
    }

    /** What one run counts, frame by frame. */
    private static final class Tally implements FrameHandler, StageLoop.Listener {
        private final Options o;
        private final Consumer<String> status;
        private final Histogram latency = new Histogram(3);
        private final Histogram sourceLatency = new Histogram(3);
        private final long holdNanos;
        private StageLoop loop;
        private long received;
        private long measured;
        private long gaps;
        private long outOfOrder;
        private long failures;
        private long first;
        private long last;
        private long firstTake;
        private long lastTake;
        private long deaths;
        private boolean writerDead;
        private boolean demoted;

        Tally(Options o, Consumer<String> status) {
            this.o = o;
            this.status = status;
            this.holdNanos = o.hold().toNanos();
        }

        @Override
        public void onStatus(ReadStatus s) {
            if (s == ReadStatus.WRITER_DEAD && !writerDead) {
                writerDead = true;
                deaths++;
                status.accept("the writer of channel '" + o.channel() + "' is gone; waiting up to "
                        + o.timeout().toMillis() + " ms for a new writer");
            } else if (s != ReadStatus.WRITER_DEAD) {
                writerDead = false;
            }
            if (s == ReadStatus.DEMOTED) {
                demoted = true;
                status.accept("the writer demoted this lossless reader to latest: it held the writer back for longer"
                        + " than its stall budget of " + o.stallBudget().toMillis() + " ms; the frames it missed count"
                        + " as lost");
            }
        }

        @Override
        public void onFrame(Frame frame) {
            long upstream = frame.upstreamSequence();
            long sequence = upstream != 0 ? upstream : frame.sequence(); // whose pattern the bytes must be
            if (received >= o.warmupFrames()) {
                latency.recordValue(Math.max(0, frame.takeNanos() - frame.publishNanos()));
                if (upstream != 0) {
                    sourceLatency.recordValue(Math.max(0, frame.takeNanos() - frame.captureNanos()));
                }
                if (measured++ == 0) {
                    firstTake = frame.takeNanos();
                }
            }
            if (received == 0) {
                first = sequence;
            } else if (sequence <= last) {
                outOfOrder++;
                status.accept("frame " + sequence + " arrived after frame " + last);
            } else if (o.mode() == ReaderMode.LOSSLESS && sequence != last + 1) {
                gaps += sequence - last - 1;
                status.accept("lossless reader jumped from frame " + last + " to " + sequence);
            }
            last = sequence;
            lastTake = frame.takeNanos();
            received++;
            if (holdNanos > 0) {
                LockSupport.parkNanos(holdNanos); // the slot must not change while we hold it
            }
            if (o.verify()) {
                long at = FramePattern.verify(frame.segment(), frame.length(), sequence);
                if (at >= 0) {
                    failures++;
                    if (failures <= MAX_REPORTED_FAILURES) {
                        status.accept(describeFailure(frame, sequence, at));
                    }
                }
            }
            if (o.count() > 0 && received >= o.count()) {
                loop.stop();
            }
        }

        Result result(ChannelReader reader, End end) {
            return new Result(o.mode(), received, reader.skipped(), reader.lost(), gaps, outOfOrder, failures, first,
                    last, latency, sourceLatency, measured, measured > 0 ? (lastTake - firstTake) / 1e9 : 0, deaths,
                    demoted, end);
        }
    }

    private static String describeFailure(Frame frame, long sequence, long offset) {
        long word = offset & ~7L;
        long owner = FramePattern.sequenceAt(frame.segment(), word);
        return "frame " + sequence + (frame.upstreamSequence() != 0 ? " of the source (here " + frame.sequence()
                + ")" : "") + " (slot " + frame.slot() + ", " + frame.length() + " bytes) differs from its"
                + " pattern at byte " + offset + (owner > 0 && owner != sequence ? "; the bytes there belong to frame "
                + owner + " (torn or rewritten)" : "");
    }
}
