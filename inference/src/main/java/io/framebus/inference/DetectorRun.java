package io.framebus.inference;

import io.framebus.ChannelReader;
import io.framebus.ChannelWriter;
import io.framebus.DType;
import io.framebus.Frame;
import io.framebus.FrameClaim;
import io.framebus.FrameHandler;
import io.framebus.FrameKind;
import io.framebus.pipeline.ChainMetadata;
import io.framebus.pipeline.Detections;
import io.framebus.pipeline.StageListener;

import java.time.Duration;
import java.util.List;

/**
 * One {@link DetectorStage#run}: what the stage does with each frame, and what it counted. The source
 * frame is closed as soon as its tensor is built, so the capture stage gets its slot back before
 * inference starts.
 */
final class DetectorRun implements FrameHandler {
    /** What the stage holds for the run, fixed before it starts. */
    record Setup(TensorSession session, TensorPreprocessor preprocessor, YoloxDecoder decoder, DType inputType,
                 long[] inputShape, int outputIndex, Duration claimTimeout, StageListener listener) {
    }

    private final Setup setup;
    private final ChannelReader frames;
    private final ChannelWriter tensors;
    private final DetectionPublisher detections;
    private final SlotBindings bindings;
    private final long skippedAtStart;
    private long analysed;
    private long unsupported;
    private long noSlot;
    private long preprocessNanos;
    private long inferenceNanos;
    private long decodeNanos;

    DetectorRun(Setup setup, ChannelReader frames, ChannelWriter tensors, DetectionPublisher detections,
                SlotBindings bindings) {
        this.setup = setup;
        this.frames = frames;
        this.tensors = tensors;
        this.detections = detections;
        this.bindings = bindings;
        this.skippedAtStart = frames.skipped();
    }

    @Override
    public void onFrame(Frame frame) {
        if (frame.kind() != FrameKind.VIDEO || !DetectorStage.supported(frame.pixelFormat())) {
            unsupported++;
            return;
        }
        long sequence = frame.sequence();
        long pts = frame.pts();
        long capture = frame.captureNanos();
        long take = frame.takeNanos();
        long publish = frame.publishNanos();
        int width = frame.width();
        int height = frame.height();
        FrameClaim claim = tensors.claim(setup.claimTimeout());
        if (claim == null) {
            noSlot++;
            return;
        }
        long t0 = System.nanoTime();
        BoxMapping mapping;
        try {
            mapping = setup.preprocessor().apply(frame, claim.segment());
        } catch (RuntimeException e) {
            claim.abort();
            throw e;
        }
        frame.close(); // the source slot goes back to the capture stage here, before inference
        InputBinding input = bindings.get(claim.slot(), claim.segment());
        claim.tensor(setup.inputType(), setup.inputShape()).pts(pts).captureNanos(capture).origin(sequence)
                .tag(ChainMetadata.sourceGeometry(width, height)).publish();
        long t1 = System.nanoTime();
        setup.session().run(input);
        long t2 = System.nanoTime();
        List<Detections.Detection> boxes = setup.decoder().decode(setup.session().outputMemory(setup.outputIndex()),
                mapping);
        long t3 = System.nanoTime();
        detections.publish(sequence, width, height, pts, capture, t3 - take, boxes);
        analysed++;
        preprocessNanos += t1 - t0;
        inferenceNanos += t2 - t1;
        decodeNanos += t3 - t2;
        setup.listener().frameDoneAfterHop(sequence, capture, publish, take, System.nanoTime(),
                frames.skipped() - skippedAtStart);
    }

    DetectorStage.Summary summary() {
        return new DetectorStage.Summary(analysed, frames.skipped() - skippedAtStart, unsupported,
                noSlot + detections.noSlot(), mean(preprocessNanos), mean(inferenceNanos), mean(decodeNanos),
                detections.perClass());
    }

    private double mean(long nanos) {
        return analysed == 0 ? 0 : nanos / 1e6 / analysed;
    }
}
