package io.framebus.liveness;

import io.framebus.layout.ControlRegion;
import io.framebus.memory.ChannelFile;

import java.util.concurrent.locks.LockSupport;

/**
 * The writer's background thread that finds dead readers and reclaims their rows, every
 * {@code period}. Detection needs no heartbeat: a reader's lock disappears with its process, so
 * the delay from death to reclaim is at most one period plus the scan. The thread never touches
 * the publish path; it wakes the writer after a reclaim in case it was waiting for a slot.
 */
public final class LivenessMonitor implements AutoCloseable {
    private final ChannelFile file;
    private final ControlRegion control;
    private final Runnable onReclaim;
    private final long periodNanos;
    private final Thread thread;
    private final String channel;
    /** When a scan last found each row's owner alive ({@link System#nanoTime()}), for reclaim reports. */
    private final long[] lastSeenAlive;
    private volatile boolean running = true;

    public LivenessMonitor(String channel, ChannelFile file, ControlRegion control, long periodNanos,
                           Runnable onReclaim) {
        this.file = file;
        this.control = control;
        this.periodNanos = periodNanos;
        this.onReclaim = onReclaim;
        this.channel = channel;
        this.lastSeenAlive = new long[control.layout().maxReaders()];
        this.thread = Thread.ofPlatform().daemon().name("framebus-liveness-" + channel).unstarted(this::run);
    }

    public LivenessMonitor start() {
        thread.start();
        return this;
    }

    private void run() {
        while (running) {
            try {
                scanOnce();
            } catch (IllegalStateException e) {
                return; // the mapping was closed under us: the writer is shutting down
            } catch (InternalError e) {
                return; // the control file was truncated: the writer reports it on its next call
            }
            LockSupport.parkNanos(periodNanos);
        }
    }

    /** One pass over the reader table. Returns how many dead readers were reclaimed. */
    public int scanOnce() {
        int reclaimed = 0;
        for (int row = 0; row < control.layout().maxReaders() && running; row++) {
            if (!Reclaimer.looksUsed(control, row)) {
                continue;
            }
            long now = System.nanoTime();
            if (Reclaimer.reclaimIfDead(file, control, row, channel, lastSeenAlive[row]) >= 0) {
                reclaimed++;
            } else {
                lastSeenAlive[row] = now;
            }
        }
        if (reclaimed > 0) {
            onReclaim.run();
        }
        return reclaimed;
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
