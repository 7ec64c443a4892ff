package io.framebus.inference.motion;

import io.framebus.ChannelConfig;
import io.framebus.ChannelReader;
import io.framebus.ChannelWriter;
import io.framebus.Frame;
import io.framebus.FrameClaim;
import io.framebus.FrameHandler;
import io.framebus.FrameKind;
import io.framebus.PixelFormat;
import io.framebus.inference.DetectionLog;
import io.framebus.pipeline.Detections;
import io.framebus.pipeline.StageListener;
import io.framebus.pipeline.StageLoop;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Motion detection as a pipeline stage. A LATEST reader with a hold limit of at least 2 keeps the
 * previous frame held in its slot while it takes the next one; the two are differenced in place by a
 * {@link MotionDetector}, the boxes are published (producer {@value #PRODUCER_ID}, class
 * {@link MotionDetector#MOTION_CLASS}), and the older frame is released. No frame is ever copied.
 *
 * <pre>{@code
 * try (ChannelReader frames = FrameChannel.attach("camera0", ReaderOptions.latest().withHoldLimit(2));
 *      ChannelWriter motion = FrameChannel.create(MotionStage.detectionsChannel("camera0-motion", 32))) {
 *     MotionStage.Summary summary = new MotionStage(new MotionDetector()).run(frames, motion);
 * }
 * }</pre>
 *
 * <p>"Consecutive" means consecutive frames this reader took: when the stage falls behind, the reader
 * skips to the newest frame and the difference spans the skipped ones. The frames channel needs at
 * least 3 slots (2 held here, 1 for its writer). {@link #run} returns when the frames channel closes
 * or {@link #stop()} is called.
 */
public final class MotionStage {
    /** Producer id written into each detections payload by default. */
    public static final int PRODUCER_ID = 2;

    private final MotionDetector detector;
    private StageListener listener = StageListener.NONE;
    private int producer = PRODUCER_ID;
    private Path jsonl;
    private Duration frameTimeout = Duration.ofMillis(100);
    private Duration claimTimeout = Duration.ofSeconds(1);
    private final StageLoop loop = StageLoop.untilClosed();

    /** A stage that differences frames with {@code detector}. */
    public MotionStage(MotionDetector detector) {
        this.detector = Objects.requireNonNull(detector, "detector");
    }

    /** A config for a motion channel with room for {@code maxBoxes} boxes per frame, 8 slots. */
    public static ChannelConfig detectionsChannel(String name, int maxBoxes) {
        return ChannelConfig.of(name, Detections.bytesFor(maxBoxes)).withSlots(8);
    }

    /** The detector that differences the frames. */
    public MotionDetector detector() {
        return detector;
    }

    /** Receives one call per differenced frame. */
    public MotionStage listener(StageListener l) {
        this.listener = Objects.requireNonNull(l, "listener");
        return this;
    }

    /** Producer id in the payloads ({@value #PRODUCER_ID} by default). */
    public MotionStage producer(int id) {
        this.producer = id;
        return this;
    }

    /** Also appends one JSON line per differenced frame to {@code file} (class "motion"); null: none. */
    public MotionStage jsonl(Path file) {
        this.jsonl = file;
        return this;
    }

    /** How long one wait for a frame lasts before {@link #stop()} is checked again (100 ms by default). */
    public MotionStage frameTimeout(Duration timeout) {
        this.frameTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /** How long to wait for a free detections slot before dropping the result (1 s by default). */
    public MotionStage claimTimeout(Duration timeout) {
        this.claimTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /** Makes {@link #run} return after the frame in progress. Callable from any thread. */
    public void stop() {
        loop.stop();
    }

    /**
     * Differences frames until the frames channel closes or {@link #stop()} is called.
     *
     * @param frames     a reader allowed to hold 2 frames ({@code ReaderOptions.latest().withHoldLimit(2)})
     * @param detections where the boxes of each differenced frame are published
     */
    public Summary run(ChannelReader frames, ChannelWriter detections) {
        if (frames.holdLimit() < 2) {
            throw new IllegalArgumentException("motion needs a reader that may hold 2 frames (the previous and the"
                    + " current); attach with ReaderOptions.latest().withHoldLimit(2), got hold limit "
                    + frames.holdLimit());
        }
        int room = (int) Math.max(0, Math.min(Integer.MAX_VALUE,
                (detections.slotSize() - Detections.HEADER_BYTES) / Detections.ENTRY_BYTES));
        detections.note("motion: in-place luma difference of consecutive held frames, " + detector.cellSize()
                + " px cells (producer " + producer + ")");
        try (DetectionLog log = jsonl == null ? null : new DetectionLog(jsonl, id -> "motion");
             Differencing differencing = new Differencing(frames, detections, log, room)) {
            loop.withPollInterval(frameTimeout).run(frames, differencing);
            return differencing.summary();
        }
    }

    /** One run: the previous frame stays retained until the next one was differenced against it. */
    private final class Differencing implements FrameHandler, AutoCloseable {
        private final ChannelReader frames;
        private final ChannelWriter detections;
        private final DetectionLog log;
        private final int room;
        private final long skippedAtStart;
        private Frame previous;
        private long analysed;
        private long unsupported;
        private long withMotion;
        private long boxes;
        private long dropped;
        private long nanos;

        Differencing(ChannelReader frames, ChannelWriter detections, DetectionLog log, int room) {
            this.frames = frames;
            this.detections = detections;
            this.log = log;
            this.room = room;
            this.skippedAtStart = frames.skipped();
        }

        @Override
        public void onFrame(Frame current) {
            if (current.kind() != FrameKind.VIDEO || !supported(current.pixelFormat())) {
                unsupported++;
                return;
            }
            if (previous != null && sameGeometry(previous, current)) {
                difference(current);
            }
            if (previous != null) {
                previous.release(); // the older slot goes back to the writer
            }
            previous = current.retain();
        }

        private void difference(Frame current) {
            long t0 = System.nanoTime();
            List<Detections.Detection> found = detector.detect(previous.segment(), current.segment(),
                    current.width(), current.height(), current.stride(), current.pixelFormat());
            if (found.size() > room) {
                found = found.subList(0, room);
            }
            long t1 = System.nanoTime();
            long sequence = current.sequence();
            long analysisNanos = t1 - current.takeNanos();
            FrameClaim claim = detections.claim(claimTimeout);
            if (claim != null) {
                Detections.writeInto(claim, sequence, current.width(), current.height(), producer, analysisNanos, found)
                        .pts(current.pts()).captureNanos(current.captureNanos()).tag(sequence).publish();
            } else {
                dropped++;
            }
            if (log != null) {
                log.write(sequence, current.pts(), analysisNanos, found);
            }
            analysed++;
            nanos += t1 - t0;
            boxes += found.size();
            if (!found.isEmpty()) {
                withMotion++;
            }
            listener.frameDone(sequence, current.captureNanos(), current.takeNanos(), System.nanoTime(),
                    frames.skipped() - skippedAtStart);
        }

        Summary summary() {
            return new Summary(analysed, frames.skipped() - skippedAtStart, unsupported, withMotion, boxes, dropped,
                    analysed == 0 ? 0 : nanos / 1e6 / analysed);
        }

        @Override
        public void close() {
            if (previous != null) {
                previous.release();
                previous = null;
            }
        }
    }

    private static boolean sameGeometry(Frame a, Frame b) {
        return a.width() == b.width() && a.height() == b.height() && a.stride() == b.stride()
                && a.pixelFormat() == b.pixelFormat();
    }

    private static boolean supported(PixelFormat f) {
        return f != null && f.hasPackedSamples();
    }

    /**
     * What one {@link #run} did.
     *
     * @param analysed         frames differenced against their predecessor
     * @param skipped          frames the LATEST reader skipped
     * @param unsupported      frames dropped because they were not packed 8-bit video
     * @param framesWithMotion analysed frames with at least one box
     * @param boxes            boxes published
     * @param dropped          results dropped because the detections channel had no free slot in time
     * @param meanDiffMs       mean time of one in-place difference + box merge
     */
    public record Summary(long analysed, long skipped, long unsupported, long framesWithMotion, long boxes,
                          long dropped, double meanDiffMs) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT,
                    "differenced %d frames (skipped %d, unsupported %d): %d with motion, %d boxes, %d dropped;"
                            + " mean %.2f ms per frame", analysed, skipped, unsupported, framesWithMotion, boxes,
                    dropped, meanDiffMs);
        }
    }
}
