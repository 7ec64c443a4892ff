package io.framebus.cli;

import io.framebus.ChannelNames;
import io.framebus.ChannelReader;
import io.framebus.ChannelWriter;
import io.framebus.FrameChannel;
import io.framebus.ReaderOptions;
import io.framebus.inference.DetectorStage;
import io.framebus.inference.SessionConfig;
import io.framebus.cli.stage.StageMetrics;
import io.framebus.cli.stage.StageRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code framebus detect}: YOLOX object detection on the newest frame of a channel. */
@Command(name = "detect", sortOptions = false,
        description = {"Run a YOLOX ONNX model on the newest frame of a frames channel (a LATEST reader: frames that"
                + " arrive while the model runs are skipped, never queued). The letterboxed input tensor is built"
                + " straight into a slot of the tensors channel and ONNX Runtime reads it there (an OnnxTensor over"
                + " the slot); the boxes go to the detections channel and, with --jsonl, to a JSON Lines file.",
            "Runs until the frames channel is closed."})
final class DetectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--frames", required = true, paramLabel = "CH", description = "Frames channel to read (LATEST).")
    String frames;

    @Option(names = "--model", required = true, paramLabel = "PATH", description = "YOLOX model (.onnx).")
    Path model;

    @Option(names = "--tensors", required = true, paramLabel = "CH",
            description = "Tensors channel to create: one model input per slot.")
    String tensors;

    @Option(names = "--detections", required = true, paramLabel = "CH",
            description = "Detections channel to create: the boxes of each analysed frame.")
    String detections;

    @Option(names = "--jsonl", paramLabel = "FILE",
            description = "Also write one JSON line per analysed frame to FILE (replaced if it exists).")
    Path jsonl;

    @Option(names = "--threads", defaultValue = "1", paramLabel = "N",
            description = "ONNX Runtime intra-op threads (default: ${DEFAULT-VALUE}; more rarely helps on a host"
                    + " shared with decode and encode).")
    int threads;

    @Option(names = "--max-detections", defaultValue = "100", paramLabel = "N",
            description = "Room for boxes per frame in the detections channel (default: ${DEFAULT-VALUE}).")
    int maxDetections;

    @Mixin
    ReadingStageOptions io;

    @Override
    public Integer call() {
        ChannelNames.validate(frames);
        ChannelNames.validate(tensors);
        ChannelNames.validate(detections);
        if (threads < 1 || maxDetections < 1) {
            throw new IllegalArgumentException("--threads and --max-detections must be at least 1");
        }
        if (!Files.isRegularFile(model)) {
            throw new IllegalArgumentException("model " + model + " is not a file");
        }
        StageMetrics metrics = StageSupport.metrics("detect", io.stage);
        try (StageRun run = StageSupport.start(spec, metrics, io.stage)) {
            DetectorStage.Summary summary;
            try (DetectorStage detector = DetectorStage.yolox(model,
                    SessionConfig.defaults().withIntraOpThreads(threads));
                 ChannelWriter tensorOut = FrameChannel.create(
                         io.output(detector.tensorChannel(tensors)));
                 ChannelWriter boxesOut = FrameChannel.create(
                         io.output(DetectorStage.detectionsChannel(detections, maxDetections)));
                 ChannelReader in = FrameChannel.attach(frames,
                         io.input(ReaderOptions.latest(), "framebus detect"))) {
                if (jsonl != null) {
                    StageSupport.replace(jsonl);
                    detector.jsonl(jsonl);
                }
                detector.listener(metrics);
                run.onStop(detector::stop);
                summary = detector.run(in, tensorOut, boxesOut);
            }
            Map<String, Object> s = metrics.summary("capture->take", true,
                    "letterbox into tensor slot; OnnxTensor over slot");
            s.put("model", model.getFileName().toString());
            s.put("threads", threads);
            s.put("mean_letterbox_ms", Json.round(summary.meanPreprocessMs(), 2));
            s.put("mean_inference_ms", Json.round(summary.meanInferenceMs(), 2));
            s.put("mean_decode_ms", Json.round(summary.meanDecodeMs(), 3));
            s.put("no_slot", summary.noSlot());
            s.put("detections", summary.detectionsPerClass());
            if (jsonl != null) {
                s.put("jsonl", jsonl.toString());
            }
            s.put("stopped", run.stopRequested());
            StageSupport.finish(spec, run, metrics, io.stage, s);
        }
        return 0;
    }
}
