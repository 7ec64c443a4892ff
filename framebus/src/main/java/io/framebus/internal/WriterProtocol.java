package io.framebus.internal;

import io.framebus.internal.diagnostics.StallReporter;
import io.framebus.layout.ChannelLayout;
import io.framebus.layout.ControlRegion;
import io.framebus.layout.HeaderFlyweight;
import io.framebus.layout.SlotDescriptorFlyweight;
import io.framebus.wait.FutexSignal;

/**
 * The writer's side of the channel protocol: reserve a slot nobody needs (waiting for readers when
 * there is none), publish a frame in it, or give it back. The publish order is: descriptor fields,
 * slot sequence, ring entry (slot, then sequence), published sequence (volatile), then a wake-up only
 * if a reader sleeps. Writer thread only; {@link #wakeSelf()} from any thread.
 */
public final class WriterProtocol {
    private static final long MAX_SLEEP_NANOS = 50_000_000L;

    private final ControlRegion control;
    private final HeaderFlyweight header;
    private final SlotDescriptorFlyweight slots;
    private final ChannelLayout layout;
    private final SlotRecycler recycler;
    private final StallReporter stalls;
    private final StallWatch stallWatch;
    private final FutexSignal readerSignal;
    private final FutexSignal writerSignal;
    private final long generation;
    private long nextSequence;

    /**
     * @param channel    the mapped channel, its writer lock held
     * @param generation this writer's generation
     * @param stalls     reports waits for a slot that exceed the threshold (JFR, log)
     */
    public WriterProtocol(MappedChannel channel, long generation, StallReporter stalls) {
        this.control = channel.control();
        this.header = control.header();
        this.slots = control.slots();
        this.layout = channel.layout();
        this.recycler = new SlotRecycler(control);
        this.stallWatch = new StallWatch(control, recycler);
        this.readerSignal = new FutexSignal(header.readerFutexWord(), control.readerSleepers(), -1);
        this.writerSignal = new FutexSignal(header.writerFutexWord(), header.writerSleepers(), 0);
        this.generation = generation;
        this.stalls = stalls;
        this.nextSequence = header.published() + 1;
    }

    /** @return the sequence the next published frame will have */
    public long nextSequence() {
        return nextSequence;
    }

    /**
     * Reserves the oldest slot nobody needs, without waiting.
     *
     * @return the slot, marked claimed, or -1
     */
    public int tryReserve() {
        return recycler.tryReserve(nextSequence);
    }

    /**
     * Reserves a slot, waiting up to {@code timeoutNanos} for readers to release one. While it waits,
     * the header says so ({@code inspect} shows the stall in progress and whom it waits on), and a lossless
     * reader still for longer than its stall budget is demoted.
     *
     * @param timeoutNanos how long to wait
     * @return the slot, or -1 on timeout
     */
    public int reserve(long timeoutNanos) {
        int slot = tryReserve();
        if (slot >= 0) {
            return slot;
        }
        long start = System.nanoTime();
        long deadline = start + timeoutNanos;
        try {
            while (true) {
                int observed = writerSignal.prepare();
                try {
                    slot = tryReserve();
                    if (slot >= 0) {
                        return slot;
                    }
                    long now = System.nanoTime();
                    if (stallWatch.waiting(now, start)) {
                        continue; // a stalled lossless reader was demoted: its slots may be free now
                    }
                    if (now - deadline >= 0) {
                        return -1;
                    }
                    writerSignal.await(observed, Math.min(deadline - now, MAX_SLEEP_NANOS));
                } finally {
                    writerSignal.done();
                }
            }
        } finally {
            stallWatch.done();
            long stalled = System.nanoTime() - start;
            control.statistics().noteWriterStall(stalled);
            stalls.ended(stalled);
        }
    }

    /**
     * Publishes the frame in {@code slot} to every reader. Allocation-free; no syscall unless a reader sleeps.
     *
     * @param slot   the reserved slot, its descriptor filled in
     * @param length the payload's length
     * @return the frame's sequence
     */
    public long publish(int slot, long length) {
        long sequence = nextSequence;
        long now = System.nanoTime();
        if (slots.captureNanos(slot) == 0) {
            slots.setCaptureNanos(slot, now);
        }
        slots.setPublication(slot, length, now, generation);
        slots.setSequence(slot, sequence);
        control.ring().announce((int) sequence & layout.ringMask(), slot, sequence);
        header.publish(sequence);
        readerSignal.signalIfSleeping();
        recycler.published(slot, sequence);
        nextSequence = sequence + 1;
        return sequence;
    }

    /**
     * Gives a reserved slot back unwritten.
     *
     * @param slot the reserved slot
     */
    public void abort(int slot) {
        recycler.aborted(slot);
    }

    /** Wakes this writer if it sleeps waiting for a slot (after a reclaim, say). Any thread. */
    public void wakeSelf() {
        writerSignal.signalIfSleeping();
    }

    /** Marks the channel closed and wakes every reader: they drain what was published, then stop. */
    public void markClosed() {
        header.setState(ChannelLayout.STATE_CLOSED);
        readerSignal.signal();
    }
}
