package io.framebus.inference.chain;

import io.framebus.ChannelReader;
import io.framebus.ChannelWriter;
import io.framebus.inference.DetectionPublisher;
import io.framebus.inference.PreprocessSpec;
import io.framebus.pipeline.StageListener;
import io.framebus.pipeline.StageLoop;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * Model outputs to detections or labels, as a stage of its own: reads the output channels of an
 * {@link InferStage} (one per output, LOSSLESS readers), gathers the outputs of one run by their origin,
 * decodes them with a {@link TensorDecoder} and publishes a {@link io.framebus.pipeline.Detections}
 * payload per video frame, as the single-process detector does (and, with {@link #jsonl}, a JSON line).
 *
 * <pre>
 *  output channel 0 ─┐ (same origin)
 *  output channel 1 ─┴─► TensorDecoder (in place, read-only) ──► detections channel (+ JSON lines)
 * </pre>
 *
 * <p>What it relies on is {@link io.framebus.pipeline.ChainMetadata}: the outputs of one run share an origin
 * and are published first output first; the tag holds the video frame's size. To map boxes back, the stage
 * must be told how the model input was made ({@link #geometry}: the preprocessing's size and resize mode).
 * A script in another language that does the same can take this stage's place.
 */
public final class PostprocessStage {
    private final TensorDecoder decoder;
    private PreprocessSpec geometry;
    private Path jsonl;
    private IntFunction<String> labels;
    private StageListener listener = StageListener.NONE;
    private Duration frameTimeout = Duration.ofMillis(100);
    private Duration claimTimeout = Duration.ofSeconds(1);
    private final StageLoop loop = StageLoop.untilClosed();

    /** A stage decoding with {@code decoder}. */
    public PostprocessStage(TensorDecoder decoder) {
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.labels = decoder.labels();
    }

    /**
     * How the model input was made from each frame: its size and resize mode (the rest of the spec does not
     * matter here). Detectors need it; without it labels are boxed by the frame as the tag gives it.
     */
    public PostprocessStage geometry(PreprocessSpec spec) {
        this.geometry = spec;
        return this;
    }

    /** Also appends one JSON line per decoded frame to {@code file} (null: none). */
    public PostprocessStage jsonl(Path file) {
        this.jsonl = file;
        return this;
    }

    /** Class names for the JSON lines and the summary (the decoder's by default). */
    public PostprocessStage labels(IntFunction<String> names) {
        this.labels = Objects.requireNonNull(names, "labels");
        return this;
    }

    /** Receives one call per decoded set of outputs. */
    public PostprocessStage listener(StageListener l) {
        this.listener = Objects.requireNonNull(l, "listener");
        return this;
    }

    /** How long one wait for outputs lasts before {@link #stop()} is checked again (100 ms by default). */
    public PostprocessStage frameTimeout(Duration timeout) {
        this.frameTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /** How long to wait for a free detections slot before dropping a payload (1 s by default). */
    public PostprocessStage claimTimeout(Duration timeout) {
        this.claimTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /** The decoder. */
    public TensorDecoder decoder() {
        return decoder;
    }

    /** Makes {@link #run} return after the outputs in progress. Callable from any thread. */
    public void stop() {
        loop.stop();
    }

    /**
     * Decodes until the output channels close or {@link #stop()} is called.
     *
     * @param tensors    one LOSSLESS reader per output the decoder reads, in its order
     * @param detections where each frame's payload goes
     * @return what was done
     */
    public Summary run(List<ChannelReader> tensors, ChannelWriter detections) {
        if (tensors.size() != decoder.tensors()) {
            throw new IllegalArgumentException(decoder + " reads " + decoder.tensors() + " output channel(s); got "
                    + tensors.size());
        }
        if (decoder.needsGeometry() && geometry == null) {
            throw new IllegalArgumentException(decoder + " needs the model input's size and how frames were fitted"
                    + " into it (the size and resize mode given to the preprocessing)");
        }
        detections.note("detections decoded by " + decoder + " from " + tensors.getLast().name());
        try (DetectionPublisher publisher = new DetectionPublisher(detections, decoder.producer(), labels, jsonl,
                claimTimeout);
             PostprocessRun run = new PostprocessRun(decoder, geometry, tensors, publisher, listener)) {
            loop.withPollInterval(frameTimeout).run(tensors.getLast(), run);
            return run.summary(publisher);
        }
    }

    /**
     * What one {@link #run} did.
     *
     * @param decoded      sets of outputs decoded and published
     * @param incomplete   sets dropped because an output of the same origin was missing (a reader that attached
     *                     in the middle of a run's outputs)
     * @param noSlot       payloads dropped because the detections channel had no free slot in time
     * @param meanDecodeMs mean decode time per set
     * @param perClass     boxes (or labels) published per class name
     */
    public record Summary(long decoded, long incomplete, long noSlot, double meanDecodeMs, Map<String, Long> perClass) {
    }
}
