package io.framebus.cli;

import io.framebus.ChannelNames;
import io.framebus.ChannelReader;
import io.framebus.FrameChannel;
import io.framebus.ReaderOptions;
import io.framebus.cli.stage.StageMetrics;
import io.framebus.cli.stage.StageRun;
import io.framebus.inference.ExecutionProvider;
import io.framebus.inference.SessionConfig;
import io.framebus.inference.TensorSpec;
import io.framebus.inference.chain.InferStage;
import io.framebus.inference.chain.OutputChannels;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code framebus infer}: any ONNX model over tensors in slots, its outputs written straight into slots. */
@Command(name = "infer", sortOptions = false,
        description = {"Run any ONNX model on the tensors of a channel: ONNX Runtime reads each tensor in its slot (an"
                + " OnnxTensor over the slot) and writes every output straight into a claimed slot of that output's"
                + " channel (pinned outputs), one channel per output. Input names, shapes and dtypes come from the"
                + " model; dynamic dimensions take the incoming tensor's sizes. With --frames instead of --tensors,"
                + " the stage builds the input from video frames itself (the preprocessing options).",
            "Each output frame carries its dtype and shape, the output's name as its label, and the origin (video"
                + " frame), tag, pts and capture time of its input. A tensor that does not match the model is an"
                + " error naming both; nothing is converted or copied.",
            "Runs until the input channel is closed."})
final class InferCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "PATH", description = "The ONNX model (.onnx).")
    Path model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    /** Where the model's input comes from. */
    static final class Input {
        @Option(names = "--tensors", paramLabel = "CH", description = "Tensors channel to read (the model's input).")
        String tensors;

        @Option(names = "--frames", paramLabel = "CH",
                description = "Frames channel to read instead; the input is built with the preprocessing options"
                        + " (--size defaults to the model's input size).")
        String frames;
    }

    @Option(names = "--output", required = true, split = ",", paramLabel = "CH",
            description = "Output channel(s) to create: one name per model output, in the model's order, or one"
                    + " name for all (NAME for one output, NAME.0, NAME.1, ... for more).")
    List<String> outputs;

    @Option(names = "--lossless", description = "Take every input (the writer upstream waits for this stage)"
            + " instead of the newest one.")
    boolean lossless;

    @Option(names = "--threads", defaultValue = "1", paramLabel = "N",
            description = "ONNX Runtime intra-op threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--provider", defaultValue = "cpu", paramLabel = "NAME",
            description = "ONNX Runtime execution provider: cpu, cuda, tensorrt, rocm, dnnl, openvino, xnnpack,"
                    + " coreml, acl or directml, if the ONNX Runtime on the class path has it (default:"
                    + " ${DEFAULT-VALUE}; the bundled build has only cpu).")
    String provider;

    @Option(names = "--slots", defaultValue = "4", paramLabel = "N",
            description = "Slots of each output channel (default: ${DEFAULT-VALUE}).")
    int slots;

    @Option(names = "--output-bytes", defaultValue = "0", paramLabel = "B",
            description = "Room per output slot at least, for a model whose output sizes follow a dynamic input"
                    + " (default: the outputs' sizes for the first input).")
    long outputBytes;

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
        String in = input.tensors != null ? input.tensors : input.frames;
        ChannelNames.validate(in);
        outputs.forEach(ChannelNames::validate);
        waitReaders.validate();
        if (threads < 1 || slots < 2 || outputBytes < 0) {
            throw new IllegalArgumentException("--threads must be at least 1, --slots at least 2, --output-bytes >= 0");
        }
        SessionConfig config = SessionConfig.defaults().withIntraOpThreads(threads)
                .withProvider(ExecutionProvider.parse(provider));
        StageMetrics metrics = StageSupport.metrics("infer", io.stage);
        try (StageRun run = StageSupport.start(spec, metrics, io.stage)) {
            InferStage.Summary summary;
            List<TensorSpec> outputSpecs;
            TensorSpec inputSpec;
            try (InferStage infer = InferStage.open(model, config);
                 OutputChannels out = OutputChannels.named(outputs).slots(slots).minSlotBytes(outputBytes)
                         .configure(io::output)
                         .waitForReaders(waitReaders.readers(), waitReaders.timeout())) {
                inputSpec = infer.session().inputSpec(0);
                outputSpecs = infer.session().outputs();
                out.channelNames(outputSpecs.size()); // a wrong count of names fails now, not at the first input
                if (input.frames != null) {
                    infer.preprocess(preprocess.spec(modelWidth(inputSpec), modelHeight(inputSpec)));
                }
                ReaderOptions mode = lossless ? ReaderOptions.lossless() : ReaderOptions.latest();
                try (ChannelReader reader = FrameChannel.attach(in,
                        io.input(stallBudget.apply(mode), "framebus infer"))) {
                    infer.listener(metrics).claimTimeout(claimTimeout.claimTimeout());
                    run.onStop(infer::stop);
                    summary = infer.run(reader, out);
                }
            }
            Map<String, Object> s = metrics.summary("capture->take", true, (input.frames != null
                    ? "input built in the stage's memory" : "OnnxTensor over the input slot")
                    + "; outputs pinned to output slots");
            s.put("model", model.getFileName().toString());
            s.put("threads", threads);
            s.put("provider", config.provider().lowerName());
            s.put("input", inputSpec.toString());
            List<String> described = new ArrayList<>();
            for (int i = 0; i < outputSpecs.size(); i++) {
                described.add(outputSpecs.get(i) + " -> " + summary.channels().get(i));
            }
            s.put("outputs", described);
            s.put("mean_inference_ms", Json.round(summary.meanInferenceMs(), 2));
            if (input.frames != null) {
                s.put("mean_preprocess_ms", Json.round(summary.meanPreprocessMs(), 2));
            }
            s.put("probes", summary.probes());
            s.put("no_slot", summary.noSlot());
            s.put("stopped", run.stopRequested());
            StageSupport.finish(spec, run, metrics, io.stage, s);
        }
        return 0;
    }

    /** The width in the model's input shape ([1, C, H, W] or [1, H, W, C] by --layout), or 0 when dynamic. */
    private int modelWidth(TensorSpec input) {
        return dim(input, nhwc() ? 2 : 3);
    }

    private int modelHeight(TensorSpec input) {
        return dim(input, nhwc() ? 1 : 2);
    }

    private boolean nhwc() {
        return PreprocessOptions.key(preprocess.layout).equals("nhwc");
    }

    private int dim(TensorSpec input, int d) {
        long v = input.rank() == 4 ? input.dim(d) : -1;
        if (v <= 0 && !preprocess.hasSize()) {
            throw new IllegalArgumentException("model input " + input + " has no fixed image size; give --size WxH");
        }
        return (int) Math.max(v, 0);
    }
}
