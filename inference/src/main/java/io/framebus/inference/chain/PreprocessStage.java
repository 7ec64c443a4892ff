package io.framebus.inference.chain;

import io.framebus.ChannelConfig;
import io.framebus.ChannelReader;
import io.framebus.ChannelWriter;
import io.framebus.Frame;
import io.framebus.FrameClaim;
import io.framebus.FrameHandler;
import io.framebus.FrameKind;
import io.framebus.inference.PreprocessSpec;
import io.framebus.inference.TensorPreprocessor;
import io.framebus.pipeline.ChainMetadata;
import io.framebus.pipeline.StageListener;
import io.framebus.pipeline.StageLoop;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Frames to tensors, as a stage of its own: takes video frames (the newest, or every one with a LOSSLESS
 * reader), writes the model's input tensor straight into a claimed slot of a tensors channel (resize or
 * letterbox, channel order, normalisation, NCHW or NHWC, float32 or uint8: a {@link PreprocessSpec}) and
 * publishes it. The video frame is released as soon as its tensor is written, before the tensor is
 * published.
 *
 * <pre>
 *  frames ──► TensorPreprocessor ──► tensors channel slot (dtype, shape; origin = video frame,
 *                                     tag = its size, pts and capture time copied)
 * </pre>
 *
 * <p>The tensor frames follow {@link ChainMetadata}, so any {@code framebus infer} (or a process in another
 * language) can run a model on them and any post-processing stage can map its boxes back to the frame.
 */
public final class PreprocessStage {
    private final TensorPreprocessor preprocessor;
    private final long[] shape;
    private StageListener listener = StageListener.NONE;
    private Duration frameTimeout = Duration.ofMillis(100);
    private Duration claimTimeout = Duration.ofSeconds(1);
    private final StageLoop loop = StageLoop.untilClosed();

    /** A stage writing what {@code spec} describes. */
    public PreprocessStage(PreprocessSpec spec) {
        this.preprocessor = new TensorPreprocessor(spec);
        this.shape = spec.shape();
    }

    /** What each tensor is made of. */
    public PreprocessSpec spec() {
        return preprocessor.spec();
    }

    /** Bytes of one tensor: the tensors channel's minimum slot size. */
    public long tensorBytes() {
        return preprocessor.outputBytes();
    }

    /** A config for the tensors channel: slots of exactly one tensor, {@code slots} of them. */
    public ChannelConfig tensorChannel(String name, int slots) {
        return ChannelConfig.of(name, tensorBytes()).withSlots(slots);
    }

    /** Receives one call per tensor published. */
    public PreprocessStage listener(StageListener l) {
        this.listener = Objects.requireNonNull(l, "listener");
        return this;
    }

    /** How long one wait for a frame lasts before {@link #stop()} is checked again (100 ms by default). */
    public PreprocessStage frameTimeout(Duration timeout) {
        this.frameTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /** How long to wait for a free tensor slot before dropping the frame (1 s by default). */
    public PreprocessStage claimTimeout(Duration timeout) {
        this.claimTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /** Makes {@link #run} return after the frame in progress. Callable from any thread. */
    public void stop() {
        loop.stop();
    }

    /**
     * Turns frames into tensors until the frames channel closes or {@link #stop()} is called.
     *
     * @param frames  a reader of packed 8-bit video frames (BGR24, RGB24, BGRA, RGBA, GRAY8)
     * @param tensors the tensors channel; its slots must hold {@link #tensorBytes()}
     * @return what was done
     */
    public Summary run(ChannelReader frames, ChannelWriter tensors) {
        if (tensors.slotSize() < tensorBytes()) {
            throw new IllegalArgumentException("tensors channel '" + tensors.name() + "' has slots of "
                    + tensors.slotSize() + " bytes; " + spec() + " needs " + tensorBytes() + " per tensor");
        }
        PreprocessSpec s = spec();
        tensors.note(String.format(Locale.ROOT, "preprocess: %dx%d %s %s %s %s into the slot", s.width(),
                s.height(), s.resize(), s.order(), s.layout(), s.dtype()).toLowerCase(Locale.ROOT));
        Run run = new Run(frames, tensors);
        loop.withPollInterval(frameTimeout).run(frames, run);
        return new Summary(run.published, frames.skipped() - run.skippedAtStart, run.unsupported, run.noSlot,
                run.published == 0 ? 0 : run.nanos / 1e6 / run.published);
    }

    /** What the stage does with each frame. */
    private final class Run implements FrameHandler {
        private final ChannelReader frames;
        private final ChannelWriter tensors;
        private final long skippedAtStart;
        private long published;
        private long unsupported;
        private long noSlot;
        private long nanos;

        Run(ChannelReader frames, ChannelWriter tensors) {
            this.frames = frames;
            this.tensors = tensors;
            this.skippedAtStart = frames.skipped();
        }

        @Override
        public void onFrame(Frame frame) {
            if (frame.kind() != FrameKind.VIDEO || frame.pixelFormat() == null
                    || !frame.pixelFormat().hasPackedSamples()) {
                unsupported++;
                return;
            }
            long root = ChainMetadata.root(frame);
            long pts = frame.pts();
            long capture = frame.captureNanos();
            long publish = frame.publishNanos();
            long take = frame.takeNanos();
            long geometry = ChainMetadata.sourceGeometry(frame.width(), frame.height());
            FrameClaim claim = tensors.claim(claimTimeout);
            if (claim == null) {
                noSlot++;
                return;
            }
            long t0 = System.nanoTime();
            try {
                preprocessor.apply(frame, claim.segment());
            } catch (RuntimeException e) {
                claim.abort();
                throw e;
            }
            frame.close(); // the video slot goes back to the capture stage before the tensor is published
            claim.tensor(preprocessor.spec().dtype(), shape).origin(root).tag(geometry).pts(pts).captureNanos(capture)
                    .publish();
            long done = System.nanoTime();
            nanos += done - t0;
            published++;
            listener.frameDoneAfterHop(root, capture, publish, take, done, frames.skipped() - skippedAtStart);
        }
    }

    /**
     * What one {@link #run} did.
     *
     * @param tensors          tensors published
     * @param skipped          frames a LATEST reader skipped because the stage was busy
     * @param unsupported      frames dropped because they were not packed 8-bit video
     * @param noSlot           frames dropped because the tensors channel had no free slot in time
     * @param meanPreprocessMs mean time to write one tensor
     */
    public record Summary(long tensors, long skipped, long unsupported, long noSlot, double meanPreprocessMs) {
    }
}
