package io.framebus.encoder;

import io.framebus.ChannelReader;
import io.framebus.Frame;
import io.framebus.FrameHandler;
import io.framebus.FrameKind;
import io.framebus.pipeline.Detections;
import io.framebus.pipeline.StageListener;
import io.framebus.pipeline.StageLoop;

import java.nio.file.Path;
import java.util.List;

/**
 * The encoder stage: encodes every frame of a channel into an MP4 file, drawing the latest boxes
 * of any number of detection channels on top.
 *
 * <p>Before each frame it polls every detection reader once (never blocking) and keeps the newest
 * {@link Detections} payload of each; those boxes are drawn on the encoder's private copy of the
 * frame (the shared slot is only read). It runs until the frame channel is closed
 * (after every published frame was encoded), {@code maxFrames} is reached, or {@link #stop()} is called;
 * while the capture writer is dead it waits for a new writer. The file is always finished properly
 * (trailer written), also when an exception ends the run.
 *
 * <p>The frame reader should be {@link io.framebus.ReaderMode#LOSSLESS} so that no frame is skipped,
 * with a hold limit of at least 2 when the frame rate is derived from the first two frames.
 * Detection readers should be {@link io.framebus.ReaderMode#LATEST}. In steady state the stage
 * allocates nothing per frame, except when decoding a new detection payload.
 */
public final class EncoderStage {
    private static final int DEFAULT_FPS = 25;

    private final StageLoop loop = StageLoop.untilClosed();

    /**
     * A stage, with the native libraries its labels need (OpenCV) loaded now: make it before attaching to
     * the frames channel, so that a writer waiting for this lossless reader is not held up while they load.
     */
    public EncoderStage() {
        LabelRenderer.preload();
    }

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
        Encoding encoding = new Encoding(frames, detectionSources.toArray(new ChannelReader[0]), out, opts, listener);
        try (encoding) {
            loop.run(frames, encoding);
        }
        return encoding.summary();
    }

    /** One run. The first frame is retained while the frame rate is estimated from the first two. */
    private final class Encoding implements FrameHandler, AutoCloseable {
        private final ChannelReader frames;
        private final ChannelReader[] detectors;
        private final Detections.Frame[] latest;
        private final BoxPainter painter;
        private final Path out;
        private final EncoderOptions opts;
        private final StageListener listener;
        private Frame first;
        private Mp4Encoder encoder;
        private long start;
        private long detectionFrames;
        private long boxes;
        private long encoded;

        Encoding(ChannelReader frames, ChannelReader[] detectors, Path out, EncoderOptions opts,
                 StageListener listener) {
            this.frames = frames;
            this.detectors = detectors;
            this.latest = new Detections.Frame[detectors.length];
            this.painter = new BoxPainter(2, opts.labels());
            this.out = out;
            this.opts = opts;
            this.listener = listener;
        }

        @Override
        public void onFrame(Frame frame) {
            if (encoder == null) {
                boolean estimate = opts.fps() == 0 && frames.holdLimit() >= 2
                        && (opts.maxFrames() == 0 || opts.maxFrames() >= 2);
                if (estimate && first == null) {
                    first = frame.retain();
                    return;
                }
                open(first != null ? first : frame, opts.fps() != 0 ? opts.fps() : estimateFps(first, frame));
            }
            encode(frame);
        }

        private void open(Frame geometry, int fps) {
            encoder = Mp4Encoder.open(out, geometry.width(), geometry.height(), fps, opts);
            start = System.nanoTime();
            if (first != null) {
                Frame held = first;
                first = null;
                try {
                    encode(held);
                } finally {
                    held.release();
                }
            }
        }

        private void encode(Frame current) {
            detectionFrames += pollDetections(detectors, latest);
            YuvPicture picture = encoder.load(current);
            if (opts.drawBoxes()) {
                long sequence = current.sequence();
                for (int i = latest.length - 1; i >= 0; i--) { // the first channel's boxes and labels end on top
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
            if (opts.maxFrames() > 0 && encoded >= opts.maxFrames()) {
                loop.stop();
            }
        }

        /** Encodes a lone first frame (the channel closed before a second came), then finishes the file. */
        @Override
        public void close() {
            try {
                if (encoder == null && first != null) {
                    open(first, estimateFps(first, null));
                }
            } finally {
                if (first != null) {
                    first.release();
                    first = null;
                }
                painter.close();
                if (encoder != null) {
                    encoder.close();
                }
            }
        }

        EncodeSummary summary() {
            if (encoder == null) {
                return new EncodeSummary(0, out, "none", opts.fps(), 0, 0, 0, 0, 0, 0, frames.skipped());
            }
            return new EncodeSummary(encoded, out, encoder.encoderName(), encoder.fps(), encoder.width(),
                    encoder.height(), encoder.bytes(), System.nanoTime() - start, detectionFrames, boxes,
                    frames.skipped());
        }
    }

    /** Takes at most one new payload from each detection reader (LATEST: the newest); returns how many arrived. */
    private static int pollDetections(ChannelReader[] detectors, Detections.Frame[] latest) {
        int received = 0;
        for (int i = 0; i < detectors.length; i++) {
            Frame d = detectors[i].tryTake();
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
        if (first == null || second == null) {
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
        loop.stop();
    }
}
