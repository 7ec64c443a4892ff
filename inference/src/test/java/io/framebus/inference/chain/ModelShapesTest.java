package io.framebus.inference.chain;

import io.framebus.ChannelReader;
import io.framebus.ChannelWriter;
import io.framebus.DType;
import io.framebus.Frame;
import io.framebus.FrameChannel;
import io.framebus.FrameClaim;
import io.framebus.PixelFormat;
import io.framebus.inference.BoxesScoresDecoder;
import io.framebus.inference.DetectorStage;
import io.framebus.inference.PreprocessSpec;
import io.framebus.inference.ResizeMode;
import io.framebus.inference.SessionConfig;
import io.framebus.pipeline.ChainMetadata;
import io.framebus.pipeline.Detections;
import io.framebus.testkit.TestModels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.framebus.inference.TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Models written by the tests: dynamic dimensions bound from the incoming tensor (by name, or learnt by a
 * probe run), several outputs in several channels, and an SSD-shaped detector through the boxes-and-scores
 * post-processing.
 */
class ModelShapesTest {
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;

    @AfterEach
    void noChannelFilesLeft() throws Exception {
        assertEquals(List.of(), leftovers());
    }

    @Test
    void dynamicBatchAndSpatialDimensionsComeFromTheIncomingTensor(@TempDir Path dir) throws Exception {
        long[][] shapes = {{1, 3, 8, 8}, {2, 3, 4, 6}, {1, 3, 8, 8}};
        InferStage.Summary s = runDynamic(TestModels.dynamic(dir), shapes, (in, outs) -> {
            float[] x = in.segment().asSlice(0, in.length()).toArray(ValueLayout.JAVA_FLOAT);
            Frame y = outs[0];
            Frame m = outs[1];
            assertEquals("y", y.label());
            assertEquals("m", m.label());
            assertArrayEquals(in.shape(), y.shape(), "y's shape follows the input's: [batch, 3, height, width]");
            assertArrayEquals(new long[] {in.dim(0), 3}, m.shape());
            float[] doubled = y.segment().asSlice(0, y.length()).toArray(ValueLayout.JAVA_FLOAT);
            for (int i = 0; i < x.length; i++) {
                assertEquals(2 * x[i], doubled[i], "y = 2x, written by ONNX Runtime into the output slot");
            }
            int plane = (int) (in.dim(2) * in.dim(3));
            for (int p = 0; p < in.dim(0) * 3; p++) {
                double sum = 0;
                for (int i = 0; i < plane; i++) {
                    sum += x[p * plane + i];
                }
                assertEquals(sum / plane, m.segment().getAtIndex(F, p), 1e-4, "m = mean over height and width");
            }
        });
        assertEquals(3, s.inferred());
        assertEquals(0, s.probes(), "every output dimension is named after an input dimension");
        assertEquals(2, s.channels().size());
    }

    @Test
    void outputDimensionsTheMetadataLeavesOpenAreLearntByAProbeRun(@TempDir Path dir) throws Exception {
        long[][] shapes = {{1, 3, 8, 8}, {2, 3, 4, 6}, {2, 3, 4, 6}, {1, 3, 8, 8}};
        InferStage.Summary s = runDynamic(TestModels.flatten(dir), shapes, (in, outs) -> {
            assertArrayEquals(new long[] {in.dim(0), 3 * in.dim(2) * in.dim(3)}, outs[0].shape());
            assertEquals(in.segment().asSlice(0, in.length()).mismatch(outs[0].segment().asSlice(0, in.length())), -1,
                    "flattening keeps every value in place");
        });
        assertEquals(4, s.inferred());
        assertEquals(3, s.probes(), "one probe per change of the input shape");
    }

    /** Checks one input tensor and the outputs computed from it. */
    @FunctionalInterface
    interface Check {
        void check(Frame input, Frame[] outputs);
    }

    /** Publishes tensors of {@code shapes} (values that differ per element) and checks each run's outputs. */
    @SuppressWarnings("try") // closes the tensors writer early on purpose: the stage drains and returns
    private static InferStage.Summary runDynamic(Path model, long[][] shapes, Check check) throws Exception {
        String tensors = uniqueName("dyn-in");
        String out = uniqueName("dyn-out");
        try (InferStage infer = InferStage.open(model, SessionConfig.defaults());
             ChannelWriter writer = FrameChannel.create(plain(tensors, 4 * 2 * 3 * 8 * 8).withSlots(4));
             ChannelReader in = FrameChannel.attach(tensors, lossless());
             ChannelReader mirror = FrameChannel.attach(tensors, lossless());
             OutputChannels outputs = OutputChannels.named(List.of(out)).configure(c -> plain(c))
                     .minSlotBytes(4 * 2 * 3 * 8 * 8)) {
            CompletableFuture<InferStage.Summary> running = Stages.start("infer", () -> infer.run(in, outputs));
            int n = infer.session().outputs().size();
            ChannelReader[] readers = new ChannelReader[n];
            try {
                for (long[] shape : shapes) {
                    FrameClaim claim = writer.claim(TAKE);
                    MemorySegment slot = claim.segment();
                    long count = shape[0] * shape[1] * shape[2] * shape[3];
                    for (int i = 0; i < count; i++) {
                        slot.setAtIndex(F, i, (i * 37 % 101) / 7f + shape[2]);
                    }
                    long seq = claim.tensor(DType.FLOAT32, shape).tag(ChainMetadata.sourceGeometry(64, 48)).publish();
                    for (int o = 0; o < n; o++) {
                        if (readers[o] == null) {
                            readers[o] = FrameChannel.attach(outputs.channelNames(n).get(o), lossless()
                                    .withAttachTimeout(Duration.ofSeconds(30)));
                        }
                    }
                    Frame[] got = new Frame[n];
                    try (Frame input = mirror.tryTake(TAKE)) {
                        for (int o = 0; o < n; o++) {
                            got[o] = readers[o].tryTake(Duration.ofSeconds(30));
                            assertNotNull(got[o], "output " + o + " of tensor " + seq);
                            assertEquals(seq, got[o].origin(), "a tensor with no origin is the root of its outputs");
                            assertEquals(ChainMetadata.sourceGeometry(64, 48), got[o].tag(), "the tag is copied");
                            assertEquals(DType.FLOAT32, got[o].dtype());
                        }
                        check.check(input, got);
                    } finally {
                        for (Frame f : got) {
                            if (f != null) {
                                f.close();
                            }
                        }
                    }
                }
                writer.close();
                return running.get(60, TimeUnit.SECONDS);
            } finally {
                infer.stop();
                for (ChannelReader r : readers) {
                    if (r != null) {
                        r.close();
                    }
                }
            }
        }
    }

    @Test
    @SuppressWarnings("try") // closes the frames writer early on purpose: the stages drain and return
    void anSsdShapedDetectorPublishesTwoOutputsThatThePostprocessingJoins(@TempDir Path dir) throws Exception {
        String frames = uniqueName("ssd-frames");
        int width = 64;
        int height = 48;
        PreprocessSpec spec = PreprocessSpec.of(32, 32).withResize(ResizeMode.STRETCH);
        Map<Long, Detections.Frame> found;
        long seq;
        try (InferStage infer = InferStage.open(TestModels.ssd(dir), SessionConfig.defaults());
             ChannelWriter framesOut = FrameChannel.create(plain(frames, (long) width * height * 3).withSlots(4));
             ChannelWriter dets = FrameChannel.create(plain(DetectorStage.detectionsChannel(uniqueName("ssd-d"), 10)));
             ChannelReader detsIn = FrameChannel.attach(dets.name(), lossless())) {
            PostprocessStage post = new PostprocessStage(new BoxesScoresTensorDecoder(
                    new BoxesScoresDecoder().withThresholds(0.15f, 0.45f), 1, c -> "class" + c)).geometry(spec);
            try (ChainThreads threads = ChainThreads.start(frames, new PreprocessStage(spec), infer,
                    OutputChannels.named(List.of(uniqueName("ssd-out"))), post, dets)) {
                assertTrue(framesOut.awaitReaders(1, Duration.ofSeconds(30)));
                FrameClaim claim = framesOut.claim(TAKE);
                for (int p = 0; p < width * height; p++) { // B = 200, G = 100, R = 50 everywhere
                    claim.segment().set(ValueLayout.JAVA_BYTE, 3L * p, (byte) 200);
                    claim.segment().set(ValueLayout.JAVA_BYTE, 3L * p + 1, (byte) 100);
                    claim.segment().set(ValueLayout.JAVA_BYTE, 3L * p + 2, (byte) 50);
                }
                seq = claim.video(width, height, width * 3, PixelFormat.BGR24).publish();
                framesOut.close();
                InferStage.Summary s = threads.finish();
                assertEquals(1, s.inferred());
                assertEquals(2, s.channels().size(), "one channel per output: " + s.channels());
                found = SplitChainTest.drain(detsIn, 1);
            }
        }
        List<Detections.Detection> boxes = found.get(seq).detections();
        assertEquals(width, found.get(seq).width());
        assertEquals(2, boxes.size(), "box 1 overlaps box 0 (same class) and is suppressed: " + boxes);
        float blue = 200 / 255f;
        float red = 50 / 255f;
        assertDetection(boxes.get(0), 0, blue, TestModels.ssdBoxes(), 0, width, height);
        assertDetection(boxes.get(1), 2, red, TestModels.ssdBoxes(), 2, width, height);
    }

    private static void assertDetection(Detections.Detection d, int cls, float score, float[] boxes, int box, int w,
                                        int h) {
        assertEquals(cls, d.classId(), d.toString());
        assertEquals(score, d.score(), 1e-4, d.toString());
        assertEquals(boxes[4 * box] * w, d.x1(), 1e-3, "normalised corners mapped back to frame pixels: " + d);
        assertEquals(boxes[4 * box + 1] * h, d.y1(), 1e-3, d.toString());
        assertEquals(boxes[4 * box + 2] * w, d.x2(), 1e-3, d.toString());
        assertEquals(boxes[4 * box + 3] * h, d.y2(), 1e-3, d.toString());
    }
}
