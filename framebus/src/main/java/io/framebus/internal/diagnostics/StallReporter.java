package io.framebus.internal.diagnostics;

import io.framebus.layout.HeaderFlyweight;

import java.lang.System.Logger.Level;
import java.util.Locale;

/**
 * Watches one writer's waits for a free slot: each wait longer than the threshold
 * ({@code -Dframebus.stallThresholdMillis}, default {@value #DEFAULT_THRESHOLD_MILLIS} ms) becomes a JFR
 * event, and a log record at WARNING at most every {@value #LOG_EVERY_SECONDS} s summarises them. A
 * wait under the threshold costs one comparison. Writer thread only.
 */
public final class StallReporter {
    /** The system property that sets the threshold, in milliseconds. */
    public static final String THRESHOLD_PROPERTY = "framebus.stallThresholdMillis";
    static final long DEFAULT_THRESHOLD_MILLIS = 50;
    static final long LOG_EVERY_SECONDS = 10;
    private static final long LOG_EVERY_NANOS = LOG_EVERY_SECONDS * 1_000_000_000L;

    private final String channel;
    private final HeaderFlyweight header;
    private final long thresholdNanos;
    private long pending;
    private long pendingLongest;
    private long lastLog;
    private boolean everLogged;

    StallReporter(String channel, HeaderFlyweight header) {
        this.channel = channel;
        this.header = header;
        this.thresholdNanos = Math.max(0, Long.getLong(THRESHOLD_PROPERTY, DEFAULT_THRESHOLD_MILLIS)) * 1_000_000L;
    }

    /**
     * A wait for a free slot ended.
     *
     * @param nanos how long it lasted
     */
    public void ended(long nanos) {
        if (nanos >= thresholdNanos && nanos > 0) {
            overThreshold(nanos);
        }
    }

    private void overThreshold(long nanos) {
        if (OpenChannels.jfr()) {
            JfrEvents.writerStall(channel, nanos, thresholdNanos, header.published());
        }
        pending++;
        pendingLongest = Math.max(pendingLongest, nanos);
        long now = System.nanoTime();
        if (!everLogged || now - lastLog >= LOG_EVERY_NANOS) {
            log(everLogged ? (now - lastLog) / 1e9 : 0);
            lastLog = now;
            everLogged = true;
        }
    }

    /** Logs the stalls not logged yet (at close). */
    void flush() {
        if (pending > 0) {
            log((System.nanoTime() - lastLog) / 1e9);
        }
    }

    private void log(double overSeconds) {
        long count = pending;
        long longest = pendingLongest;
        pending = 0;
        pendingLongest = 0;
        Diagnostics.LOG.log(Level.WARNING, () -> "channel '" + channel + "': the writer waited "
                + (count == 1 ? String.format(Locale.ROOT, "%.1f ms", longest / 1e6)
                        : String.format(Locale.ROOT, "over %d ms for a free slot %d times in %.1f s (longest %.1f ms)",
                                thresholdNanos / 1_000_000, count, overSeconds, longest / 1e6))
                + (count == 1 ? " for a free slot (threshold " + thresholdNanos / 1_000_000 + " ms)" : "")
                + ": readers hold every slot, or a lossless reader is slower than the writer");
    }
}
