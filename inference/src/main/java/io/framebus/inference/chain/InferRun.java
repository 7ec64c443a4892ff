package io.framebus.inference.chain;

import io.framebus.ChannelReader;
import io.framebus.ChannelWriter;
import io.framebus.DType;
import io.framebus.Frame;
import io.framebus.FrameClaim;
import io.framebus.FrameHandler;
import io.framebus.inference.InferenceException;
import io.framebus.inference.InputBinding;
import io.framebus.inference.OutputBinding;
import io.framebus.inference.PreprocessSpec;
import io.framebus.inference.TensorSession;
import io.framebus.inference.TensorSpec;
import io.framebus.pipeline.ChainMetadata;
import io.framebus.pipeline.StageListener;
import io.framebus.pipeline.StageLoop;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * One {@link InferStage#run}: for each input, claim a slot in every output channel, pin each output to its
 * slot, run the model once, publish every output. If a channel has no free slot in time, the claims made
 * are given back and the input is dropped (counted).
 */
final class InferRun implements FrameHandler, AutoCloseable {
    /** What the stage holds for the run. */
    record Setup(TensorSession session, PreprocessSpec preprocess, Duration claimTimeout, StageListener listener,
                 StageLoop loop) {
    }

    private final Setup setup;
    private final TensorSession session;
    private final ChannelReader input;
    private final TensorInput tensors;
    private final FrameInput frames;
    private final OutputShapes shapes;
    private final OutputChannels outputs;
    private final List<TensorSpec> specs;
    private final String[] labels;
    private final DType[] types;
    private final FrameClaim[] claims;
    private final OutputBinding[] bound;
    private final long skippedAtStart;
    private long inferred;
    private long noSlot;
    private long unsupported;
    private long inferNanos;
    private long preprocessNanos;

    InferRun(Setup setup, ChannelReader input, OutputChannels outputs) {
        this.setup = setup;
        this.session = setup.session();
        this.input = input;
        this.outputs = outputs;
        this.specs = session.outputs();
        int n = specs.size();
        this.labels = new String[n];
        this.types = new DType[n];
        for (int i = 0; i < n; i++) {
            labels[i] = specs.get(i).name();
            types[i] = specs.get(i).dtype();
        }
        this.claims = new FrameClaim[n];
        this.bound = new OutputBinding[n];
        this.shapes = new OutputShapes(session);
        this.skippedAtStart = input.skipped();
        this.frames = setup.preprocess() == null ? null : new FrameInput(session, setup.preprocess());
        this.tensors = frames == null ? new TensorInput(session, input) : null;
    }

    /** Creates the output channels now if the model's output shapes are static: readers attach before any input. */
    void createStaticOutputs() {
        if (!outputs.created() && specs.stream().allMatch(TensorSpec::isStatic)) {
            long[][] fixed = new long[specs.size()][];
            Arrays.setAll(fixed, i -> specs.get(i).shape());
            outputs.create(session, fixed, setup.loop()::isStopped);
        }
    }

    @Override
    public void onFrame(Frame frame) {
        long root = ChainMetadata.root(frame);
        long pts = frame.pts();
        long capture = frame.captureNanos();
        long publish = frame.publishNanos();
        long take = frame.takeNanos();
        long tag;
        long[] dims;
        InputBinding in;
        if (frames != null) {
            if (!FrameInput.accepts(frame)) {
                unsupported++;
                return;
            }
            long t0 = System.nanoTime();
            tag = ChainMetadata.sourceGeometry(frame.width(), frame.height());
            in = frames.build(frame);
            dims = frames.dims();
            frame.close(); // the input is in the stage's own memory: the video slot goes back now
            preprocessNanos += System.nanoTime() - t0;
        } else {
            in = tensors.bind(frame);
            dims = tensors.dims();
            tag = frame.tag();
        }
        long[][] out = shapes.forInput(dims, in);
        if (!outputs.created()) {
            outputs.create(session, out, setup.loop()::isStopped);
        }
        if (!claimAll(out)) {
            noSlot++;
            return;
        }
        long t1 = System.nanoTime();
        try {
            session.runInto(in, bound);
        } catch (RuntimeException e) {
            abortAll();
            throw shapes.probes() == 0 ? e : new InferenceException(e.getMessage() + "; the output shapes were learnt"
                    + " by a run for this input shape: an output whose shape depends on the data, not only on the"
                    + " input's shape, cannot be pinned to a slot", e);
        }
        inferNanos += System.nanoTime() - t1;
        for (int i = 0; i < claims.length; i++) {
            claims[i].tensor(types[i], out[i]).label(labels[i]).origin(root).tag(tag).pts(pts).captureNanos(capture)
                    .publish();
            claims[i] = null;
        }
        inferred++;
        setup.listener().frameDoneAfterHop(root, capture, publish, take, System.nanoTime(),
                input.skipped() - skippedAtStart);
    }

    /** Claims a slot in every output channel and pins each output to it; false (nothing held) on a timeout. */
    private boolean claimAll(long[][] out) {
        for (int i = 0; i < claims.length; i++) {
            ChannelWriter w = outputs.writer(i);
            long need = OutputChannels.bytes(specs.get(i), out[i]);
            if (need > w.slotSize()) {
                abortAll();
                throw new InferenceException("output " + specs.get(i) + " of " + session.model().getFileName()
                        + " has shape " + Arrays.toString(out[i]) + " for this input and needs " + need + " bytes; the"
                        + " slots of output channel '" + w.name() + "' hold " + w.slotSize() + " (sized when it was"
                        + " created): give the output channels room for the largest input (infer --output-bytes)");
            }
            FrameClaim c = w.claim(setup.claimTimeout());
            if (c == null) {
                abortAll();
                return false;
            }
            claims[i] = c;
            try {
                bound[i] = outputs.pins(i).get(c.slot(), c.segment(), out[i], out[i].length);
            } catch (RuntimeException e) {
                abortAll();
                throw e;
            }
        }
        return true;
    }

    private void abortAll() {
        for (int i = 0; i < claims.length; i++) {
            if (claims[i] != null) {
                claims[i].abort();
                claims[i] = null;
            }
        }
    }

    InferStage.Summary summary() {
        return new InferStage.Summary(inferred, input.skipped() - skippedAtStart, noSlot, unsupported,
                shapes.probes(), inferred == 0 ? 0 : inferNanos / 1e6 / inferred,
                inferred == 0 ? 0 : preprocessNanos / 1e6 / inferred, outputs.channelNames(specs.size()));
    }

    @Override
    public void close() {
        abortAll();
        if (tensors != null) {
            tensors.close();
        }
        if (frames != null) {
            frames.close();
        }
    }
}
