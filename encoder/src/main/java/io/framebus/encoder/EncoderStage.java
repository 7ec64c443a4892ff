package io.framebus.encoder;

import io.framebus.ChannelClosedException;
import io.framebus.ChannelReader;
import io.framebus.Frame;
import io.framebus.FrameKind;
import io.framebus.payload.Detections;
import io.framebus.util.StageListener;

import java.nio.file.Path;
import java.util.List;

/**
 * The encoder stage: encodes every frame of a channel into an MP4 file, drawing the latest boxes
 * of any number of detection channels on top.
 *
 * <p>Before each frame it polls every detection reader once (never blocking) and keeps the newest
 * {@link Detections} payload of each; those boxes are drawn on the encoder's private copy of the
 * frame (the shared slot is only read). It runs until the frame channel is closed
 * ({@link ChannelClosedException}, after every published frame was encoded), {@code maxFrames} is
 * reached, or {@link #stop()} is called. The file is always finished properly (trailer written),
 * also when an exception ends the run (e.g. {@link io.framebus.WriterDeadException}, which is rethrown).
 *
 * <p>The frame reader should be {@link io.framebus.ReaderMode#LOSSLESS} so that no frame is skipped,
 * with a hold limit of at least 2 when the frame rate is derived from the first two frames.
 * Detection readers should be {@link io.framebus.ReaderMode#LATEST}. In steady state the stage
 * allocates nothing per frame, except when decoding a new detection payload.
 */
public final class EncoderStage {
    private static final long POLL_NANOS = 100_000_000L;
    private static final int DEFAULT_FPS = 25;

    private volatile boolean stopped;

    /**
     * Encodes frames from {@code frames} into {@code out}.
     *
     * @param frames           the video channel's reader (LOSSLESS)
     * @param detectionSources readers of {@link FrameKind#DETECTIONS} channels (LATEST); may be empty
     * @param out              the MP4 file to write (parent directories are created)
     * @param opts             frame rate, encoder, limits, drawing
     * @param listener         called once per encoded frame
     * @return what was done; no file is written if the channel closed before its first frame
     */
    public EncodeSummary run(ChannelReader frames, List<ChannelReader> detectionSources, Path out, EncoderOptions opts,
                             StageListener listener) {
        ChannelReader[] detectors = detectionSources.toArray(new ChannelReader[0]);
        Detections.Frame[] latest = new Detections.Frame[detectors.length];
        BoxPainter painter = new BoxPainter(2, opts.labels());
        long detectionFrames = 0;
        long boxes = 0;
        long encoded = 0;
        Frame current = next(frames);
        if (current == null) {
            return new EncodeSummary(0, out, "none", opts.fps(), 0, 0, 0, 0, 0, 0, frames.skipped());
        }
        long start = System.nanoTime();
        Frame pending = null;
        Mp4Encoder encoder = null;
        try {
            int fps = opts.fps();
            if (fps == 0) {
                if (frames.holdLimit() >= 2 && (opts.maxFrames() == 0 || opts.maxFrames() >= 2)) {
                    pending = next(frames);
                }
                fps = estimateFps(current, pending);
            }
            encoder = Mp4Encoder.open(out, current.width(), current.height(), fps, opts);
            long max = opts.maxFrames();
            while (current != null) {
                detectionFrames += pollDetections(detectors, latest);
                YuvPicture picture = encoder.load(current);
                if (opts.drawBoxes()) {
                    long sequence = current.sequence();
                    for (int i = 0; i < latest.length; i++) {
                        Detections.Frame d = latest[i];
                        if (d != null && (opts.maxDetectionAge() == 0
                                || Math.abs(sequence - d.frameSequence()) <= opts.maxDetectionAge())) {
                            boxes += painter.draw(picture, d);
                        }
                    }
                }
                encoder.write();
                encoded++;
                listener.frameDone(current.sequence(), current.captureNanos(), current.takeNanos(), System.nanoTime(),
                        frames.skipped());
                current.close();
                current = null;
                if (pending != null) {
                    current = pending;
                    pending = null;
                } else if (!stopped && (max == 0 || encoded < max)) {
                    current = next(frames);
                }
            }
        } finally {
            if (current != null) {
                current.close();
            }
            if (pending != null) {
                pending.close();
            }
            if (encoder != null) {
                encoder.close();
            }
        }
        return new EncodeSummary(encoded, out, encoder.encoderName(), encoder.fps(), encoder.width(), encoder.height(),
                encoder.bytes(), System.nanoTime() - start, detectionFrames, boxes, frames.skipped());
    }

    /** The next frame, or null when the channel closed or {@link #stop()} was called. */
    private Frame next(ChannelReader frames) {
        while (!stopped) {
            try {
                Frame f = frames.take(POLL_NANOS);
                if (f != null) {
                    return f;
                }
            } catch (ChannelClosedException e) {
                return null;
            }
        }
        return null;
    }

    /** Takes at most one new payload from each detection reader (LATEST: the newest); returns how many arrived. */
    private static int pollDetections(ChannelReader[] detectors, Detections.Frame[] latest) {
        int received = 0;
        for (int i = 0; i < detectors.length; i++) {
            Frame d = detectors[i].poll();
            if (d == null) {
                continue;
            }
            try {
                if (d.kind() == FrameKind.DETECTIONS) {
                    latest[i] = Detections.read(d.segment(), d.length());
                    received++;
                }
            } finally {
                d.close();
            }
        }
        return received;
    }

    /** Frame rate from the presentation times (microseconds) of two consecutive frames; 25 if unknown. */
    static int estimateFps(Frame first, Frame second) {
        if (second == null) {
            return DEFAULT_FPS;
        }
        long delta = second.pts() - first.pts();
        if (delta <= 0) {
            return DEFAULT_FPS;
        }
        long fps = Math.round(1_000_000.0 / delta);
        return (int) Math.max(1, Math.min(240, fps));
    }

    /** Makes {@link #run} finish the file and return within about 100 ms. Safe from any thread. */
    public void stop() {
        stopped = true;
    }
}
