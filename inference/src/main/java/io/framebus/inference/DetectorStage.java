package io.framebus.inference;

import io.framebus.ChannelConfig;
import io.framebus.ChannelReader;
import io.framebus.ChannelWriter;
import io.framebus.DType;
import io.framebus.PixelFormat;
import io.framebus.pipeline.Detections;
import io.framebus.pipeline.StageListener;
import io.framebus.pipeline.StageLoop;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * The ONNX object detector as a pipeline stage: takes the newest video frame, builds the model input
 * straight into a slot of its own tensor channel, runs ONNX Runtime over that slot without a copy,
 * and publishes the boxes on a detections channel.
 *
 * <pre>
 *  frames (LATEST reader) ──letterbox──► tensor channel slot ──publish──► (other tensor readers)
 *                                              │ OnnxTensor over the slot, created once per slot
 *                                              ▼
 *                                   session.run ──► pinned output ──► YoloxDecoder ──► detections channel
 *                                                                                  └─► JSON lines (optional)
 * </pre>
 *
 * <pre>{@code
 * try (DetectorStage stage = DetectorStage.yolox(Path.of("yolox_nano.onnx"));
 *      ChannelReader frames = FrameChannel.attach("camera0", ReaderOptions.latest());
 *      ChannelWriter tensors = FrameChannel.create(stage.tensorChannel("camera0-tensor"));
 *      ChannelWriter boxes = FrameChannel.create(DetectorStage.detectionsChannel("camera0-det", 100))) {
 *     DetectorStage.Summary summary = stage.jsonl(Path.of("detections.jsonl")).run(frames, tensors, boxes);
 * }
 * }</pre>
 *
 * <p>The source frame is released as soon as its tensor is built, so the capture stage gets its slot
 * back before inference starts. The tensor frame is published before the model runs (other readers
 * may start on it at once; readers never write, and this writer claims its next slot only after the
 * run). The tensor frame carries the source frame's pts and capture time, its sequence as the origin
 * and its size as the tag ({@link io.framebus.pipeline.ChainMetadata}), so that the tensor channel can
 * also feed a {@code framebus infer} process. {@link #run} returns when the frames channel is closed or {@link #stop()} is called; while
 * the capture writer is dead it waits for a new writer to take the channel over.
 */
public final class DetectorStage implements AutoCloseable {
    /** Producer id written into each detections payload by default. */
    public static final int PRODUCER_ID = 1;

    private final TensorSession session;
    private final boolean ownsSession;
    private final TensorPreprocessor preprocessor;
    private final YoloxDecoder decoder;
    private final String inputName;
    private final long[] inputShape;
    private final DType inputType;
    private final int outputIndex;
    private Path jsonl;
    private StageListener listener = StageListener.NONE;
    private IntFunction<String> labels = CocoLabels::name;
    private int producer = PRODUCER_ID;
    private Duration frameTimeout = Duration.ofMillis(100);
    private Duration claimTimeout = Duration.ofSeconds(1);
    private final StageLoop loop = StageLoop.untilClosed();

    /**
     * A stage over an open session whose first input is an image tensor and first output the YOLOX grid.
     * The caller keeps ownership of {@code session}.
     */
    public DetectorStage(TensorSession session, PreprocessSpec spec, YoloxDecoder decoder) {
        this(session, false, spec, decoder);
    }

    private DetectorStage(TensorSession session, boolean ownsSession, PreprocessSpec spec, YoloxDecoder decoder) {
        this.session = Objects.requireNonNull(session, "session");
        this.ownsSession = ownsSession;
        this.preprocessor = new TensorPreprocessor(spec);
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        TensorSpec input = session.inputSpec(0);
        this.inputName = input.name();
        this.inputShape = spec.shape();
        this.inputType = input.dtype();
        this.outputIndex = 0;
        if (inputType != DType.FLOAT32) {
            throw new IllegalArgumentException("the preprocessor writes float32; model input is " + input);
        }
        if (TensorSpec.elements(inputShape) != input.elementCount()) {
            throw new IllegalArgumentException(spec + " does not produce model input " + input);
        }
        if (session.outputSpec(0).isStatic() && TensorSpec.elements(session.outputSpec(0).concreteShape()) * 4
                < decoder.outputBytes()) {
            throw new IllegalArgumentException(decoder + " reads more than output " + session.outputSpec(0));
        }
    }

    /** Opens a YOLOX model with the default session settings (one intra-op thread, no spinning). */
    public static DetectorStage yolox(Path model) {
        return yolox(model, SessionConfig.defaults());
    }

    /**
     * Opens a YOLOX model; input size and class count come from its metadata. The stage owns the session
     * and closes it.
     */
    public static DetectorStage yolox(Path model, SessionConfig config) {
        TensorSession session = TensorSession.open(model, config);
        try {
            TensorSpec input = session.inputSpec(0);
            YoloxDecoder decoder = YoloxDecoder.forModel(input, session.outputSpec(0));
            long[] shape = input.concreteShape();
            return new DetectorStage(session, true, PreprocessSpec.yolox((int) shape[3], (int) shape[2]), decoder);
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** Also appends one JSON line per analysed frame to {@code file} (null: none). */
    public DetectorStage jsonl(Path file) {
        this.jsonl = file;
        return this;
    }

    /** Receives one call per analysed frame. */
    public DetectorStage listener(StageListener l) {
        this.listener = Objects.requireNonNull(l, "listener");
        return this;
    }

    /** Class names for the JSON lines and the summary (COCO by default). */
    public DetectorStage labels(IntFunction<String> names) {
        this.labels = Objects.requireNonNull(names, "labels");
        return this;
    }

    /** Producer id in the detections payloads (1 by default). */
    public DetectorStage producer(int id) {
        this.producer = id;
        return this;
    }

    /** How long one wait for a frame lasts before {@link #stop()} is checked again (100 ms by default). */
    public DetectorStage frameTimeout(Duration timeout) {
        this.frameTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /** How long to wait for a free slot on the output channels before dropping the frame (1 s by default). */
    public DetectorStage claimTimeout(Duration timeout) {
        this.claimTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /** The ONNX Runtime session the stage runs. */
    public TensorSession session() {
        return session;
    }

    /** What the letterbox writes into each tensor slot. */
    public PreprocessSpec preprocessSpec() {
        return preprocessor.spec();
    }

    /** The decoder turning the model output into boxes. */
    public YoloxDecoder decoder() {
        return decoder;
    }

    /** Bytes of one input tensor: the tensor channel's minimum slot size. */
    public long tensorBytes() {
        return preprocessor.outputBytes();
    }

    /** A config for this stage's tensor channel: slots of exactly one input tensor, 4 of them. */
    public ChannelConfig tensorChannel(String name) {
        return ChannelConfig.of(name, tensorBytes()).withSlots(4);
    }

    /** A config for a detections channel with room for {@code maxDetections} boxes per frame, 8 slots. */
    public static ChannelConfig detectionsChannel(String name, int maxDetections) {
        return ChannelConfig.of(name, Detections.bytesFor(maxDetections)).withSlots(8);
    }

    /** Makes {@link #run} return after the frame in progress. Callable from any thread. */
    public void stop() {
        loop.stop();
    }

    /**
     * Analyses frames until the frames channel closes or {@link #stop()} is called.
     *
     * @param frames     a reader of BGR24 (or RGB24, BGRA, RGBA, GRAY8) video frames, normally LATEST
     * @param tensors    this stage's tensor channel; its slots must hold {@link #tensorBytes()}
     * @param detections where each analysed frame's boxes are published
     * @return what was done
     */
    public Summary run(ChannelReader frames, ChannelWriter tensors, ChannelWriter detections) {
        if (tensors.slotSize() < tensorBytes()) {
            throw new IllegalArgumentException("tensor channel '" + tensors.name() + "' has slots of "
                    + tensors.slotSize() + " bytes; " + session.model().getFileName() + " needs " + tensorBytes()
                    + " per input tensor (create it with stage.tensorChannel(name))");
        }
        String model = session.model().getFileName().toString();
        tensors.note("inference: letterbox into slot, OnnxTensor over slot (zero-copy); " + model + " "
                + preprocessor.spec().width() + "x" + preprocessor.spec().height());
        detections.note("detections of " + model + " (producer " + producer + ")");

        DetectorRun.Setup setup = new DetectorRun.Setup(session, preprocessor, decoder, inputType, inputShape,
                outputIndex, claimTimeout, listener);
        try (SlotBindings bindings = new SlotBindings(session, inputName, inputShape, tensors.slotCount());
             DetectionPublisher publisher = new DetectionPublisher(detections, producer, labels, jsonl,
                     claimTimeout)) {
            DetectorRun analysis = new DetectorRun(setup, frames, tensors, publisher, bindings);
            loop.withPollInterval(frameTimeout).run(frames, analysis);
            return analysis.summary();
        }
    }

    static boolean supported(PixelFormat format) {
        return format != null && format.hasPackedSamples();
    }

    /** Closes the session if this stage opened it. */
    @Override
    public void close() {
        if (ownsSession) {
            session.close();
        }
    }

    /**
     * What one {@link #run} did.
     *
     * @param analysed           frames run through the model
     * @param skipped            frames the LATEST reader skipped because the stage was busy
     * @param unsupported        frames dropped because they were not packed 8-bit video
     * @param noSlot             frames dropped because an output channel had no free slot in time
     * @param meanPreprocessMs   mean letterbox time per analysed frame
     * @param meanInferenceMs    mean {@code session.run} time per analysed frame
     * @param meanDecodeMs       mean grid decode + NMS time per analysed frame
     * @param detectionsPerClass boxes published per class name
     */
    public record Summary(long analysed, long skipped, long unsupported, long noSlot, double meanPreprocessMs,
                          double meanInferenceMs, double meanDecodeMs, Map<String, Long> detectionsPerClass) {
        /** All boxes published. */
        public long detections() {
            long n = 0;
            for (long c : detectionsPerClass.values()) {
                n += c;
            }
            return n;
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT,
                    "analysed %d frames (skipped %d, unsupported %d, no slot %d); mean letterbox %.2f ms, inference"
                            + " %.2f ms, decode %.3f ms; detections %s",
                    analysed, skipped, unsupported, noSlot, meanPreprocessMs, meanInferenceMs, meanDecodeMs,
                    detectionsPerClass);
        }
    }
}
