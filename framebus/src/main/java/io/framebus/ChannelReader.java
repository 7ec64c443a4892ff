package io.framebus;

import io.framebus.internal.Faults;
import io.framebus.internal.MappedChannel;
import io.framebus.internal.ReaderAttach;
import io.framebus.internal.ReaderEvents;
import io.framebus.internal.ReaderWait;
import io.framebus.internal.RingCursor;
import io.framebus.internal.diagnostics.Diagnostics;
import io.framebus.internal.diagnostics.OpenChannel;
import io.framebus.layout.ControlRegion;

import java.time.Duration;

/**
 * Reads frames of one channel, in place. Obtain one with {@link FrameChannel#attach}.
 *
 * <pre>{@code
 * try (ChannelReader reader = FrameChannel.attach("camera0", ReaderOptions.latest())) {
 *     FrameHandler handler = frame -> process(frame.segment());
 *     while (reader.take(handler, Duration.ofSeconds(1)) != ReadStatus.CLOSED) {
 *         // FRAME, TIMEOUT, WRITER_DEAD (a new writer may take over) or WRITER_RESTARTED
 *     }
 * }
 * }</pre>
 *
 * <p>{@link #poll(FrameHandler, int)} and {@link #tryTake()} never block and make no syscall.
 * {@link #take(FrameHandler, Duration)} waits with the configured
 * {@link io.framebus.wait.WaitStrategy}; while waiting it checks every 100 ms that the writer is alive.
 * A reader is used by one thread; frames it hands out may be released from any thread.
 */
public final class ChannelReader implements AutoCloseable {
    /** Bound on retries for a frame published before the close that cannot be taken (a corrupt ring). */
    private static final int MAX_DRAIN_ATTEMPTS = 64;

    private final MappedChannel channel;
    private final ControlRegion control;
    private final int row;
    private final ReaderMode mode;
    private final int holdLimit;
    private final RingCursor cursor;
    private final ReaderWait waiting;
    private final ReaderEvents events;
    private final FramePool handles;
    private final OpenChannel registration;
    private long received;
    private volatile boolean closed;

    private ChannelReader(ReaderAttach.Attached attached, ReaderOptions options) {
        this.channel = attached.channel();
        this.control = channel.control();
        this.row = attached.row();
        this.mode = options.mode();
        this.holdLimit = attached.holdLimit();
        this.cursor = attached.cursor();
        this.events = new ReaderEvents(control.header(), cursor);
        this.waiting = new ReaderWait(channel, row, options.waitStrategy());
        this.handles = new FramePool(this, channel, holdLimit);
        this.registration = Diagnostics.readerAttached(channel.name(), channel.file().path(), control, row, mode);
    }

    static ChannelReader attach(String name, ReaderOptions options) {
        ReaderAttach.Attached attached = ReaderAttach.attach(name, options);
        try {
            return new ChannelReader(attached, options);
        } catch (RuntimeException e) {
            attached.abandon();
            throw e;
        }
    }

    /**
     * Takes the next frame if one is ready: the next in order ({@link ReaderMode#LOSSLESS}) or the
     * newest ({@link ReaderMode#LATEST}). Never blocks, never makes a syscall unless the writer sleeps,
     * does not allocate. The caller owns the frame and must {@link Frame#close() close} it.
     *
     * @return the held frame, or null when none is ready
     * @throws HoldLimitExceededException when this reader already holds its limit of frames
     * @throws ChannelFormatException     when the channel's shared memory is corrupt
     */
    public Frame tryTake() {
        ensureOpen();
        try {
            return takeNow();
        } catch (InternalError e) {
            throw Faults.truncated(channel, e);
        }
    }

    private Frame takeNow() {
        Frame handle = handles.free();
        if (!cursor.tryTake()) {
            return null;
        }
        int slot = cursor.takenSlot();
        try {
            handle.load(channel.layout(), slot, cursor.takenSequence(), System.nanoTime());
        } catch (RuntimeException e) {
            cursor.release(slot);
            throw e;
        }
        received++;
        control.readers().setStats(row, received, cursor.skipped(), cursor.lost());
        if (mode == ReaderMode.LOSSLESS) {
            waiting.wakeWriter(); // our cursor moved: the writer may be waiting for room
        }
        return handle;
    }

    /**
     * Waits up to {@code timeout} for the next frame and returns it, owned by the caller, like
     * {@link java.util.concurrent.BlockingQueue#poll(long, java.util.concurrent.TimeUnit)}. Null when no
     * frame came in time, whatever the reason; {@link #await(Duration)} says why (closed, writer dead).
     *
     * @param timeout how long to wait
     * @return the held frame, to {@link Frame#close() close}, or null
     */
    public Frame tryTake(Duration timeout) {
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        while (true) {
            Frame frame = tryTake();
            if (frame != null) {
                return frame;
            }
            ReadStatus status = await(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (status != ReadStatus.FRAME && status != ReadStatus.WRITER_RESTARTED) {
                return tryTake(); // a frame that arrived with the close or the timeout
            }
        }
    }

    /**
     * Hands up to {@code limit} ready frames to {@code handler}, one at a time, each released when the
     * handler returns (unless retained). Never blocks; makes no syscall unless the writer sleeps.
     *
     * @param handler receives each frame
     * @param limit   most frames to deliver (a LATEST reader delivers at most the newest one)
     * @return how many frames were delivered
     * @throws HoldLimitExceededException when the handler retained frames up to the hold limit
     */
    public int poll(FrameHandler handler, int limit) {
        int delivered = 0;
        while (delivered < limit) {
            Frame frame = tryTake();
            if (frame == null) {
                break;
            }
            FramePool.deliver(handler, frame);
            delivered++;
        }
        return delivered;
    }

    /**
     * Waits up to {@code timeout} for one frame and hands it to {@code handler}, which holds it until it
     * returns (unless it retains it).
     *
     * @param handler receives the frame
     * @param timeout how long to wait
     * @return {@link ReadStatus#FRAME} when the handler ran; otherwise what happened instead
     */
    public ReadStatus take(FrameHandler handler, Duration timeout) {
        return take(handler, timeout.toNanos());
    }

    /**
     * {@link #take(FrameHandler, Duration)} with the timeout in nanoseconds.
     *
     * @param handler      receives the frame
     * @param timeoutNanos how long to wait, in nanoseconds
     * @return {@link ReadStatus#FRAME} when the handler ran; otherwise what happened instead
     */
    public ReadStatus take(FrameHandler handler, long timeoutNanos) {
        ensureOpen();
        try {
            return takeWaiting(handler, timeoutNanos);
        } catch (InternalError e) {
            throw Faults.truncated(channel, e);
        }
    }

    private ReadStatus takeWaiting(FrameHandler handler, long timeoutNanos) {
        long deadline = System.nanoTime() + Math.max(0, timeoutNanos);
        int drainAttempts = 0;
        while (true) {
            ReadStatus event = events.next();
            if (event != null) {
                return event;
            }
            Frame frame = tryTake();
            if (frame != null) {
                waiting.reset();
                FramePool.deliver(handler, frame);
                return ReadStatus.FRAME;
            }
            ReadStatus status = waiting.awaitFrame(cursor, deadline);
            if (status == ReadStatus.CLOSED && cursor.hasPublished() && drainAttempts++ < MAX_DRAIN_ATTEMPTS) {
                continue; // frames published before the close are still delivered
            }
            if (status != null) {
                return status;
            }
        }
    }

    /**
     * Waits up to {@code timeout} until a frame is ready to take, without taking it: then
     * {@link #tryTake()} returns it (a LATEST reader's {@code tryTake} can still find nothing, in the
     * rare case that the newest slot is being recycled as it looks; wait again).
     *
     * @param timeout how long to wait
     * @return {@link ReadStatus#FRAME} when a frame is ready; otherwise why none is
     */
    public ReadStatus await(Duration timeout) {
        ensureOpen();
        try {
            return waiting.awaitReady(cursor, events, timeout.toNanos());
        } catch (InternalError e) {
            throw Faults.truncated(channel, e);
        }
    }

    /**
     * Asks whether the channel's writer still holds its lock.
     *
     * @return whether the writer is alive, dead, or has closed the channel (makes a syscall)
     */
    public WriterStatus writerStatus() {
        ensureOpen();
        return waiting.writerStatus();
    }

    /** Drops the hold on {@code slot}; called by the last reference of a frame, from any thread. */
    void release(int slot) {
        if (closed) {
            return;
        }
        try {
            cursor.release(slot);
            waiting.wakeWriter();
        } catch (IllegalStateException e) {
            // the reader was closed concurrently: its row is already cleared
        } catch (InternalError e) {
            // the control file was truncated: there is no hold left to drop; the next take reports it
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("reader of channel '" + channel.name() + "' is closed");
        }
    }

    /**
     * The name of the channel this reader is attached to.
     *
     * @return the channel's name
     */
    public String name() {
        return channel.name();
    }

    /**
     * How this reader reads now: the mode it attached with, or latest once the writer demoted it.
     *
     * @return how this reader consumes the channel
     */
    public ReaderMode mode() {
        return mode == ReaderMode.LOSSLESS && !cursor.lossless() ? ReaderMode.LATEST : mode;
    }

    /**
     * Whether the writer demoted this lossless reader to latest for holding it back beyond its stall
     * budget ({@link ReaderOptions#withStallBudget}).
     *
     * @return true once demoted
     */
    public boolean demoted() {
        return mode() != mode;
    }

    /**
     * The reader row this reader owns while attached; other readers and the writer see its cursor and holds there.
     *
     * @return this reader's row in the channel's reader table
     */
    public int row() {
        return row;
    }

    /**
     * The hold limit this reader got: its {@link ReaderOptions#holdLimit()} or the channel's default.
     *
     * @return how many frames this reader may hold at once
     */
    public int holdLimit() {
        return holdLimit;
    }

    /**
     * The channel's slot size, the largest frame it carries.
     *
     * @return bytes per slot
     */
    public long slotSize() {
        return channel.layout().slotSize();
    }

    /**
     * The size of the channel's ring in frames.
     *
     * @return the number of slots
     */
    public int slotCount() {
        return channel.layout().slotCount();
    }

    /**
     * The backing of the channel's memory, as recorded by its writer.
     *
     * @return where the channel's memory comes from
     */
    public Backing backing() {
        return channel.backing();
    }

    /**
     * A counter of the frames this reader has taken since it attached.
     *
     * @return frames taken so far
     */
    public long received() {
        return received;
    }

    /**
     * A counter of the frames a {@link ReaderMode#LATEST} reader passed over.
     *
     * @return frames a LATEST reader skipped to stay on the newest
     */
    public long skipped() {
        return cursor.skipped();
    }

    /**
     * A counter of the frames a {@link ReaderMode#LOSSLESS} reader missed.
     *
     * @return frames a LOSSLESS reader could not take (0 unless the channel was corrupted or lapped)
     */
    public long lost() {
        return cursor.lost();
    }

    /**
     * The newest published sequence, read from the channel header.
     *
     * @return the sequence of the newest frame the writer has published
     */
    public long published() {
        try {
            return control.header().published();
        } catch (InternalError e) {
            throw Faults.truncated(channel, e);
        }
    }

    /**
     * For a reader that forwards frames elsewhere (a network bridge): records when it last heard from its far
     * end, which {@code framebus inspect} and {@code ls} show. Allocation-free; no syscall.
     *
     * @param nanos {@link System#nanoTime()} of the last contact
     */
    public void reportContact(long nanos) {
        try {
            control.readers().setLastContact(row, nanos);
        } catch (InternalError e) {
            throw Faults.truncated(channel, e);
        }
    }

    /** Detaches: drops every hold of this reader, frees its row and unmaps the channel. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Diagnostics.readerDetached(registration, received, cursor.skipped(), cursor.lost());
            ReaderAttach.detach(channel, row);
            waiting.wakeWriter();
        } catch (InternalError e) {
            // the control file was truncated: the lock goes with the file descriptor below
        } finally {
            channel.close();
        }
    }
}
