package io.framebus;

import io.framebus.internal.MappedChannel;
import io.framebus.internal.ReaderOpener;
import io.framebus.internal.RingCursor;
import io.framebus.layout.ChannelLayout;
import io.framebus.layout.ControlRegion;
import io.framebus.liveness.ProcessIdentity;
import io.framebus.liveness.Reclaimer;
import io.framebus.wait.FutexSignal;
import io.framebus.wait.IdleStrategy;
import io.framebus.wait.WaitStrategy;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * Reads frames of one channel, in place. Obtain one with {@link FrameChannel#attach}.
 *
 * <pre>{@code
 * try (ChannelReader reader = FrameChannel.attach("camera0", ReaderOptions.latest())) {
 *     while (running) {
 *         try (Frame frame = reader.take(Duration.ofMillis(500))) {
 *             if (frame != null) process(frame.segment());
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>{@link #poll()} never blocks and makes no syscall. {@link #take(Duration)} waits with the
 * configured {@link WaitStrategy}; while waiting it checks every 100 ms that the writer is alive.
 * A reader is used by one thread; frames it hands out may be closed from any thread.
 */
public final class ChannelReader implements AutoCloseable {
    private static final long WRITER_PROBE_NANOS = 100_000_000L;

    private final MappedChannel channel;
    private final ControlRegion control;
    private final ChannelLayout layout;
    private final int row;
    private final ReaderMode mode;
    private final int holdLimit;
    private final RingCursor cursor;
    private final Frame[] handles;
    private final FutexSignal readerSignal;
    private final FutexSignal writerSignal;
    private final IdleStrategy idle;
    private final MemorySegment[] views;
    private final ByteBuffer[] buffers;
    private long received;
    private volatile boolean closed;

    private ChannelReader(MappedChannel channel, int row, ReaderOptions options) {
        this.channel = channel;
        this.control = channel.control();
        this.layout = channel.layout();
        this.row = row;
        this.mode = options.mode();
        int limit = options.holdLimit() == 0 ? control.holdLimit() : options.holdLimit();
        if (limit > layout.slotCount() - 1) {
            throw new IllegalArgumentException("hold limit " + limit + " leaves the writer no slot: channel '"
                    + channel.name() + "' has " + layout.slotCount() + " slots, so at most " + (layout.slotCount() - 1));
        }
        this.holdLimit = limit;
        Reclaimer.clearRow(control, row); // whatever a dead predecessor in this row left behind
        ProcessIdentity me = ProcessIdentity.current();
        control.initRow(row, mode.code(), holdLimit, me.pid(), me.startTime(), System.nanoTime());
        this.cursor = new RingCursor(control, row, mode, RingCursor.register(control, row, mode));
        this.handles = new Frame[holdLimit];
        for (int i = 0; i < holdLimit; i++) {
            handles[i] = new Frame(this);
        }
        this.readerSignal = new FutexSignal(control.readerFutexWord(), control.readerSleepers(), row);
        this.writerSignal = new FutexSignal(control.writerFutexWord(), control.writerSleepers(), -1);
        this.idle = options.waitStrategy().newIdleStrategy();
        this.views = new MemorySegment[layout.slotCount()];
        this.buffers = new ByteBuffer[layout.slotCount()];
    }

    static ChannelReader attach(String name, ReaderOptions options) {
        MappedChannel channel = ReaderOpener.attach(name, options.directory(), options.attachTimeout().toNanos());
        int row = -1;
        try {
            row = claimRow(channel);
            return new ChannelReader(channel, row, options);
        } catch (RuntimeException e) {
            if (row >= 0) {
                channel.control().setRowState(row, ChannelLayout.ROW_FREE);
            }
            channel.close();
            throw e;
        }
    }

    private static int claimRow(MappedChannel channel) {
        int max = channel.layout().maxReaders();
        for (int row = 0; row < max; row++) {
            if (channel.file().tryLock(ChannelLayout.readerLockByte(row))) {
                return row;
            }
        }
        throw new TooManyReadersException("channel '" + channel.name() + "' allows at most " + max
                + " readers and all " + max + " are attached by live processes; detach one, or create the channel"
                + " with a larger --max-readers");
    }

    /**
     * Takes the next frame if one is ready: the next in order ({@link ReaderMode#LOSSLESS}) or the
     * newest ({@link ReaderMode#LATEST}). Never blocks, never makes a syscall, does not allocate.
     *
     * @return the held frame, or null if none is ready
     * @throws HoldLimitExceededException when this reader already holds its limit of frames
     */
    public Frame poll() {
        ensureOpen();
        Frame handle = freeHandle();
        if (!cursor.tryTake()) {
            return null;
        }
        int slot = cursor.takenSlot();
        try {
            handle.load(control, slot, cursor.takenSequence(), System.nanoTime());
        } catch (RuntimeException e) {
            cursor.release(slot);
            throw e;
        }
        received++;
        control.setRowStats(row, received, cursor.skipped(), cursor.lost());
        if (mode == ReaderMode.LOSSLESS) {
            writerSignal.signalIfSleeping(); // our cursor moved: the writer may be waiting for room
        }
        return handle;
    }

    private Frame freeHandle() {
        for (Frame h : handles) {
            if (h.isFree()) {
                return h;
            }
        }
        throw new HoldLimitExceededException("this reader of channel '" + channel.name() + "' already holds "
                + holdLimit + " frames, its hold limit; close a Frame (and release its ByteBuf views) before taking"
                + " another, or attach with a higher hold limit (at most " + (layout.slotCount() - 1) + ")");
    }

    /**
     * Waits up to {@code timeout} for a frame.
     *
     * @return the held frame, or null on timeout
     * @throws ChannelClosedException when the writer closed the channel and every frame was read
     * @throws WriterDeadException    when the writer died and nothing is left to read; a later call
     *                                succeeds once a new writer takes the channel over
     */
    public Frame take(Duration timeout) {
        return take(timeout.toNanos());
    }

    /** {@link #take(Duration)} with the timeout in nanoseconds. */
    public Frame take(long timeoutNanos) {
        Frame frame = poll();
        if (frame != null) {
            return frame;
        }
        long now = System.nanoTime();
        long deadline = now + Math.max(0, timeoutNanos);
        long nextProbe = now;
        while (true) {
            frame = poll();
            if (frame != null) {
                if (idle != null) {
                    idle.reset();
                }
                return frame;
            }
            if (control.state() == ChannelLayout.STATE_CLOSED) {
                frame = poll();
                if (frame != null) {
                    return frame;
                }
                throw new ChannelClosedException("the writer closed channel '" + channel.name() + "'");
            }
            now = System.nanoTime();
            if (now - nextProbe >= 0) {
                if (!writerLockHeld()) {
                    throw new WriterDeadException("the writer of channel '" + channel.name() + "' (pid "
                            + control.writerPid() + ") is gone; frames will resume when a new writer takes over");
                }
                nextProbe = now + WRITER_PROBE_NANOS;
            }
            if (now - deadline >= 0) {
                return null;
            }
            if (idle != null) {
                idle.idle();
                continue;
            }
            int observed = readerSignal.prepare();
            try {
                if (!cursor.hasPublished() && control.state() != ChannelLayout.STATE_CLOSED) {
                    readerSignal.await(observed, Math.min(deadline, nextProbe) - now);
                }
            } finally {
                readerSignal.done();
            }
        }
    }

    private boolean writerLockHeld() {
        return channel.file().isLockedByOther(ChannelLayout.WRITER_LOCK_BYTE);
    }

    /** Whether the writer is alive, dead, or has closed the channel. Makes a syscall. */
    public WriterStatus writerStatus() {
        ensureOpen();
        if (control.state() == ChannelLayout.STATE_CLOSED) {
            return WriterStatus.CLOSED;
        }
        return writerLockHeld() ? WriterStatus.ALIVE : WriterStatus.DEAD;
    }

    /**
     * Waits up to {@code timeout} for a live writer (after a {@link WriterDeadException}, say).
     *
     * @return true when a writer holds the channel, false on timeout or when the channel was closed
     */
    public boolean awaitWriter(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            WriterStatus status = writerStatus();
            if (status != WriterStatus.DEAD) {
                return status == WriterStatus.ALIVE;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
        }
    }

    /** Drops the hold on {@code slot}; called by the last reference of a frame, from any thread. */
    void release(int slot) {
        if (closed) {
            return;
        }
        try {
            cursor.release(slot);
            writerSignal.signalIfSleeping();
        } catch (IllegalStateException e) {
            // the reader was closed concurrently: its row is already cleared
        }
    }

    MemorySegment slotView(int slot, long length) {
        MemorySegment view = views[slot];
        if (view == null || view.byteSize() != length) {
            view = channel.data().asSlice(layout.slotData(slot), length);
            views[slot] = view;
        }
        return view;
    }

    ByteBuffer slotBuffer(int slot, int length) {
        ByteBuffer buffer = buffers[slot];
        if (buffer == null) {
            buffer = channel.slot(slot).asByteBuffer();
            buffers[slot] = buffer;
        }
        buffer.clear().limit(length);
        return buffer;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("reader of channel '" + channel.name() + "' is closed");
        }
    }

    public String channelName() {
        return channel.name();
    }

    public ReaderMode mode() {
        return mode;
    }

    /** This reader's row in the channel's reader table. */
    public int row() {
        return row;
    }

    public int holdLimit() {
        return holdLimit;
    }

    public long slotSize() {
        return layout.slotSize();
    }

    public int slotCount() {
        return layout.slotCount();
    }

    public Backing backing() {
        return channel.backing();
    }

    /** Frames taken so far. */
    public long received() {
        return received;
    }

    /** Frames a LATEST reader skipped to stay on the newest. */
    public long skipped() {
        return cursor.skipped();
    }

    /** Frames a LOSSLESS reader could not take (stays 0 unless the channel was corrupted). */
    public long lost() {
        return cursor.lost();
    }

    /** The last published sequence. */
    public long published() {
        return control.published();
    }

    /** Detaches: drops every hold of this reader, frees its row and unmaps the channel. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            for (int slot = 0; slot < layout.slotCount(); slot++) {
                control.setHold(row, slot, 0);
            }
            FutexSignal.clearSleeper(control.readerSleepers(), row);
            control.setRowState(row, ChannelLayout.ROW_FREE);
            writerSignal.signalIfSleeping();
            channel.file().unlock(ChannelLayout.readerLockByte(row));
        } finally {
            channel.close();
        }
    }
}
