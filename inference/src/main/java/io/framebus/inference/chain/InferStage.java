package io.framebus.inference.chain;

import io.framebus.ChannelReader;
import io.framebus.DType;
import io.framebus.inference.InferenceException;
import io.framebus.inference.PreprocessSpec;
import io.framebus.inference.SessionConfig;
import io.framebus.inference.TensorSession;
import io.framebus.inference.TensorSpec;
import io.framebus.pipeline.StageListener;
import io.framebus.pipeline.StageLoop;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Any ONNX model as a stage: takes its input from a tensors channel (an {@code OnnxTensor} over the held
 * slot, no copy) or from a frames channel with a {@link PreprocessSpec} built in, runs the model, and has
 * ONNX Runtime write every output straight into a claimed slot of that output's channel (pinned outputs;
 * {@link OutputChannels}), then publishes them.
 *
 * <pre>
 *  tensors (LATEST or LOSSLESS) ──► OnnxTensor over the slot ──► session.runInto ──► slot of output 0's channel
 *                                                                                 └─► slot of output 1's channel ...
 * </pre>
 *
 * <p>Input names, shapes and dtypes come from the model; a dynamic input dimension takes the incoming
 * tensor's size, and each output's shape is known before the run (see {@link OutputShapes}). Each output
 * frame carries its dtype, shape and the output's name as its label, the origin (the video frame's
 * sequence), tag, pts and capture time of its input ({@link io.framebus.pipeline.ChainMetadata}). A tensor
 * that does not match the model is an {@link InferenceException} naming both sides; nothing is converted
 * or copied.
 */
public final class InferStage implements AutoCloseable {
    private final TensorSession session;
    private final boolean ownsSession;
    private PreprocessSpec preprocess;
    private StageListener listener = StageListener.NONE;
    private Duration frameTimeout = Duration.ofMillis(100);
    private Duration claimTimeout = Duration.ofSeconds(1);
    private final StageLoop loop = StageLoop.untilClosed();

    /**
     * A stage over an open session with one tensor input. The caller keeps ownership of {@code session}.
     *
     * @throws InferenceException when the model has several inputs, or an input or output of a type framebus
     *                            cannot carry
     */
    public InferStage(TensorSession session) {
        this(session, false);
    }

    private InferStage(TensorSession session, boolean ownsSession) {
        this.session = Objects.requireNonNull(session, "session");
        this.ownsSession = ownsSession;
        String model = session.model().getFileName().toString();
        List<TensorSpec> inputs = session.inputs();
        if (inputs.size() != 1) {
            throw new InferenceException("model " + model + " has " + inputs.size() + " inputs " + inputs
                    + "; a framebus infer stage feeds one input from one channel");
        }
        if (inputs.getFirst().dtype() == DType.UNKNOWN) {
            throw new InferenceException("model input " + inputs.getFirst() + " of " + model + " is of a type"
                    + " framebus does not carry; a tensor frame holds one of " + Arrays.toString(carried()));
        }
        for (TensorSpec out : session.outputs()) {
            if (out.dtype() == DType.UNKNOWN) {
                throw new InferenceException("model output " + out + " of " + model + " is of a type framebus"
                        + " does not carry, so it cannot be written into a slot; carried: "
                        + Arrays.toString(carried()));
            }
        }
    }

    /**
     * Opens {@code model}; the stage owns the session and closes it. The session keeps no outputs of its own
     * (they are pinned to slots).
     */
    public static InferStage open(Path model, SessionConfig config) {
        TensorSession session = TensorSession.open(model, config.withPinnedOutputs(false));
        try {
            return new InferStage(session, true);
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    private static DType[] carried() {
        DType[] all = DType.values();
        return Arrays.copyOfRange(all, 1, all.length);
    }

    /**
     * Takes video frames instead of tensors and builds the model input from each, as {@code spec} says, in
     * the stage's own memory.
     *
     * @throws IllegalArgumentException when the spec does not produce the model's input (type or shape)
     */
    public InferStage preprocess(PreprocessSpec spec) {
        TensorSpec input = session.inputSpec(0);
        long[] shape = spec.shape();
        boolean fits = spec.dtype() == input.dtype() && shape.length == input.rank();
        for (int d = 0; fits && d < shape.length; d++) {
            fits = input.dim(d) < 0 || input.dim(d) == shape[d];
        }
        if (!fits) {
            throw new IllegalArgumentException("the preprocessing " + spec + " makes " + spec.dtype()
                    + Arrays.toString(shape) + "; model input of " + session.model().getFileName() + " is " + input);
        }
        this.preprocess = spec;
        return this;
    }

    /** Receives one call per input run through the model. */
    public InferStage listener(StageListener l) {
        this.listener = Objects.requireNonNull(l, "listener");
        return this;
    }

    /** How long one wait for an input lasts before {@link #stop()} is checked again (100 ms by default). */
    public InferStage frameTimeout(Duration timeout) {
        this.frameTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /** How long to wait for free output slots before dropping the input (1 s by default). */
    public InferStage claimTimeout(Duration timeout) {
        this.claimTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /** The ONNX Runtime session the stage runs. */
    public TensorSession session() {
        return session;
    }

    /** Makes {@link #run} return after the input in progress. Callable from any thread. */
    public void stop() {
        loop.stop();
    }

    /**
     * Runs the model on every input taken until the input channel closes or {@link #stop()} is called. The
     * output channels are created as soon as the output shapes are known (at once for static outputs).
     *
     * @param input   a reader of tensor frames, or of video frames when {@link #preprocess} was given
     * @param outputs where the outputs go; closed by the caller after this returns
     * @return what was done
     */
    public Summary run(ChannelReader input, OutputChannels outputs) {
        try (InferRun run = new InferRun(new InferRun.Setup(session, preprocess, claimTimeout, listener, loop),
                input, outputs)) {
            run.createStaticOutputs();
            loop.withPollInterval(frameTimeout).run(input, run);
            return run.summary();
        }
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
     * @param inferred         inputs run through the model (their outputs published)
     * @param skipped          inputs a LATEST reader skipped because the stage was busy
     * @param noSlot           inputs dropped because an output channel had no free slot in time
     * @param unsupported      video frames dropped because they were not packed 8-bit video (frames input)
     * @param probes           runs made only to learn the output shapes of a new input shape
     * @param meanInferenceMs  mean {@code runInto} time per input
     * @param meanPreprocessMs mean time to build the input from a frame (frames input; else 0)
     * @param channels         the output channels, one per model output
     */
    public record Summary(long inferred, long skipped, long noSlot, long unsupported, long probes,
                          double meanInferenceMs, double meanPreprocessMs, List<String> channels) {
    }
}
