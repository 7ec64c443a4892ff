package io.framebus.cli;

import io.framebus.ChannelNames;
import io.framebus.ChannelReader;
import io.framebus.ChannelWriter;
import io.framebus.FrameChannel;
import io.framebus.ReaderOptions;
import io.framebus.cli.stage.StageMetrics;
import io.framebus.cli.stage.StageRun;
import io.framebus.inference.BoxesScoresDecoder;
import io.framebus.inference.CocoLabels;
import io.framebus.inference.DetectorStage;
import io.framebus.inference.TopKDecoder;
import io.framebus.inference.chain.BoxesScoresTensorDecoder;
import io.framebus.inference.chain.PostprocessStage;
import io.framebus.inference.chain.TensorDecoder;
import io.framebus.inference.chain.TopKTensorDecoder;
import io.framebus.inference.chain.YoloxTensorDecoder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;

/** {@code framebus postprocess}: model outputs to detections or labels. */
@Command(name = "postprocess", sortOptions = false,
        description = {"Decode the outputs of `framebus infer` into boxes or labels and publish them on a detections"
                + " channel, as `framebus detect` does (and, with --jsonl, to a JSON Lines file). Reads every output"
                + " tensor in place (LOSSLESS readers, one per output channel) and joins the outputs of one run by"
                + " their origin.",
            "Decoders: yolox (one output [1, N, 5 + classes]); boxes, for SSD-style detectors (two channels: corner"
                + " boxes [1, N, 4] and class scores [1, N, C]); topk, for classifiers (one output of class scores)."
                + " Detectors need --size and --resize as given to `framebus preprocess`, to map boxes back to the"
                + " frame.",
            "Runs until the output channels are closed."})
final class PostprocessCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--decoder", defaultValue = "yolox", paramLabel = "yolox|boxes|topk",
            description = "How to read the outputs (default: ${DEFAULT-VALUE}).")
    String decoder;

    @Option(names = "--tensors", required = true, split = ",", paramLabel = "CH",
            description = "Output channel(s) of `framebus infer` to read: one for yolox and topk; boxes, then scores"
                    + " for boxes.")
    List<String> tensors;

    @Option(names = "--detections", required = true, paramLabel = "CH",
            description = "Detections channel to create.")
    String detections;

    @Option(names = "--jsonl", paramLabel = "FILE",
            description = "Also write one JSON line per frame to FILE (replaced if it exists).")
    Path jsonl;

    @Mixin
    GeometryOptions geometry;

    @Option(names = "--score", defaultValue = "0.3", paramLabel = "S",
            description = "Detectors: lowest score of a box (default: ${DEFAULT-VALUE}).")
    float score;

    @Option(names = "--iou", defaultValue = "0.45", paramLabel = "T",
            description = "Detectors: IoU above which non-maximum suppression drops a box of the same class"
                    + " (default: ${DEFAULT-VALUE}).")
    float iou;

    @Option(names = "--max-detections", defaultValue = "100", paramLabel = "N",
            description = "Most boxes (or labels) per frame, and the room in each detections slot"
                    + " (default: ${DEFAULT-VALUE}).")
    int maxDetections;

    @Option(names = "--box-order", defaultValue = "xyxy", paramLabel = "xyxy|yxyx",
            description = "boxes: the order of a box's corners (TensorFlow's is yxyx) (default: ${DEFAULT-VALUE}).")
    String boxOrder;

    @Option(names = "--pixel-boxes", description = "boxes: corners are in input pixels, not normalised to 0..1.")
    boolean pixelBoxes;

    @Option(names = "--background", defaultValue = "-1", paramLabel = "C",
            description = "boxes: a class index that is never a detection, e.g. 0 for SSD's background"
                    + " (default: none).")
    int background;

    @Option(names = "--k", defaultValue = "5", paramLabel = "K",
            description = "topk: labels per frame (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--softmax", description = "topk: the scores are logits; publish probabilities.")
    boolean softmax;

    @Option(names = "--labels", paramLabel = "coco|FILE",
            description = "Class names: coco, or a file of one name per line (default: coco for yolox, the class"
                    + " number otherwise).")
    String labels;

    @Option(names = "--producer", defaultValue = "1", paramLabel = "ID",
            description = "boxes: the producer id of the payloads; 1 says the class ids are COCO's (default:"
                    + " ${DEFAULT-VALUE}). yolox publishes 1, topk 3.")
    int producer;

    @Mixin
    ReadingStageOptions io;

    @Mixin
    StallBudgetOption stallBudget;

    @Mixin
    ClaimTimeoutOption claimTimeout;

    @Override
    public Integer call() {
        tensors.forEach(ChannelNames::validate);
        ChannelNames.validate(detections);
        if (maxDetections < 1 || k < 1) {
            throw new IllegalArgumentException("--max-detections and --k must be at least 1");
        }
        TensorDecoder decode = decoder();
        PostprocessStage post = new PostprocessStage(decode);
        if (labels != null) {
            post.labels(names(labels));
        }
        if (decode.needsGeometry() && !geometry.hasSize()) {
            throw new IllegalArgumentException("--size WxH is required for the " + decoder + " decoder: the model"
                    + " input's size, as given to `framebus preprocess`");
        }
        if (geometry.hasSize()) {
            post.geometry(geometry.spec(0, 0));
        }
        if (tensors.size() != decode.tensors()) {
            throw new IllegalArgumentException("the " + decoder + " decoder reads " + decode.tensors()
                    + " output channel(s); --tensors gives " + tensors.size() + ": " + tensors);
        }
        StageMetrics metrics = StageSupport.metrics("postprocess", io.stage);
        try (StageRun run = StageSupport.start(spec, metrics, io.stage)) {
            PostprocessStage.Summary summary;
            List<ChannelReader> readers = new ArrayList<>();
            try (ChannelWriter out = FrameChannel.create(io.output(DetectorStage.detectionsChannel(detections,
                    maxDetections)))) {
                try {
                    for (String name : tensors) {
                        readers.add(FrameChannel.attach(name, io.input(
                                stallBudget.apply(ReaderOptions.lossless()), "framebus postprocess")));
                    }
                    if (jsonl != null) {
                        StageSupport.replace(jsonl);
                        post.jsonl(jsonl);
                    }
                    post.listener(metrics).claimTimeout(claimTimeout.claimTimeout());
                    run.onStop(post::stop);
                    summary = post.run(readers, out);
                } finally {
                    readers.forEach(ChannelReader::close);
                }
            }
            Map<String, Object> s = metrics.summary("capture->take", true, "outputs decoded in place in held slots");
            s.put("decoder", decode.toString());
            s.put("mean_decode_ms", Json.round(summary.meanDecodeMs(), 3));
            s.put("incomplete", summary.incomplete());
            s.put("no_slot", summary.noSlot());
            s.put("detections", summary.perClass());
            if (jsonl != null) {
                s.put("jsonl", jsonl.toString());
            }
            s.put("stopped", run.stopRequested());
            StageSupport.finish(spec, run, metrics, io.stage, s);
        }
        return 0;
    }

    private TensorDecoder decoder() {
        IntFunction<String> numbers = String::valueOf;
        return switch (PreprocessOptions.key(decoder)) {
            case "yolox" -> new YoloxTensorDecoder(d -> d.withThresholds(score, iou).withMaxDetections(maxDetections));
            case "boxes", "ssd" -> {
                BoxesScoresDecoder.BoxOrder order = switch (PreprocessOptions.key(boxOrder)) {
                    case "xyxy" -> BoxesScoresDecoder.BoxOrder.XYXY;
                    case "yxyx" -> BoxesScoresDecoder.BoxOrder.YXYX;
                    default -> throw new IllegalArgumentException("--box-order must be xyxy or yxyx, got " + boxOrder);
                };
                yield new BoxesScoresTensorDecoder(new BoxesScoresDecoder().withThresholds(score, iou)
                        .withMaxDetections(maxDetections).withBoxes(order, !pixelBoxes).withBackground(background),
                        producer, numbers);
            }
            case "topk" -> new TopKTensorDecoder(new TopKDecoder(Math.min(k, maxDetections)).withSoftmax(softmax),
                    numbers);
            default -> throw new IllegalArgumentException("--decoder must be yolox, boxes or topk, got " + decoder);
        };
    }

    private static IntFunction<String> names(String source) {
        if (source.equalsIgnoreCase("coco")) {
            return CocoLabels::name;
        }
        try {
            List<String> names = Files.readAllLines(Path.of(source)).stream().map(String::strip).toList();
            return id -> id >= 0 && id < names.size() ? names.get(id) : String.valueOf(id);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the class names in " + source, e);
        }
    }
}
