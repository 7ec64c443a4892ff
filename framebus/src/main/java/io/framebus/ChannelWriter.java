package io.framebus;

import io.framebus.internal.MappedChannel;
import io.framebus.internal.SlotRecycler;
import io.framebus.internal.WriterOpener;
import io.framebus.internal.diagnostics.Diagnostics;
import io.framebus.internal.diagnostics.OpenChannel;
import io.framebus.internal.diagnostics.StallWatch;
import io.framebus.layout.ChannelLayout;
import io.framebus.layout.ControlRegion;
import io.framebus.layout.HeaderFlyweight;
import io.framebus.layout.HeaderStatisticsFlyweight;
import io.framebus.layout.SlotDescriptorFlyweight;
import io.framebus.liveness.LivenessMonitor;
import io.framebus.wait.FutexSignal;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * The single writer of a channel. Obtain one with {@link FrameChannel#create}.
 *
 * <pre>{@code
 * try (ChannelWriter writer = FrameChannel.create(ChannelConfig.of("camera0", 6_220_800))) {
 *     FrameClaim claim = writer.claim(Duration.ofSeconds(1));
 *     fill(claim.segment());
 *     claim.video(1920, 1080, 5760, PixelFormat.BGR24).publish();
 * }
 * }</pre>
 *
 * <p>Closing the writer marks the channel closed (readers drain what was published, then see
 * {@link ChannelClosedException}) and removes the channel file. If the process dies instead, the
 * file stays; the next writer of that name takes it over, and {@code framebus gc} removes it.
 *
 * <p>A writer is used by one thread.
 */
public final class ChannelWriter implements AutoCloseable {
    private static final long MAX_SLEEP_NANOS = 50_000_000L;

    private final MappedChannel channel;
    private final ControlRegion control;
    private final HeaderFlyweight header;
    private final HeaderStatisticsFlyweight statistics;
    private final SlotDescriptorFlyweight slots;
    private final ChannelLayout layout;
    private final SlotRecycler recycler;
    private final FutexSignal readerSignal;
    private final FutexSignal writerSignal;
    private final LivenessMonitor monitor;
    private final FrameClaim claim;
    private final WriterOpener.Opened opened;
    private final Thread shutdownHook;
    private final OpenChannel registration;
    private final StallWatch stalls;
    private long nextSequence;
    /** True between a successful claim and its publish or abort: one claim at a time. */
    private boolean claimOpen;
    private volatile boolean closed;

    private ChannelWriter(WriterOpener.Opened opened, ChannelConfig config) {
        this.opened = opened;
        this.channel = opened.channel();
        this.control = channel.control();
        this.header = control.header();
        this.statistics = control.statistics();
        this.slots = control.slots();
        this.layout = channel.layout();
        this.recycler = new SlotRecycler(control);
        this.readerSignal = new FutexSignal(header.readerFutexWord(), control.readerSleepers(), -1);
        this.writerSignal = new FutexSignal(header.writerFutexWord(), header.writerSleepers(), 0);
        MemorySegment[] slotMemory = new MemorySegment[layout.slotCount()];
        for (int i = 0; i < slotMemory.length; i++) {
            slotMemory[i] = channel.slot(i);
        }
        this.claim = new FrameClaim(this, slots, slotMemory);
        this.nextSequence = header.published() + 1;
        this.monitor = new LivenessMonitor(channel.name(), channel.file(), control,
                config.livenessPeriod().toNanos(), this::wakeSelf).start();
        this.stalls = Diagnostics.stallWatch(channel.name(), control);
        this.registration = Diagnostics.writerOpened(config, channel.name(), path().toString(), control,
                channel.backing(), opened.placement().pageSize(), opened.pages(), opened.placement().reason(),
                opened.tookOver());
        this.shutdownHook = Thread.ofPlatform().unstarted(this::closeAtExit);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    static ChannelWriter create(ChannelConfig config) {
        WriterOpener.Opened opened = WriterOpener.open(config.validate());
        try {
            return new ChannelWriter(opened, config);
        } catch (RuntimeException e) {
            opened.channel().file().unlinkIfLinked();
            opened.channel().close();
            throw e;
        }
    }

    private void wakeSelf() {
        writerSignal.signalIfSleeping();
    }

    /**
     * Claims a free slot without waiting. Allocation-free; no syscall.
     *
     * @return the claim, or null when every slot is held by a reader or not yet taken by a lossless reader
     */
    public FrameClaim tryClaim() {
        ensureOpen();
        int slot = recycler.tryReserve(nextSequence);
        if (slot < 0) {
            return null;
        }
        claim.open(slot);
        claimOpen = true;
        return claim;
    }

    private void ensureOpen() {
        if (closed) {
            throw new ChannelClosedException("writer of channel '" + channel.name() + "' is closed");
        }
        if (claimOpen) {
            throw new IllegalStateException("a claim on channel '" + channel.name()
                    + "' is still open; publish or abort it before claiming again");
        }
    }

    /**
     * Claims a free slot, waiting up to {@code timeout} for readers to release one. Dead readers are
     * reclaimed within the liveness period, so they cannot stall this beyond the timeout.
     *
     * @param timeout how long to wait
     * @return the claim, or null on timeout
     */
    public FrameClaim claim(Duration timeout) {
        FrameClaim c = tryClaim();
        if (c != null) {
            return c;
        }
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        try {
            while (true) {
                int observed = writerSignal.prepare();
                try {
                    c = tryClaim();
                    if (c != null) {
                        return c;
                    }
                    long now = System.nanoTime();
                    if (now - deadline >= 0) {
                        return null;
                    }
                    writerSignal.await(observed, Math.min(deadline - now, MAX_SLEEP_NANOS));
                } finally {
                    writerSignal.done();
                }
            }
        } finally {
            long stalled = System.nanoTime() - start;
            statistics.noteWriterStall(stalled);
            stalls.ended(stalled);
        }
    }

    long nextSequence() {
        return nextSequence;
    }

    long publish(FrameClaim c, int slot, long length) {
        long sequence = nextSequence;
        long now = System.nanoTime();
        if (slots.captureNanos(slot) == 0) {
            slots.setCaptureNanos(slot, now);
        }
        slots.setPublication(slot, length, now, opened.generation());
        slots.setSequence(slot, sequence);
        control.ring().announce((int) sequence & layout.ringMask(), slot, sequence);
        header.publish(sequence);
        readerSignal.signalIfSleeping();
        recycler.published(slot, sequence);
        nextSequence = sequence + 1;
        c.closeClaim();
        claimOpen = false;
        return sequence;
    }

    void abort(FrameClaim c, int slot) {
        recycler.aborted(slot);
        c.closeClaim();
        claimOpen = false;
    }

    /**
     * Whether this writer has closed the channel. Safe to call from any thread.
     *
     * @return true once {@link #close()} ran (also when it ran from the JVM's shutdown hook on Ctrl-C or
     *         SIGTERM)
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Counts the active rows of the reader table, a scan of shared memory with no syscall.
     *
     * @return the number of reader rows currently attached (alive, or dead and not yet reclaimed)
     */
    public int readerCount() {
        int n = 0;
        for (int row = 0; row < layout.maxReaders(); row++) {
            if (control.readers().state(row) == ChannelLayout.ROW_ACTIVE) {
                n++;
            }
        }
        return n;
    }

    /**
     * Waits until at least {@code readers} readers are attached.
     *
     * @param readers how many
     * @param timeout how long to wait
     * @return false on timeout
     */
    public boolean awaitReaders(int readers, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (readerCount() < readers) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            LockSupport.parkNanos(2_000_000);
        }
        return true;
    }

    /**
     * The publish count, read from the channel header.
     *
     * @return frames published on this channel so far (across writer restarts): the last sequence
     */
    public long published() {
        return header.published();
    }

    /**
     * Stores a short note that {@code framebus inspect} shows (e.g. how frames are produced); at most 127
     * bytes of UTF-8 are kept.
     *
     * @param text the note
     */
    public void note(String text) {
        header.writeNote(text);
    }

    /**
     * The name of the channel this writer owns.
     *
     * @return the channel's name
     */
    public String name() {
        return channel.name();
    }

    /**
     * The backing this writer obtained, which with {@link Backing#AUTO} may differ from the one requested.
     *
     * @return where the channel's memory comes from
     */
    public Backing backing() {
        return channel.backing();
    }

    /**
     * The location of the channel file readers map.
     *
     * @return the channel file
     */
    public Path path() {
        return channel.file().path();
    }

    /**
     * A one-line explanation of the placement, for logs and {@code framebus inspect}.
     *
     * @return why this backing and directory were chosen
     */
    public String placementReason() {
        return opened.placement().reason();
    }

    /**
     * What the kernel actually gave the data region, which can differ from what the backing asked for.
     *
     * @return the pages the kernel really gave the slots, read from {@code /proc/self/smaps} at creation
     */
    public PageReport pageReport() {
        return opened.pages();
    }

    /**
     * The writer generation of this channel; readers report a change as {@link ReadStatus#WRITER_RESTARTED}.
     *
     * @return 1 for a new channel, one more each time a writer takes over a dead writer's channel
     */
    public long generation() {
        return opened.generation();
    }

    /**
     * Whether {@link FrameChannel#create} found a dead writer's channel and reused it.
     *
     * @return true when this writer took over the file of a dead writer instead of creating it
     */
    public boolean tookOver() {
        return opened.tookOver();
    }

    /**
     * The channel's slot size, the largest frame it carries.
     *
     * @return bytes per slot
     */
    public long slotSize() {
        return layout.slotSize();
    }

    /**
     * The size of the channel's ring in frames.
     *
     * @return the number of slots
     */
    public int slotCount() {
        return layout.slotCount();
    }

    /**
     * The worst back-pressure stall of this channel's writers so far, read from the channel header.
     *
     * @return the longest time {@link #claim(Duration)} has waited so far, in nanoseconds
     */
    public long maxStallNanos() {
        return statistics.maxWriterStallNanos();
    }

    /**
     * The shutdown hook (Ctrl-C, SIGTERM, System.exit): marks the channel closed, wakes the readers and
     * removes the file, but does not unmap. Other threads, native code among them (a decoder writing
     * into a slot), may still be running; the kernel unmaps everything and drops the liveness lock
     * when the process exits a moment later.
     */
    private void closeAtExit() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            registration.close();
            monitor.close();
            header.setState(ChannelLayout.STATE_CLOSED);
            readerSignal.signal();
            channel.file().unlinkIfLinked();
        } catch (RuntimeException e) {
            // at JVM exit: nothing left to report to
        }
    }

    /** Marks the channel closed, wakes every reader, removes the file and unmaps. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down: we are running in the hook
        }
        monitor.close();
        header.setState(ChannelLayout.STATE_CLOSED);
        readerSignal.signal();
        channel.file().unlinkIfLinked();
        Diagnostics.writerClosed(registration, stalls, header.published());
        channel.close();
    }
}
