package io.framebus.cli;

import io.framebus.ChannelNames;
import io.framebus.ChannelReader;
import io.framebus.ChannelWriter;
import io.framebus.FrameChannel;
import io.framebus.ReaderOptions;
import io.framebus.inference.motion.MotionDetector;
import io.framebus.inference.motion.MotionStage;
import io.framebus.cli.stage.StageMetrics;
import io.framebus.cli.stage.StageRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.Map;
import java.util.concurrent.Callable;

/** {@code framebus motion}: motion boxes from the in-place difference of consecutive frames. */
@Command(name = "motion", sortOptions = false,
        description = {"Find what moved between consecutive frames of a frames channel. A LATEST reader that may hold"
                + " 2 frames keeps the previous frame in its slot while it takes the next; the two are compared in"
                + " place (luma difference per cell), never copied. Boxes go to a detections channel.",
            "Runs until the frames channel is closed."})
final class MotionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--frames", required = true, paramLabel = "CH",
            description = "Frames channel to read (LATEST, hold 2).")
    String frames;

    @Option(names = "--out", required = true, paramLabel = "CH", description = "Detections channel to create.")
    String out;

    @Option(names = "--cell", defaultValue = "16", paramLabel = "PX",
            description = "Cell edge in pixels (default: ${DEFAULT-VALUE}).")
    int cell;

    @Option(names = "--threshold", defaultValue = "12", paramLabel = "T",
            description = "Mean luma difference (0..255) that makes a cell active (default: ${DEFAULT-VALUE}).")
    float threshold;

    @Option(names = "--step", defaultValue = "2", paramLabel = "N",
            description = "Compare every N-th pixel in x and y; 1 = all, 2 = a quarter of the reads"
                    + " (default: ${DEFAULT-VALUE}).")
    int step;

    @Option(names = "--max-boxes", defaultValue = "32", paramLabel = "N",
            description = "Most boxes per frame (default: ${DEFAULT-VALUE}).")
    int maxBoxes;

    @Mixin
    ReadingStageOptions io;

    @Override
    public Integer call() {
        ChannelNames.validate(frames);
        ChannelNames.validate(out);
        MotionDetector detector = new MotionDetector(cell, threshold, 1, maxBoxes, step);
        StageMetrics metrics = StageSupport.metrics("motion", io.stage);
        try (StageRun run = StageSupport.start(spec, metrics, io.stage)) {
            MotionStage.Summary summary;
            try (ChannelWriter boxes = FrameChannel.create(
                         io.output(MotionStage.detectionsChannel(out, Math.max(1, maxBoxes))));
                 ChannelReader in = FrameChannel.attach(frames,
                         io.input(ReaderOptions.latest().withHoldLimit(2), "framebus motion"))) {
                MotionStage motion = new MotionStage(detector).listener(metrics);
                run.onStop(motion::stop);
                summary = motion.run(in, boxes);
            }
            Map<String, Object> s = metrics.summary("capture->take", true, "frames diffed in place in held slots");
            s.put("step", step);
            s.put("frames_with_motion", summary.framesWithMotion());
            s.put("boxes", summary.boxes());
            s.put("mean_diff_ms", Json.round(summary.meanDiffMs(), 2));
            s.put("stopped", run.stopRequested());
            StageSupport.finish(spec, run, metrics, io.stage, s);
        }
        return 0;
    }
}
