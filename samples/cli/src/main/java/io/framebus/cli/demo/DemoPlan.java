package io.framebus.cli.demo;

import java.util.List;

/** Which stage processes {@code framebus demo} runs. */
public enum DemoPlan {
    /** capture, the single-process YOLOX detector, motion, encode, and the OpenCV resize preview. */
    CLASSIC(List.of("capture", "detect", "motion", "encode", "resize")),
    /**
     * {@code --chain}: capture, preprocess, infer, postprocess, encode, five processes, LOSSLESS all the way
     * so that YOLOX runs on every frame.
     */
    CHAIN(List.of("capture", "preprocess", "infer", "postprocess", "encode")),
    /** The chain's yardstick ({@code --chain --compare}): capture, the single-process detector, encode. */
    SINGLE(List.of("capture", "detect", "encode"));

    private final List<String> stages;

    DemoPlan(List<String> stages) {
        this.stages = stages;
    }

    /** The stage processes, upstream first. */
    public List<String> stages() {
        return stages;
    }
}
