package io.framebus.javacv;

import io.framebus.ChannelConfig;
import io.framebus.ChannelReader;
import io.framebus.ChannelWriter;
import io.framebus.Frame;
import io.framebus.FrameHandler;
import io.framebus.FrameKind;
import io.framebus.PixelFormat;
import io.framebus.pipeline.StageListener;
import io.framebus.pipeline.StageLoop;
import org.bytedeco.opencv.opencv_core.Size;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

/**
 * An OpenCV stage: takes the newest frame of a frames channel (a LATEST reader) and writes a smaller
 * preview of it into a slot of a second frames channel with {@code cv::resize}, zero-copy at both ends:
 * the source is a {@link ReadOnlyMat} over the input slot, the destination a {@link MatWriter} Mat over
 * the claimed output slot. The preview keeps the input's pixel format, presentation time and capture
 * time (so latencies downstream still count from capture); its tag is the input frame's sequence.
 *
 * <pre>{@code
 * try (ChannelReader frames = FrameChannel.attach("camera0", ReaderOptions.latest());
 *      ChannelWriter previews = FrameChannel.create(ResizeStage.previewChannel("camera0-preview", 384, 216,
 *              PixelFormat.BGR24, 4))) {
 *     ResizeStage.Summary summary = new ResizeStage(384, 216).run(frames, previews);
 * }
 * }</pre>
 *
 * <p>Frames that are not packed 8-bit video are counted and skipped. {@link #run} returns when the frames
 * channel closes or {@link #stop()} is called. In steady state a frame allocates nothing on the Java heap.
 */
public final class ResizeStage {
    private final int width;
    private final int height;
    private int interpolation = INTER_AREA;
    private StageListener listener = StageListener.NONE;
    private Duration frameTimeout = Duration.ofMillis(100);
    private Duration claimTimeout = Duration.ofSeconds(1);
    private final StageLoop loop = StageLoop.untilClosed();

    /**
     * A stage that resizes every frame it takes to {@code width x height}.
     *
     * @param width  preview width in pixels
     * @param height preview height in pixels
     */
    public ResizeStage(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("preview size must be positive, got " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
    }

    /**
     * A channel for previews: one {@code width x height} picture of {@code format} per slot.
     *
     * @param name   channel name
     * @param width  preview width
     * @param height preview height
     * @param format the pixel format of the frames to be resized (a packed one)
     * @param slots  slots of the channel
     * @return its configuration, for {@code FrameChannel.create}
     */
    public static ChannelConfig previewChannel(String name, int width, int height, PixelFormat format, int slots) {
        MatTypes.of(format);
        return ChannelConfig.of(name, (long) width * height * format.bytesPerPixel()).withSlots(slots);
    }

    /**
     * Sets OpenCV's interpolation ({@code INTER_AREA} by default, the one for shrinking).
     *
     * @param flag an {@code opencv_imgproc.INTER_*} constant
     * @return this stage
     */
    public ResizeStage interpolation(int flag) {
        this.interpolation = flag;
        return this;
    }

    /**
     * Receives one call per published preview.
     *
     * @param l the listener
     * @return this stage
     */
    public ResizeStage listener(StageListener l) {
        this.listener = Objects.requireNonNull(l, "listener");
        return this;
    }

    /**
     * How long one wait for a frame lasts before {@link #stop()} is checked again (100 ms by default).
     *
     * @param timeout the wait
     * @return this stage
     */
    public ResizeStage frameTimeout(Duration timeout) {
        this.frameTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /**
     * How long to wait for a free preview slot before dropping the preview (1 s by default).
     *
     * @param timeout the wait
     * @return this stage
     */
    public ResizeStage claimTimeout(Duration timeout) {
        this.claimTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /** Makes {@link #run} return after the frame in progress. Callable from any thread. */
    public void stop() {
        loop.stop();
    }

    /**
     * Resizes frames until the frames channel closes or {@link #stop()} is called.
     *
     * @param frames   where frames come from (a LATEST reader, normally)
     * @param previews where the previews go; its slots must hold a {@code width x height} picture
     * @return what the run did
     */
    public Summary run(ChannelReader frames, ChannelWriter previews) {
        previews.note(String.format(Locale.ROOT, "resize: OpenCV resize to %dx%d, read-only Mat over the input slot"
                + " -> Mat over the claimed slot (zero-copy)", width, height));
        try (Resizing resizing = new Resizing(frames, previews)) {
            loop.withPollInterval(frameTimeout).run(frames, resizing);
            return resizing.summary();
        }
    }

    /** One run: the views, the output Mats and the counters. */
    private final class Resizing implements FrameHandler, AutoCloseable {
        private final ChannelReader frames;
        private final ReadOnlyViews views = new ReadOnlyViews();
        private final MatWriter out;
        private final Size size = new Size(width, height);
        private final long skippedAtStart;
        private long resized;
        private long unsupported;
        private long dropped;
        private long nanos;

        Resizing(ChannelReader frames, ChannelWriter previews) {
            this.frames = frames;
            this.out = new MatWriter(previews);
            this.skippedAtStart = frames.skipped();
        }

        @Override
        public void onFrame(Frame frame) {
            if (frame.kind() != FrameKind.VIDEO || frame.pixelFormat() == null
                    || !frame.pixelFormat().hasPackedSamples()) {
                unsupported++;
                return;
            }
            long t0 = System.nanoTime();
            ReadOnlyMat src = views.readOnlyMat(frame);
            MatClaim claim = out.claim(width, height, frame.pixelFormat(), claimTimeout);
            if (claim == null) {
                dropped++;
                return;
            }
            try {
                resize(src, claim.mat(), size, 0, 0, interpolation);
                claim.claim().pts(frame.pts()).captureNanos(frame.captureNanos()).tag(frame.sequence());
            } catch (RuntimeException e) {
                claim.abort();
                throw e;
            }
            claim.publish();
            long done = System.nanoTime();
            resized++;
            nanos += done - t0;
            listener.frameDone(frame.sequence(), frame.captureNanos(), frame.takeNanos(), done,
                    frames.skipped() - skippedAtStart);
        }

        Summary summary() {
            return new Summary(resized, frames.skipped() - skippedAtStart, unsupported, dropped,
                    resized == 0 ? 0 : nanos / 1e6 / resized);
        }

        @Override
        public void close() {
            out.close();
            views.close();
            size.close();
        }
    }

    /**
     * What one {@link #run} did.
     *
     * @param resized      previews published
     * @param skipped      frames the LATEST reader skipped
     * @param unsupported  frames dropped because they were not packed 8-bit video
     * @param dropped      previews dropped because no preview slot became free in time
     * @param meanResizeMs mean time from taking a frame to publishing its preview
     */
    public record Summary(long resized, long skipped, long unsupported, long dropped, double meanResizeMs) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "resized %d frames (skipped %d, unsupported %d, dropped %d); mean %.3f ms"
                    + " per frame", resized, skipped, unsupported, dropped, meanResizeMs);
        }
    }
}
