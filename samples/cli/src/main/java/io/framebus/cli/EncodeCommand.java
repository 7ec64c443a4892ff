package io.framebus.cli;

import io.framebus.ChannelNames;
import io.framebus.ChannelReader;
import io.framebus.FrameChannel;
import io.framebus.ReaderOptions;
import io.framebus.encoder.EncodeSummary;
import io.framebus.encoder.EncoderOptions;
import io.framebus.encoder.EncoderStage;
import io.framebus.inference.CocoLabels;
import io.framebus.inference.motion.MotionDetector;
import io.framebus.cli.stage.StageMetrics;
import io.framebus.cli.stage.StageRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code framebus encode}: every frame of a channel to H.264 MP4, with detection boxes drawn on. */
@Command(name = "encode", sortOptions = false,
        description = {"Encode every frame of a frames channel (a LOSSLESS reader: capture waits for it) to an H.264"
                + " MP4, drawing the newest boxes of any detection channels (LATEST readers). sws_scale reads each"
                + " frame in its slot and writes the encoder's private YUV picture; boxes and their labels (class"
                + " name and score, e.g. 'person 0.87') are drawn on that copy, the shared slot is only read."
                + " Any frames channel can be encoded: the capture's, or the previews of 'framebus resize'.",
            "Runs until the frames channel is closed; the MP4 is always finished properly."})
final class EncodeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--frames", required = true, paramLabel = "CH", description = "Frames channel to read (LOSSLESS).")
    String frames;

    @Option(names = "--detections", split = ",", paramLabel = "CH",
            description = "Detection channels whose boxes are drawn (LATEST), comma-separated.")
    List<String> detections = new ArrayList<>();

    @Option(names = "--out", required = true, paramLabel = "FILE.mp4", description = "MP4 file to write.")
    Path out;

    @Option(names = "--fps", defaultValue = "0", paramLabel = "N",
            description = "Output frame rate; 0 = from the frames' presentation times (default: ${DEFAULT-VALUE}).")
    int fps;

    @Option(names = "--encoder", paramLabel = "NAME",
            description = "FFmpeg encoder (libopenh264, libx264); default: the first available.")
    String encoder;

    @Option(names = "--threads", defaultValue = "1", paramLabel = "N",
            description = "Encoder threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--bitrate", defaultValue = "0", paramLabel = "BPS",
            description = "Target bit rate in bits/s; 0 = about 0.2 bits per pixel per frame"
                    + " (default: ${DEFAULT-VALUE}).")
    long bitrate;

    @Option(names = "--stall-budget-ms", defaultValue = "0", paramLabel = "MS",
            description = "Let capture demote this encoder to latest when it holds capture back for longer than MS"
                    + " (frames it misses are counted as lost, not encoded). 0 (default): capture waits for ever.")
    long stallBudgetMs;

    @Mixin
    ReadingStageOptions io;

    /** What the boxes' labels say: COCO's names (the detector's), "motion" for motion boxes, else the id. */
    static String className(int classId) {
        if (classId == MotionDetector.MOTION_CLASS) {
            return "motion";
        }
        return classId >= 0 && classId < CocoLabels.count() ? CocoLabels.name(classId) : null;
    }

    @Override
    public Integer call() {
        ChannelNames.validate(frames);
        detections.forEach(ChannelNames::validate);
        EncoderOptions options = EncoderOptions.defaults().withFps(fps).withEncoder(encoder).withThreads(threads)
                .withBitRate(bitrate).withLabels(EncodeCommand::className);
        StageMetrics metrics = StageSupport.metrics("encode", io.stage);
        try (StageRun run = StageSupport.start(spec, metrics, io.stage)) {
            EncodeSummary summary;
            List<ChannelReader> boxes = new ArrayList<>();
            EncoderStage encoderStage = new EncoderStage(); // loads its natives before capture can wait for it
            run.onStop(encoderStage::stop);
            try {
                ReaderOptions latest = io.input(ReaderOptions.latest(), "framebus encode boxes");
                for (String name : detections) {
                    boxes.add(FrameChannel.attach(name, latest));
                }
                // Attached last, so that a capture waiting for its readers starts only when the boxes are there too.
                ReaderOptions lossless = io.input(ReaderOptions.lossless().withHoldLimit(2)
                        .withStallBudget(Duration.ofMillis(stallBudgetMs)), "framebus encode");
                try (ChannelReader in = FrameChannel.attach(frames, lossless)) {
                    summary = encoderStage.run(in, boxes, out, options, metrics);
                }
            } finally {
                boxes.forEach(ChannelReader::close);
            }
            Map<String, Object> s = metrics.summary("capture->take", true,
                    "sws_scale reads slot -> private YUV; boxes drawn on the private copy");
            s.put("output", out.toString());
            s.put("encoder", summary.encoder());
            s.put("width", summary.width());
            s.put("height", summary.height());
            s.put("video_fps", summary.fps());
            s.put("bytes", summary.bytes());
            s.put("boxes_drawn", summary.boxesDrawn());
            s.put("detection_payloads", summary.detectionFrames());
            s.put("stopped", run.stopRequested());
            StageSupport.finish(spec, run, metrics, io.stage, s);
        }
        return 0;
    }
}
