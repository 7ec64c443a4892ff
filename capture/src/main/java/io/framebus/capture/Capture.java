package io.framebus.capture;

import io.framebus.ChannelWriter;
import io.framebus.FrameClaim;
import io.framebus.PixelFormat;
import io.framebus.pipeline.StageListener;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * The capture stage: moves frames from a {@link VideoSource} into a channel. For each frame it
 * decodes (advances the source), optionally waits for the frame's due time, claims a slot, lets the
 * source write the frame straight into it, and publishes it as {@link PixelFormat#BGR24} with
 * width, height, stride ({@code width * 3}), the presentation time in microseconds, and the capture
 * time ({@link System#nanoTime()} when the decoded frame was handed on: right after decoding, or
 * after the pacing wait in realtime mode, i.e. when a live source would have delivered it).
 *
 * <pre>{@code
 * try (FfmpegSource source = FfmpegSource.open("people.mp4");
 *      ChannelWriter writer = FrameChannel.create(CaptureChannels.configFor("camera0", source.info(), 8))) {
 *     Capture capture = new Capture(source);
 *     CaptureSummary s = capture.run(writer, CaptureOptions.defaults().withRealtime(true).withLoop(true),
 *             StageListener.NONE);
 * }
 * }</pre>
 *
 * <p>{@link #run} does not close the writer or the source: closing the writer is what tells
 * readers the stream ended. It stores {@link VideoSource#note()} as the channel's note. In steady
 * state it allocates nothing per frame.
 */
public final class Capture {
    /** If pacing falls this far behind (a stall), it re-anchors instead of bursting to catch up. */
    private static final long MAX_LAG_NANOS = 500_000_000L;

    private final VideoSource source;
    private volatile boolean stopped;
    private volatile Thread runner;
    private long lastSlotAddress;

    public Capture(VideoSource source) {
        this.source = source;
    }

    /**
     * Captures until the source ends (and is not looped), {@code opts.maxFrames()} frames are
     * published, {@link #stop()} is called, or the thread is interrupted.
     *
     * @param out      the channel to publish into; its slots must hold {@code source.info().frameBytes()}
     * @param opts     pacing, looping, limits
     * @param listener called once per published frame (sequence, capture time, publish time, done
     *                 time, frames dropped so far)
     * @throws IllegalArgumentException when the channel's slots are too small for the source's frames
     * @throws CaptureException         when the source fails
     */
    public CaptureSummary run(ChannelWriter out, CaptureOptions opts, StageListener listener) {
        SourceInfo info = source.info();
        int width = info.width();
        int height = info.height();
        int stride = info.stride();
        if (out.slotSize() < info.frameBytes()) {
            throw new IllegalArgumentException("channel '" + out.name() + "' has slots of " + out.slotSize()
                    + " bytes but a " + width + "x" + height + " BGR24 frame needs " + info.frameBytes()
                    + "; create it with CaptureChannels.configFor(name, source.info(), slots)");
        }
        out.note(source.note());
        runner = Thread.currentThread();
        boolean pace = opts.realtime() && !source.isLive();
        Duration timeout = opts.claimTimeout();
        long max = opts.maxFrames();
        long published = 0;
        long dropped = 0;
        int loops = 0;
        long start = System.nanoTime();
        long anchorNanos = 0;
        long anchorPts = Long.MIN_VALUE;
        try {
            while (!stopped && !Thread.currentThread().isInterrupted() && (max == 0 || published < max)) {
                if (!source.advance()) {
                    if (stopped || !opts.loop() || !source.rewind() || !source.advance()) {
                        break;
                    }
                    loops++;
                }
                long pts = source.ptsMicros();
                if (pace) {
                    long now = System.nanoTime();
                    if (anchorPts == Long.MIN_VALUE || pts < anchorPts
                            || now - (anchorNanos + (pts - anchorPts) * 1000) > MAX_LAG_NANOS) {
                        anchorNanos = now;
                        anchorPts = pts;
                    }
                    waitUntil(anchorNanos + (pts - anchorPts) * 1000);
                    if (stopped) {
                        break;
                    }
                }
                long captureNanos = System.nanoTime();
                FrameClaim claim = out.claim(timeout);
                if (claim == null) {
                    dropped++;
                    continue;
                }
                try {
                    source.writeTo(claim.segment(), stride);
                } catch (RuntimeException | Error e) {
                    claim.abort();
                    throw e;
                }
                lastSlotAddress = claim.address();
                long sequence = claim.video(width, height, stride, PixelFormat.BGR24).pts(pts)
                        .captureNanos(captureNanos).publish();
                published++;
                long now = System.nanoTime();
                listener.frameDone(sequence, captureNanos, now, now, dropped);
            }
        } finally {
            runner = null;
        }
        return new CaptureSummary(published, dropped, loops, System.nanoTime() - start, info, source.note());
    }

    private void waitUntil(long due) {
        long wait;
        while (!stopped && (wait = due - System.nanoTime()) > 0) {
            LockSupport.parkNanos(this, wait);
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }

    /**
     * Makes {@link #run} return after the frame in progress; also aborts a source blocked in a
     * network read. Safe from any thread.
     */
    public void stop() {
        stopped = true;
        source.abort();
        Thread t = runner;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** The source being captured. */
    public VideoSource source() {
        return source;
    }

    /** Address of the slot the last frame was written into (diagnostics; 0 before the first frame). */
    public long lastSlotAddress() {
        return lastSlotAddress;
    }
}
