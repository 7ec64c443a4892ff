package io.framebus.pipeline;

import io.framebus.ChannelReader;
import io.framebus.FrameHandler;
import io.framebus.ReadStatus;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The loop every stage that reads a channel runs: take a frame, hand it to the stage, and decide what
 * the other outcomes of a take mean. One loop for the detector, motion, the encoder, {@code sub}, the
 * soak and the benchmark, so they agree on what a closed channel, a dead writer and silence mean.
 *
 * <pre>{@code
 * StageLoop loop = StageLoop.untilClosed().withIdleLimit(Duration.ofSeconds(5));
 * StageLoop.End end = loop.run(reader, frame -> process(frame)); // loop.stop() from any thread ends it
 * }</pre>
 *
 * <ul>
 *   <li>A closed channel ends the loop ({@link End#CLOSED}) once every published frame was handed
 *       over.</li>
 *   <li>A dead writer does not end it unless {@link #withDeadWriterPatience} is set: the loop waits for
 *       a new writer to take the channel over, and carries on with its frames.</li>
 *   <li>Silence while the writer is alive ends it only with {@link #withIdleLimit}.</li>
 *   <li>{@link #stop()} (any thread, the handler included) ends it within one poll interval.</li>
 * </ul>
 *
 * <p>The configuration is immutable: each {@code withX} returns a changed copy, which shares the
 * original's stop switch, so a stage can keep one loop for {@link #stop()} and run a configured copy.
 * Once stopped, a loop (and every copy) stays stopped.
 */
public final class StageLoop {
    /** Why {@link #run} returned. */
    public enum End {
        /** {@link #stop()} was called. */
        STOPPED,
        /** The writer closed the channel and every frame was handed over. */
        CLOSED,
        /** The writer was dead for longer than the patience. */
        WRITER_GONE,
        /** No frame arrived for longer than the idle limit while the writer was alive. */
        IDLE
    }

    /** Told about every outcome of a take, frames included: for counters and periodic reports. */
    @FunctionalInterface
    public interface Listener {
        /**
         * Called on the thread running {@link StageLoop#run} after every take, before the loop acts on the
         * outcome.
         *
         * @param status what the take saw
         */
        void onStatus(ReadStatus status);

        /** A listener that ignores everything. */
        Listener NONE = status -> { };
    }

    private static final Duration DEFAULT_POLL = Duration.ofMillis(100);

    private final long pollNanos;
    private final long idleLimitNanos;
    private final long patienceNanos;
    private final Listener listener;
    private final AtomicBoolean stopped;

    private StageLoop(long pollNanos, long idleLimitNanos, long patienceNanos, Listener listener,
                      AtomicBoolean stopped) {
        this.pollNanos = pollNanos;
        this.idleLimitNanos = idleLimitNanos;
        this.patienceNanos = patienceNanos;
        this.listener = listener;
        this.stopped = stopped;
    }

    /**
     * The usual loop of a stage: a 100 ms poll interval, no idle limit, no dead-writer patience and no
     * listener; configure it with the {@code withX} methods.
     *
     * @return a loop that runs until the channel closes or {@link #stop()}, waiting out dead writers
     */
    public static StageLoop untilClosed() {
        return new StageLoop(DEFAULT_POLL.toNanos(), -1, -1, Listener.NONE, new AtomicBoolean());
    }

    /**
     * Sets how long each take waits before the loop checks its stop switch and limits again (100 ms by
     * default).
     *
     * @param interval how long one wait lasts: the longest {@link #stop()} takes to be honoured
     * @return a copy with that poll interval
     */
    public StageLoop withPollInterval(Duration interval) {
        return new StageLoop(positive(interval, "poll interval"), idleLimitNanos, patienceNanos, listener, stopped);
    }

    /**
     * Makes the loop give up on a live writer that publishes nothing (by default it waits forever).
     *
     * @param limit end with {@link End#IDLE} after this long without a frame while the writer is alive
     * @return a copy with that idle limit
     */
    public StageLoop withIdleLimit(Duration limit) {
        return new StageLoop(pollNanos, positive(limit, "idle limit"), patienceNanos, listener, stopped);
    }

    /**
     * Makes the loop give up on a dead writer that no new writer replaces (by default it waits forever).
     *
     * @param patience end with {@link End#WRITER_GONE} after the writer was dead this long
     * @return a copy with that patience
     */
    public StageLoop withDeadWriterPatience(Duration patience) {
        return new StageLoop(pollNanos, idleLimitNanos, positive(patience, "dead-writer patience"), listener,
                stopped);
    }

    /**
     * Sets the listener told about every take.
     *
     * @param statusListener told about every outcome of every take
     * @return a copy with that listener
     */
    public StageLoop withListener(Listener statusListener) {
        return new StageLoop(pollNanos, idleLimitNanos, patienceNanos, Objects.requireNonNull(statusListener),
                stopped);
    }

    private static long positive(Duration d, String what) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
        return d.toNanos();
    }

    /**
     * Takes frames from {@code reader} and hands each to {@code handler} until one of the ends above.
     *
     * @param reader  where frames come from
     * @param handler what the stage does with a frame; it may call {@link #stop()}
     * @return why the loop ended
     */
    public End run(ChannelReader reader, FrameHandler handler) {
        long idleSince = System.nanoTime();
        long deadSince = 0;
        while (!stopped.get()) {
            ReadStatus status = reader.take(handler, pollNanos);
            listener.onStatus(status);
            long now = System.nanoTime();
            switch (status) {
                case FRAME, WRITER_RESTARTED, DEMOTED -> {
                    idleSince = now;
                    deadSince = 0;
                }
                case TIMEOUT -> {
                    deadSince = 0;
                    if (idleLimitNanos > 0 && now - idleSince >= idleLimitNanos) {
                        return End.IDLE;
                    }
                }
                case CLOSED -> {
                    return End.CLOSED;
                }
                case WRITER_DEAD -> {
                    idleSince = now;
                    if (deadSince == 0) {
                        deadSince = now;
                    } else if (patienceNanos > 0 && now - deadSince >= patienceNanos) {
                        return End.WRITER_GONE;
                    }
                }
                default -> throw new IllegalStateException("unexpected read status " + status);
            }
        }
        return End.STOPPED;
    }

    /** Ends {@link #run} within one poll interval. Safe from any thread; idempotent. */
    public void stop() {
        stopped.set(true);
    }

    /**
     * Whether this loop's stop switch, shared with every copy, is set. Safe from any thread.
     *
     * @return true once {@link #stop()} was called
     */
    public boolean isStopped() {
        return stopped.get();
    }
}
