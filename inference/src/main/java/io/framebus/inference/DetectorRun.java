package io.framebus.inference;

import io.framebus.ChannelReader;
import io.framebus.ChannelWriter;
import io.framebus.DType;
import io.framebus.Frame;
import io.framebus.FrameClaim;
import io.framebus.FrameHandler;
import io.framebus.FrameKind;
import io.framebus.pipeline.Detections;
import io.framebus.pipeline.StageListener;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * One {@link DetectorStage#run}: what the stage does with each frame, and what it counted. The source
 * frame is closed as soon as its tensor is built, so the capture stage gets its slot back before
 * inference starts.
 */
final class DetectorRun implements FrameHandler {
    /** What the stage holds for the run, fixed before it starts. */
    record Setup(TensorSession session, TensorPreprocessor preprocessor, YoloxDecoder decoder, DType inputType,
                 long[] inputShape, int outputIndex, int producer, Duration claimTimeout, IntFunction<String> labels,
                 StageListener listener) {
    }

    private final Setup setup;
    private final ChannelReader frames;
    private final ChannelWriter tensors;
    private final ChannelWriter detections;
    private final SlotBindings bindings;
    private final DetectionLog log;
    private final int room;
    private final long skippedAtStart;
    private final long[] perClass;
    private long otherClass;
    private long analysed;
    private long unsupported;
    private long noSlot;
    private long preprocessNanos;
    private long inferenceNanos;
    private long decodeNanos;

    DetectorRun(Setup setup, ChannelReader frames, ChannelWriter tensors, ChannelWriter detections,
                SlotBindings bindings, DetectionLog log, int room) {
        this.setup = setup;
        this.frames = frames;
        this.tensors = tensors;
        this.detections = detections;
        this.bindings = bindings;
        this.log = log;
        this.room = room;
        this.skippedAtStart = frames.skipped();
        this.perClass = new long[setup.decoder().classes()];
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
        claim.tensor(setup.inputType(), setup.inputShape()).pts(pts).captureNanos(capture).tag(sequence).publish();
        long t1 = System.nanoTime();
        setup.session().run(input);
        long t2 = System.nanoTime();
        List<Detections.Detection> boxes = setup.decoder().decode(setup.session().outputMemory(setup.outputIndex()),
                mapping);
        if (boxes.size() > room) {
            boxes = boxes.subList(0, room); // highest scores first
        }
        long t3 = System.nanoTime();
        long analysisNanos = t3 - take;
        FrameClaim out = detections.claim(setup.claimTimeout());
        if (out != null) {
            Detections.writeInto(out, sequence, width, height, setup.producer(), analysisNanos, boxes)
                    .pts(pts).captureNanos(capture).tag(sequence).publish();
        } else {
            noSlot++;
        }
        if (log != null) {
            log.write(sequence, pts, analysisNanos, boxes);
        }
        count(boxes);
        analysed++;
        preprocessNanos += t1 - t0;
        inferenceNanos += t2 - t1;
        decodeNanos += t3 - t2;
        setup.listener().frameDone(sequence, capture, take, System.nanoTime(), frames.skipped() - skippedAtStart);
    }

    private void count(List<Detections.Detection> boxes) {
        for (Detections.Detection d : boxes) {
            if (d.classId() >= 0 && d.classId() < perClass.length) {
                perClass[d.classId()]++;
            } else {
                otherClass++;
            }
        }
    }

    DetectorStage.Summary summary() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (int c = 0; c < perClass.length; c++) {
            if (perClass[c] > 0) {
                counts.put(setup.labels().apply(c), perClass[c]);
            }
        }
        if (otherClass > 0) {
            counts.put("other", otherClass);
        }
        return new DetectorStage.Summary(analysed, frames.skipped() - skippedAtStart, unsupported, noSlot,
                mean(preprocessNanos), mean(inferenceNanos), mean(decodeNanos), Collections.unmodifiableMap(counts));
    }

    private double mean(long nanos) {
        return analysed == 0 ? 0 : nanos / 1e6 / analysed;
    }
}
