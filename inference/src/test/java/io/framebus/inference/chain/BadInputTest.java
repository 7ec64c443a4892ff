package io.framebus.inference.chain;

import io.framebus.ChannelReader;
import io.framebus.ChannelWriter;
import io.framebus.DType;
import io.framebus.FrameChannel;
import io.framebus.FrameClaim;
import io.framebus.PixelFormat;
import io.framebus.inference.ExecutionProvider;
import io.framebus.inference.InferenceException;
import io.framebus.inference.PreprocessSpec;
import io.framebus.inference.SessionConfig;
import io.framebus.inference.TensorSession;
import io.framebus.testkit.TestModels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import static io.framebus.inference.TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Every bad input of the chain gives an error that names both sides (the model's tensor and what came, or the
 * slot it did not fit), never a crash or a silent copy.
 */
class BadInputTest {
    private static final String MNIST_INPUT = "Input3:FLOAT32[1, 1, 28, 28]";

    @AfterEach
    void noChannelFilesLeft() throws Exception {
        assertEquals(List.of(), leftovers());
    }

    @Test
    void aMissingOrCorruptModelNamesTheFile(@TempDir Path dir) throws Exception {
        InferenceException missing = assertThrows(InferenceException.class,
                () -> InferStage.open(dir.resolve("nope.onnx"), SessionConfig.defaults()));
        assertNames(missing, "nope.onnx", "does not exist");
        Path corrupt = Files.write(dir.resolve("corrupt.onnx"), new byte[] {8, 7, 0x12, 3, 'a', 'b'});
        InferenceException bad = assertThrows(InferenceException.class,
                () -> InferStage.open(corrupt, SessionConfig.defaults()));
        assertNames(bad, "corrupt.onnx", "could not load");
    }

    @Test
    void aModelInputOfATypeFramebusDoesNotCarryIsRefused(@TempDir Path dir) {
        InferenceException e = assertThrows(InferenceException.class,
                () -> InferStage.open(TestModels.strings(dir), SessionConfig.defaults()));
        assertNames(e, "text:STRING[1]", "strings.onnx", "FLOAT32");
        InferenceException two = assertThrows(InferenceException.class,
                () -> InferStage.open(TestModels.twoInputs(dir), SessionConfig.defaults()));
        assertNames(two, "2 inputs", "a:FLOAT32[1, 4]");
    }

    @Test
    void anExecutionProviderThisOnnxRuntimeLacksIsAClearError() {
        assertEquals(List.of(ExecutionProvider.CPU), ExecutionProvider.available(), "the CPU build");
        InferenceException e = assertThrows(InferenceException.class,
                () -> TensorSession.open(MNIST, SessionConfig.defaults().withProvider(ExecutionProvider.CUDA)));
        assertNames(e, "cuda", "not available", "cpu");
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> ExecutionProvider.parse("tpu"));
        assertNames(unknown, "tpu", "openvino");
    }

    @Test
    void aTensorOfAnotherTypeIsNotConverted() {
        InferenceException e = runMnistOn(DType.UINT8, new long[] {1, 1, 28, 28});
        assertNames(e, "UINT8[1, 1, 28, 28]", MNIST_INPUT, "does not convert");
    }

    @Test
    void aTensorOfAnotherShapeNamesTheDimension() {
        InferenceException e = runMnistOn(DType.FLOAT32, new long[] {1, 1, 32, 32});
        assertNames(e, "FLOAT32[1, 1, 32, 32]", MNIST_INPUT, "dimension 2");
        InferenceException rank = runMnistOn(DType.FLOAT32, new long[] {1, 784});
        assertNames(rank, "rank 2", MNIST_INPUT);
    }

    @Test
    void videoFedToATensorInputIsRefused() {
        InferenceException e = runMnist(claim -> claim.video(28, 28, 28, PixelFormat.GRAY8));
        assertNames(e, "VIDEO frame, not a tensor", MNIST_INPUT);
    }

    @Test
    void aPreprocessingThatDoesNotMakeTheModelsInputIsRefused() {
        try (InferStage infer = InferStage.open(MNIST, SessionConfig.defaults())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> infer.preprocess(PreprocessSpec.yolox(416, 416)));
            assertNames(e, "[1, 3, 416, 416]", MNIST_INPUT);
        }
    }

    @Test
    @SuppressWarnings("try") // the writer is closed by the failing run's caller, in this order
    void anOutputLargerThanItsSlotNamesBothSizes(@TempDir Path dir) {
        String tensors = uniqueName("big-in");
        String out = uniqueName("big-out");
        try (InferStage infer = InferStage.open(TestModels.dynamic(dir), SessionConfig.defaults());
             ChannelWriter writer = FrameChannel.create(plain(tensors, 4 * 2 * 3 * 8 * 8).withSlots(4));
             ChannelReader in = FrameChannel.attach(tensors, lossless());
             OutputChannels outputs = OutputChannels.named(List.of(out)).configure(c -> plain(c))) {
            publish(writer, DType.FLOAT32, new long[] {1, 3, 8, 8});
            publish(writer, DType.FLOAT32, new long[] {2, 3, 8, 8});
            InferenceException e = assertThrows(InferenceException.class, () -> infer.run(in, outputs));
            assertNames(e, "y:FLOAT32[-1, 3, -1, -1]", "[2, 3, 8, 8]", "1536 bytes", "hold 768", out + ".0");
        }
    }

    @Test
    void aDecoderGivenTheWrongTensorNamesIt() throws Exception {
        String tensors = uniqueName("wrong-in");
        String out = uniqueName("wrong-out");
        try (InferStage infer = InferStage.open(MNIST, SessionConfig.defaults());
             ChannelWriter writer = FrameChannel.create(plain(tensors, 4 * 28 * 28).withSlots(4));
             ChannelReader in = FrameChannel.attach(tensors, lossless());
             OutputChannels outputs = OutputChannels.named(List.of(out)).configure(c -> plain(c));
             ChannelWriter dets = FrameChannel.create(plain(uniqueName("wrong-d"), 1024))) {
            var running = Stages.start("infer", () -> infer.run(in, outputs));
            try (ChannelReader outIn = FrameChannel.attach(out, lossless().withAttachTimeout(Duration.ofSeconds(30)))) {
                publish(writer, DType.FLOAT32, new long[] {1, 1, 28, 28});
                PostprocessStage yolox = new PostprocessStage(new YoloxTensorDecoder())
                        .geometry(PreprocessSpec.yolox(416, 416));
                InferenceException e = assertThrows(InferenceException.class,
                        () -> yolox.run(List.of(outIn), dets));
                assertNames(e, "FLOAT32[1, 10] 'Plus214_Output_0'", "YOLOX grid", "416x416");
            } finally {
                infer.stop();
                running.get();
            }
        }
    }

    /** Prints the message (so that a reader of the test log sees what users see) and checks it names each part. */
    private static void assertNames(Exception e, String... parts) {
        System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' missing from: " + e.getMessage());
        }
    }

    /** Runs MNIST on one tensor frame of {@code type} and {@code shape}; returns the error. */
    private static InferenceException runMnistOn(DType type, long[] shape) {
        return runMnist(claim -> claim.tensor(type, shape));
    }

    private static InferenceException runMnist(Consumer<FrameClaim> describe) {
        String tensors = uniqueName("bad-in");
        try (InferStage infer = InferStage.open(MNIST, SessionConfig.defaults());
             ChannelWriter writer = FrameChannel.create(plain(tensors, 4 * 32 * 32).withSlots(4));
             ChannelReader in = FrameChannel.attach(tensors, lossless());
             OutputChannels outputs = OutputChannels.named(List.of(uniqueName("bad-out"))).configure(c -> plain(c))) {
            FrameClaim claim = writer.claim(TAKE);
            describe.accept(claim);
            claim.publish();
            return assertThrows(InferenceException.class, () -> infer.run(in, outputs));
        }
    }

    private static void publish(ChannelWriter writer, DType type, long[] shape) {
        FrameClaim claim = writer.claim(TAKE);
        claim.segment().fill((byte) 0);
        claim.tensor(type, shape).publish();
    }
}
