package io.framebus.cli;

import io.framebus.ChannelNames;
import io.framebus.ChannelReader;
import io.framebus.ChannelWriter;
import io.framebus.FrameChannel;
import io.framebus.ReaderOptions;
import io.framebus.cli.stage.StageMetrics;
import io.framebus.cli.stage.StageRun;
import io.framebus.inference.PreprocessSpec;
import io.framebus.inference.chain.PreprocessStage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.Map;
import java.util.concurrent.Callable;

/** {@code framebus preprocess}: frames to model input tensors, written straight into tensor slots. */
@Command(name = "preprocess", sortOptions = false,
        description = {"Turn video frames into a model's input tensors: each frame is resized or letterboxed,"
                + " reordered, normalised and laid out as NCHW or NHWC, float32 or uint8, straight into a claimed slot"
                + " of the tensors channel, which this stage creates. Takes the newest frame (a LATEST reader), or"
                + " every frame with --lossless.",
            "Each tensor frame carries the video frame's sequence as its origin and its size as its tag, so that"
                + " `framebus infer` and `framebus postprocess` (or a process in another language) can follow it.",
            "Runs until the frames channel is closed."})
final class PreprocessCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--frames", required = true, paramLabel = "CH", description = "Frames channel to read.")
    String frames;

    @Option(names = "--tensors", required = true, paramLabel = "CH",
            description = "Tensors channel to create: one input tensor per slot.")
    String tensors;

    @Option(names = "--lossless", description = "Take every frame (the capture waits for this stage) instead of the"
            + " newest one.")
    boolean lossless;

    @Option(names = "--slots", defaultValue = "4", paramLabel = "N",
            description = "Slots of the tensors channel (default: ${DEFAULT-VALUE}).")
    int slots;

    @Mixin
    PreprocessOptions preprocess;

    @Mixin
    WaitReadersOption waitReaders;

    @Mixin
    ReadingStageOptions io;

    @Mixin
    StallBudgetOption stallBudget;

    @Mixin
    ClaimTimeoutOption claimTimeout;

    @Override
    public Integer call() {
        ChannelNames.validate(frames);
        ChannelNames.validate(tensors);
        waitReaders.validate();
        if (!preprocess.hasSize()) {
            throw new IllegalArgumentException("--size WxH is required: the model input's size, e.g. 416x416");
        }
        if (slots < 2) {
            throw new IllegalArgumentException("--slots must be at least 2, got " + slots);
        }
        PreprocessSpec tensor = preprocess.spec(0, 0);
        PreprocessStage pre = new PreprocessStage(tensor);
        StageMetrics metrics = StageSupport.metrics("preprocess", io.stage);
        try (StageRun run = StageSupport.start(spec, metrics, io.stage)) {
            PreprocessStage.Summary summary;
            try (ChannelWriter out = FrameChannel.create(io.output(pre.tensorChannel(tensors, slots)))) {
                waitReaders.await(out, run, tensors);
                ReaderOptions mode = lossless ? ReaderOptions.lossless() : ReaderOptions.latest();
                try (ChannelReader in = FrameChannel.attach(frames,
                        io.input(stallBudget.apply(mode), "framebus preprocess"))) {
                    pre.listener(metrics).claimTimeout(claimTimeout.claimTimeout());
                    run.onStop(pre::stop);
                    summary = pre.run(in, out);
                }
            }
            Map<String, Object> s = metrics.summary("capture->take", true, "tensor written into the claimed slot");
            s.put("tensor", tensor.dtype().name().toLowerCase(java.util.Locale.ROOT)
                    + java.util.Arrays.toString(tensor.shape()));
            s.put("mean_preprocess_ms", Json.round(summary.meanPreprocessMs(), 2));
            s.put("unsupported", summary.unsupported());
            s.put("no_slot", summary.noSlot());
            s.put("stopped", run.stopRequested());
            StageSupport.finish(spec, run, metrics, io.stage, s);
        }
        return 0;
    }
}
