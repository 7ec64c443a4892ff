package io.framebus.inference.chain;

import io.framebus.ChannelReader;
import io.framebus.ChannelWriter;
import io.framebus.FrameChannel;

import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.framebus.inference.TestSupport.*;

/**
 * preprocess -> infer -> postprocess on three threads, each attaching and creating its channels as its
 * process would: the frames channel must exist; the tensors and output channels are made here; the
 * detections writer is the caller's.
 */
final class ChainThreads implements AutoCloseable {
    private final PreprocessStage preprocess;
    private final InferStage inferStage;
    private final PostprocessStage postprocess;
    private final ChannelWriter tensors;
    private final OutputChannels outputs;
    private final CompletableFuture<PreprocessStage.Summary> pre;
    private final CompletableFuture<InferStage.Summary> infer;
    private final CompletableFuture<PostprocessStage.Summary> post;

    private ChainThreads(PreprocessStage preprocess, InferStage inferStage, PostprocessStage postprocess,
                         ChannelWriter tensors, OutputChannels outputs,
                         CompletableFuture<PreprocessStage.Summary> pre, CompletableFuture<InferStage.Summary> infer,
                         CompletableFuture<PostprocessStage.Summary> post) {
        this.preprocess = preprocess;
        this.inferStage = inferStage;
        this.postprocess = postprocess;
        this.tensors = tensors;
        this.outputs = outputs;
        this.pre = pre;
        this.infer = infer;
        this.post = post;
    }

    /** Starts the three stages: LOSSLESS readers everywhere, so that every frame goes through. */
    static ChainThreads start(String frames, PreprocessStage preprocess, InferStage inferStage,
                              OutputChannels outputChannels, PostprocessStage postprocess, ChannelWriter detections) {
        ChannelWriter tensors = FrameChannel.create(plain(preprocess.tensorChannel(uniqueName("tensors"), 4)));
        OutputChannels outputs = outputChannels.configure(c -> plain(c)).waitForReaders(1, Duration.ofSeconds(30));
        List<ChannelReader> opened = new ArrayList<>();
        CompletableFuture<InferStage.Summary> infer = Stages.start("infer", () -> {
            try (ChannelReader in = FrameChannel.attach(tensors.name(), lossless())) {
                return inferStage.run(in, outputs);
            }
        });
        CompletableFuture<PostprocessStage.Summary> post = Stages.start("postprocess", () -> {
            List<String> names = outputs.channelNames(inferStage.session().outputs().size());
            try {
                for (String name : names) {
                    opened.add(FrameChannel.attach(name, lossless().withAttachTimeout(Duration.ofSeconds(30))));
                }
                return postprocess.run(opened, detections);
            } finally {
                opened.forEach(ChannelReader::close);
            }
        });
        CompletableFuture<PreprocessStage.Summary> pre = Stages.start("preprocess", () -> {
            try (ChannelReader in = FrameChannel.attach(frames, lossless())) {
                return preprocess.run(in, tensors);
            }
        });
        return new ChainThreads(preprocess, inferStage, postprocess, tensors, outputs, pre, infer, post);
    }

    /**
     * After the frames channel was closed: waits for preprocess, closes the tensors channel, waits for infer,
     * closes the output channels, waits for postprocess.
     */
    InferStage.Summary finish() throws Exception {
        try {
            pre.get(60, TimeUnit.SECONDS);
            tensors.close();
            InferStage.Summary s = infer.get(60, TimeUnit.SECONDS);
            outputs.close();
            post.get(60, TimeUnit.SECONDS);
            return s;
        } finally {
            close();
        }
    }

    /** Stops the stages, waits for them, and closes the channels made here (after a failed test, too). */
    @Override
    public void close() {
        preprocess.stop();
        inferStage.stop();
        postprocess.stop();
        for (CompletableFuture<?> f : List.of(pre, infer, post)) {
            try {
                f.get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                // the test reports its own failure; this only cleans up
            }
        }
        tensors.close();
        outputs.close();
    }
}
