package io.framebus.cli.demo;

import io.framebus.inference.TensorSession;
import io.framebus.inference.TensorSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The command lines of {@code framebus demo --chain} (and of its yardstick, {@link DemoPlan#SINGLE}):
 *
 * <pre>
 *  capture ──► frames ──► preprocess ──► tensors ──► infer ──► output ──► postprocess ──► detections ─┐
 *                    └──► encode (LOSSLESS) ◄─────────────────────────────────────────────────────────┘
 * </pre>
 *
 * Every reader of the chain is LOSSLESS and every writer waits for its reader before its first frame, so
 * that YOLOX runs on every frame; without {@code --realtime} the chain runs as fast as the model.
 */
final class ChainStages {
    /** Starts one stage process. */
    @FunctionalInterface
    interface Launcher {
        void launch(String stage, List<String> commandLine);
    }

    private ChainStages() {
    }

    /**
     * Starts the stages of {@code plan}, readers first.
     *
     * @param capture the capture command line, given how many readers it waits for
     */
    static void launch(DemoPlan plan, String prefix, Path model, Path video, Path jsonl, int threads,
                       IntFunction<List<String>> capture, Launcher launcher) {
        String frames = prefix + "frames";
        String tensors = prefix + "tensors";
        String detections = prefix + "detections";
        launcher.launch("encode", List.of("encode", "--frames", frames, "--detections", detections, "--out",
                video.toString()));
        if (plan == DemoPlan.SINGLE) {
            launcher.launch("detect", List.of("detect", "--frames", frames, "--model", model.toString(), "--tensors",
                    tensors, "--detections", detections, "--jsonl", jsonl.toString(), "--threads",
                    String.valueOf(threads)));
        } else {
            String outputs = prefix + "output";
            String size = inputSize(model);
            launcher.launch("postprocess", List.of("postprocess", "--decoder", "yolox", "--tensors", outputs,
                    "--detections", detections, "--jsonl", jsonl.toString(), "--size", size, "--resize", "letterbox"));
            launcher.launch("infer", List.of("infer", "--model", model.toString(), "--tensors", tensors, "--output",
                    outputs, "--lossless", "--wait-readers", "1", "--threads", String.valueOf(threads)));
            launcher.launch("preprocess", List.of("preprocess", "--frames", frames, "--tensors", tensors, "--size",
                    size, "--resize", "letterbox", "--order", "bgr", "--layout", "nchw", "--dtype", "float32",
                    "--lossless", "--wait-readers", "1"));
        }
        launcher.launch("capture", new ArrayList<>(capture.apply(2)));
    }

    /** The model's input size as {@code WxH}, from its metadata ([1, 3, H, W]). */
    static String inputSize(Path model) {
        try (TensorSession session = TensorSession.open(model)) {
            TensorSpec in = session.inputSpec(0);
            if (in.rank() != 4 || in.dim(2) <= 0 || in.dim(3) <= 0) {
                throw new IllegalArgumentException("the chain demo runs a YOLOX model with an input [1, 3, H, W]; "
                        + model.getFileName() + " has " + in);
            }
            return in.dim(3) + "x" + in.dim(2);
        }
    }
}
