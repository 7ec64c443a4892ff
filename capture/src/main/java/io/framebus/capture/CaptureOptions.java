package io.framebus.capture;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link Capture#run} drives its source.
 *
 * @param realtime     pace a non-live source at its native frame rate (by presentation time), as a
 *                     camera would deliver it; false = as fast as the source and readers allow.
 *                     Live sources (cameras, network streams) are never paced.
 * @param loop         at the end of the source, rewind and continue (presentation times keep increasing)
 * @param maxFrames    stop after publishing this many frames; 0 = no limit
 * @param claimTimeout how long to wait for a free slot (lossless readers may hold them all); when it
 *                     expires the frame is dropped and counted ({@link CaptureSummary}), and capture
 *                     goes on. The default, 60 s, makes a file source effectively lossless; give a live
 *                     camera a short timeout instead, since it cannot wait for slow readers.
 */
public record CaptureOptions(boolean realtime, boolean loop, long maxFrames, Duration claimTimeout) {

    public CaptureOptions {
        Objects.requireNonNull(claimTimeout, "claimTimeout");
        if (maxFrames < 0) {
            throw new IllegalArgumentException("max frames must be >= 0 (0 = no limit), got " + maxFrames);
        }
        if (claimTimeout.isNegative()) {
            throw new IllegalArgumentException("claim timeout must not be negative");
        }
    }

    /** As fast as possible, no loop, no frame limit, 60 s claim timeout. */
    public static CaptureOptions defaults() {
        return new CaptureOptions(false, false, 0, Duration.ofSeconds(60));
    }

    public CaptureOptions withRealtime(boolean pace) {
        return new CaptureOptions(pace, loop, maxFrames, claimTimeout);
    }

    public CaptureOptions withLoop(boolean repeat) {
        return new CaptureOptions(realtime, repeat, maxFrames, claimTimeout);
    }

    public CaptureOptions withMaxFrames(long frames) {
        return new CaptureOptions(realtime, loop, frames, claimTimeout);
    }

    public CaptureOptions withClaimTimeout(Duration timeout) {
        return new CaptureOptions(realtime, loop, maxFrames, timeout);
    }
}
