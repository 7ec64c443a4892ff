package io.framebus.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.framebus.ChannelReader;
import io.framebus.ChannelSnapshot;
import io.framebus.DType;
import io.framebus.Frame;
import io.framebus.FrameChannel;
import io.framebus.FrameKind;
import io.framebus.ReaderOptions;
import io.framebus.testkit.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Models other than the bundled ones through the chain's processes (written by the test, see
 * {@link TestModels}): an SSD-shaped detector with two outputs, fed by {@code infer --frames} and decoded by
 * {@code postprocess --decoder boxes}, on channels shared with a group; and a model whose batch and spatial
 * dimensions are all dynamic, bound from the tensors {@code preprocess} writes.
 */
class ChainModelsCliTest extends CliTestSupport {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * capture → infer (preprocessing built in) → two output channels → postprocess boxes, each its own process,
     * every channel made for the test user's group, every reader labelled with its command and the lossless ones
     * carrying the stall budget given. Every frame gets the model's boxes 0 and 2 (box 1 is suppressed),
     * mapped back to the frame.
     */
    @Test
    void anSsdShapedDetectorRunsThroughInferAndBoxesPostprocessOnGroupChannels(@TempDir Path tmp) throws Exception {
        String group = ownGroup();
        String frames = uniqueName("ssd-frames");
        String boxes = uniqueName("ssd-boxes");
        String scores = uniqueName("ssd-scores");
        String detections = uniqueName("ssd-dets");
        Path model = TestModels.ssd(tmp);
        Path jsonl = tmp.resolve("ssd.jsonl");
        try (CliProcess post = CliProcess.start("postprocess", "--decoder", "boxes", "--tensors", boxes + "," + scores,
                "--detections", detections, "--size", "32x32", "--resize", "stretch", "--score", "0.01",
                "--jsonl", jsonl.toString(), "--stall-budget-ms", "60000", "--group", group, "--progress",
                "--dir", SHM_DIR);
             CliProcess infer = CliProcess.start("infer", "--model", model.toString(), "--frames", frames,
                     "--resize", "stretch", "--output", boxes + "," + scores, "--lossless", "--wait-readers", "1",
                     "--stall-budget-ms", "60000", "--group", group, "--progress", "--dir", SHM_DIR);
             CliProcess capture = CliProcess.start("capture", "--input", "testpattern", "--size", "160x120",
                     "--channel", frames, "--frames", "1000000", "--realtime", "--wait-readers", "1",
                     "--group", group, "--dir", SHM_DIR)) {
            await("frames through the chain", () -> published(detections), n -> n >= 5);
            for (String name : List.of(frames, boxes, scores, detections)) {
                assertGroupChannel(name, group);
            }
            assertLabelledLossless(frames, "framebus infer");
            assertLabelledLossless(boxes, "framebus postprocess");
            assertLabelledLossless(scores, "framebus postprocess");
            capture.terminate(); // closes the frames channel: infer, then postprocess drain and end
            for (CliProcess p : List.of(infer, post)) {
                assertEquals(0, p.waitFor(), p.describe());
            }
            assertEquals(summary(infer).get("frames").asLong(), summary(post).get("frames").asLong(),
                    "every run decoded: " + post.describe());
        }
        List<String> lines = Files.readAllLines(jsonl);
        assertTrue(lines.size() >= 5, lines.toString());
        float[] expected = TestModels.ssdBoxes();
        for (String line : lines) {
            JsonNode dets = JSON.readTree(line).get("detections");
            assertEquals(2, dets.size(), "box 1 overlaps box 0 of the same class: " + line);
            assertEquals(2, dets.get(0).get("class_id").asInt() + dets.get(1).get("class_id").asInt(),
                    "box 0 is of class 0 (blue), box 2 of class 2 (red): " + line);
            for (JsonNode d : dets) {
                int box = d.get("class_id").asInt();
                assertTrue(box == 0 || box == 2, line);
                double score = d.get("score").asDouble();
                assertTrue(score > 0.01 && score <= 1, line);
                double[] want = {expected[4 * box] * 160, expected[4 * box + 1] * 120, expected[4 * box + 2] * 160,
                    expected[4 * box + 3] * 120};
                for (int c = 0; c < 4; c++) {
                    assertEquals(want[c], d.get("box").get(c).asDouble(), 0.06, "normalised corners on 160x120: "
                            + line);
                }
            }
        }
    }

    /**
     * capture → preprocess (40x24) → infer of a model with input [batch, 3, height, width] → y = 2x on one
     * channel (read here) and the means m [batch, 3] on another (postprocess topk): the dimensions are bound from
     * each incoming tensor, and the two outputs of one run carry the same origin.
     */
    @Test
    void aModelWithDynamicBatchAndSpatialDimensionsRunsOnTheTensorsPreprocessWrites(@TempDir Path tmp)
            throws Exception {
        String frames = uniqueName("dyn-frames");
        String tensors = uniqueName("dyn-tensors");
        String out = uniqueName("dyn-out");
        String labels = uniqueName("dyn-labels");
        Path model = TestModels.dynamic(tmp);
        Path jsonl = tmp.resolve("means.jsonl");
        int count = 12;
        Map<Long, double[]> halfMeans = new HashMap<>();
        try (CliProcess post = CliProcess.start("postprocess", "--decoder", "topk", "--k", "3", "--tensors",
                out + ".1", "--detections", labels, "--jsonl", jsonl.toString(), "--progress", "--dir", SHM_DIR);
             CliProcess infer = CliProcess.start("infer", "--model", model.toString(), "--tensors", tensors,
                     "--output", out, "--lossless", "--wait-readers", "1", "--progress", "--dir", SHM_DIR);
             CliProcess pre = CliProcess.start("preprocess", "--frames", frames, "--tensors", tensors, "--size",
                     "40x24", "--resize", "stretch", "--scale", "0.0039215686", "--lossless", "--wait-readers", "1",
                     "--dir", SHM_DIR);
             CliProcess capture = CliProcess.start("capture", "--input", "testpattern", "--size", "160x120",
                     "--channel", frames, "--frames", String.valueOf(count), "--wait-readers", "1", "--dir", SHM_DIR);
             ChannelReader y = FrameChannel.attach(out + ".0", ReaderOptions.lossless().withDirectory(SHM)
                     .withAttachTimeout(CliProcess.LONG))) {
            for (int i = 0; i < count; i++) {
                try (Frame f = y.tryTake(CliProcess.LONG)) {
                    assertNotNull(f, "output y of run " + i + "\n" + infer.describe());
                    assertEquals(FrameKind.TENSOR, f.kind());
                    assertEquals(DType.FLOAT32, f.dtype());
                    assertArrayEquals(new long[] {1, 3, 24, 40}, f.shape(), "batch, height and width bound from"
                            + " the incoming tensor");
                    assertEquals("y", f.label());
                    halfMeans.put(f.origin(), halfMeans(f));
                }
            }
            for (CliProcess p : List.of(capture, pre, infer, post)) {
                assertEquals(0, p.waitFor(), p.describe());
            }
            JsonNode i = summary(infer);
            assertEquals(count, i.get("frames").asLong(), i.toString());
            assertEquals("x:FLOAT32[-1, 3, -1, -1]", i.get("input").asText());
            assertEquals(0, i.get("probes").asLong(), "every output dimension is named like an input one: " + i);
        }
        List<String> lines = Files.readAllLines(jsonl);
        assertEquals(count, lines.size());
        for (String line : lines) {
            JsonNode n = JSON.readTree(line);
            double[] want = halfMeans.get(n.get("frame").asLong());
            assertNotNull(want, "m and y of the same run share its origin: " + line);
            for (JsonNode d : n.get("detections")) {
                assertEquals(want[d.get("class_id").asInt()], d.get("score").asDouble(), 0.0011,
                        "m is the mean of each channel of x, y/2: " + line);
            }
        }
    }

    /**
     * A spec the model cannot take, or that makes no sense, fails before any frame flows: one line on stderr that
     * names both sides, exit code 1, no stack trace.
     */
    @Test
    void badSpecsAndModelsFailAtTheStartNamingBothSides(@TempDir Path tmp) {
        String mnist = ChainCliTest.MNIST;
        String strings = TestModels.strings(tmp).toString();
        String twoInputs = TestModels.twoInputs(tmp).toString();
        Map<List<String>, List<String>> cases = new LinkedHashMap<>();
        cases.put(List.of("preprocess", "--frames", "f", "--tensors", "t", "--size", "32x32", "--mean", "1,2"),
                List.of("--mean needs 1 or 3 values, got [1.0, 2.0]"));
        cases.put(List.of("preprocess", "--frames", "f", "--tensors", "t", "--size", "32x32", "--dtype", "int8"),
                List.of("--dtype must be float32 or uint8, got int8"));
        cases.put(List.of("infer", "--model", mnist, "--frames", "f", "--output", "o", "--size", "28x28"),
                List.of("makes FLOAT32[1, 3, 28, 28]",
                        "model input of mnist-8-opt.onnx is Input3:FLOAT32[1, 1, 28, 28]"));
        cases.put(List.of("infer", "--model", mnist, "--tensors", "t", "--output", "a,b"),
                List.of("the model has 1 outputs", "got [a, b]"));
        cases.put(List.of("infer", "--model", strings, "--tensors", "t", "--output", "o"),
                List.of("model input text:STRING[1] of strings.onnx", "framebus does not carry"));
        cases.put(List.of("infer", "--model", twoInputs, "--tensors", "t", "--output", "o"),
                List.of("two-inputs.onnx", "2 inputs"));
        cases.put(List.of("postprocess", "--decoder", "boxes", "--tensors", "b", "--detections", "d", "--size",
                "32x32"), List.of("the boxes decoder reads 2 output channel(s); --tensors gives 1: [b]"));
        for (Map.Entry<List<String>, List<String>> c : cases.entrySet()) {
            List<String> args = new ArrayList<>(c.getKey());
            args.addAll(List.of("--attach-timeout-ms", "100", "--dir", SHM_DIR));
            try (CliProcess p = CliProcess.run(args.toArray(String[]::new))) {
                assertEquals(1, p.exitCode(), p.describe());
                assertTrue(p.stderr().startsWith("framebus: "), p.describe());
                for (String part : c.getValue()) {
                    assertTrue(p.stderr().contains(part), "'" + part + "' in\n" + p.describe());
                }
                assertFalse(p.stderr().contains("\tat "), "no stack trace: " + p.describe());
            }
        }
    }

    /** The mean of each of the three channels of a [1, 3, h, w] float tensor, halved. */
    private static double[] halfMeans(Frame f) {
        long[] shape = f.shape();
        long plane = shape[2] * shape[3];
        double[] means = new double[3];
        ValueLayout.OfFloat floats = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.nativeOrder());
        for (int c = 0; c < 3; c++) {
            double sum = 0;
            for (long p = 0; p < plane; p++) {
                sum += f.segment().get(floats, 4 * (c * plane + p));
            }
            means[c] = sum / plane / 2;
        }
        return means;
    }

    /** The reader of {@code channel} labelled {@code label} is lossless and carries the 60 s stall budget. */
    private static void assertLabelledLossless(String channel, String label) {
        ChannelSnapshot.Reader r = FrameChannel.inspect(channel, SHM).readers().stream()
                .filter(x -> label.equals(x.label())).findFirst()
                .orElseThrow(() -> new AssertionError("no reader labelled '" + label + "' on " + channel));
        assertEquals("lossless", r.mode(), channel);
        assertEquals(60000, r.stallBudgetMs(), 0.5, channel);
    }

    private static long published(String channel) {
        try {
            return FrameChannel.inspect(channel, SHM).published();
        } catch (RuntimeException e) { // not created yet
            return -1;
        }
    }

    private static JsonNode summary(CliProcess p) throws IOException {
        return ChainCliTest.summary(p);
    }
}
