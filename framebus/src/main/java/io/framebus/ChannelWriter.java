package io.framebus;

import io.framebus.internal.Faults;
import io.framebus.internal.MappedChannel;
import io.framebus.internal.WriterOpener;
import io.framebus.internal.WriterProtocol;
import io.framebus.internal.diagnostics.Diagnostics;
import io.framebus.internal.diagnostics.OpenChannel;
import io.framebus.internal.diagnostics.StallReporter;
import io.framebus.layout.ChannelLayout;
import io.framebus.layout.ControlRegion;
import io.framebus.liveness.LivenessMonitor;

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
 * {@link ReadStatus#CLOSED}) and removes the channel's two files. If the process dies instead, the
 * files stay; the next writer of that name and user takes them over, and {@code framebus gc} removes
 * them.
 *
 * <p>If another process truncates a channel file this process has mapped, every method that touches the
 * channel raises {@link ChannelTruncatedException}; the process stays alive.
 *
 * <p>A writer is used by one thread.
 */
public final class ChannelWriter implements AutoCloseable {
    private final MappedChannel channel;
    private final ControlRegion control;
    private final ChannelLayout layout;
    private final WriterProtocol protocol;
    private final LivenessMonitor monitor;
    private final FrameClaim claim;
    private final WriterOpener.Opened opened;
    private final ChannelLink link;
    private final Thread shutdownHook;
    private final OpenChannel registration;
    private final StallReporter stalls;
    /** True between a successful claim and its publish or abort: one claim at a time. */
    private boolean claimOpen;
    private volatile boolean closed;

    private ChannelWriter(WriterOpener.Opened opened, ChannelConfig config) {
        this.opened = opened;
        this.channel = opened.channel();
        this.control = channel.control();
        this.layout = channel.layout();
        this.stalls = Diagnostics.stallReporter(channel.name(), control);
        this.protocol = new WriterProtocol(channel, opened.generation(), stalls);
        MemorySegment[] slotMemory = new MemorySegment[layout.slotCount()];
        for (int i = 0; i < slotMemory.length; i++) {
            slotMemory[i] = channel.slot(i);
        }
        this.claim = new FrameClaim(this, control.slots(), slotMemory);
        this.link = new ChannelLink(channel);
        this.monitor = new LivenessMonitor(channel.name(), channel.file(), control,
                config.livenessPeriod().toNanos(), protocol::wakeSelf).start();
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
            opened.channel().unlinkFiles();
            opened.channel().close();
            throw e;
        }
    }

    /** The typed error for a fault in a mapping: a channel file was truncated under this process. */
    RuntimeException fault(InternalError e) {
        return Faults.truncated(channel, e);
    }

    /**
     * Claims a free slot without waiting. Allocation-free; no syscall.
     *
     * @return the claim, or null when every slot is held by a reader or not yet taken by a lossless reader
     * @throws ChannelTruncatedException when a channel file was truncated under this process
     */
    public FrameClaim tryClaim() {
        ensureOpen();
        try {
            return opened(protocol.tryReserve());
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    private FrameClaim opened(int slot) {
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
     * reclaimed within the liveness period, so they cannot stall this beyond the timeout; a lossless
     * reader with a stall budget is demoted once it has held the writer back for longer than its budget.
     *
     * @param timeout how long to wait
     * @return the claim, or null on timeout
     * @throws ChannelTruncatedException when a channel file was truncated under this process
     */
    public FrameClaim claim(Duration timeout) {
        ensureOpen();
        try {
            return opened(protocol.reserve(timeout.toNanos()));
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    long nextSequence() {
        return protocol.nextSequence();
    }

    long publish(FrameClaim c, int slot, long length) {
        try {
            long sequence = protocol.publish(slot, length);
            c.closeClaim();
            claimOpen = false;
            return sequence;
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    void abort(FrameClaim c, int slot) {
        try {
            protocol.abort(slot);
        } catch (InternalError e) {
            throw fault(e);
        } finally {
            c.closeClaim();
            claimOpen = false;
        }
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
        try {
            int n = 0;
            for (int row = 0; row < layout.maxReaders(); row++) {
                if (control.readers().state(row) == ChannelLayout.ROW_ACTIVE) {
                    n++;
                }
            }
            return n;
        } catch (InternalError e) {
            throw fault(e);
        }
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
        try {
            return control.header().published();
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    /**
     * Stores a short note that {@code framebus inspect} shows (e.g. how frames are produced); at most 127
     * bytes of UTF-8 are kept.
     *
     * @param text the note
     */
    public void note(String text) {
        try {
            control.header().writeNote(text);
        } catch (InternalError e) {
            throw fault(e);
        }
    }

    /**
     * Where this channel's frames come from, for a writer that receives them from elsewhere (a network bridge):
     * {@code framebus inspect} and {@code ls} show it.
     *
     * @return the channel's link lines, written by this writer's thread
     */
    public ChannelLink link() {
        return link;
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
        try {
            return control.statistics().maxWriterStallNanos();
        } catch (InternalError e) {
            throw fault(e);
        }
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
            protocol.markClosed();
        } catch (RuntimeException | InternalError e) {
            // at JVM exit (or on a truncated file): nothing left to report to
        }
        channel.unlinkFiles();
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
        try {
            protocol.markClosed();
        } catch (InternalError e) {
            // the control file was truncated: readers find out by themselves; the files go anyway
        }
        channel.unlinkFiles();
        Diagnostics.writerClosed(registration, stalls, protocol.nextSequence() - 1);
        channel.close();
    }
}
