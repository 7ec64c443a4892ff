package io.framebus.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.framebus.cli.FramebusCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The split chain from the command line, each step its own process: preprocess, infer and postprocess on
 * their own (MNIST), {@code demo --chain --compare} (YOLOX, five processes against the single-process
 * detector), and the errors a bad model or a bad tensor give.
 */
class ChainCliTest extends CliTestSupport {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String MNIST = Path.of("../../assets/models/mnist-8-opt.onnx").toAbsolutePath().normalize()
            .toString();

    @Test
    void mnistRunsThroughPreprocessInferAndPostprocessAsSeparateProcesses(@TempDir Path tmp) throws IOException {
        String frames = uniqueName("chain-frames");
        String tensors = uniqueName("chain-tensors");
        String outputs = uniqueName("chain-out");
        String labels = uniqueName("chain-labels");
        Path jsonl = tmp.resolve("labels.jsonl");
        int count = 30;
        try (CliProcess post = CliProcess.start("postprocess", "--decoder", "topk", "--k", "3", "--softmax",
                "--tensors", outputs, "--detections", labels, "--jsonl", jsonl.toString(), "--progress",
                "--dir", SHM_DIR);
             CliProcess infer = CliProcess.start("infer", "--model", MNIST, "--tensors", tensors, "--output", outputs,
                     "--lossless", "--wait-readers", "1", "--progress", "--dir", SHM_DIR);
             CliProcess pre = CliProcess.start("preprocess", "--frames", frames, "--tensors", tensors, "--size",
                     "28x28", "--order", "gray", "--resize", "stretch", "--scale", "0.0039215686", "--lossless",
                     "--wait-readers", "1", "--progress", "--dir", SHM_DIR);
             CliProcess capture = CliProcess.start("capture", "--input", "testpattern", "--size", "160x120",
                     "--channel", frames, "--frames", String.valueOf(count), "--wait-readers", "1", "--progress",
                     "--dir", SHM_DIR)) {
            for (CliProcess p : new CliProcess[] {capture, pre, infer, post}) {
                assertEquals(0, p.waitFor(), p.describe());
            }
            JsonNode p = summary(pre);
            assertEquals(count, p.get("frames").asLong(), "lossless: every frame became a tensor: " + p);
            assertEquals("float32[1, 1, 28, 28]", p.get("tensor").asText());
            JsonNode i = summary(infer);
            assertEquals(count, i.get("frames").asLong(), i.toString());
            assertEquals("Input3:FLOAT32[1, 1, 28, 28]", i.get("input").asText());
            assertEquals("Plus214_Output_0:FLOAT32[1, 10] -> " + outputs, i.get("outputs").get(0).asText());
            assertTrue(i.get("zero_copy").asText().contains("pinned"), i.toString());
            JsonNode d = summary(post);
            assertEquals(count, d.get("frames").asLong(), d.toString());
            long labelled = 0;
            for (JsonNode n : d.get("detections")) {
                labelled += n.asLong();
            }
            assertEquals(3L * count, labelled, "three labels per frame: " + d);
            for (JsonNode s : List.of(p, i, d)) {
                assertTrue(s.get("hop_p50_us").asLong() >= 0 && s.get("hop_p99_us").asLong() >= s.get("hop_p50_us")
                        .asLong(), "each reader measures its hop: " + s);
            }
        }
        List<String> lines = Files.readAllLines(jsonl);
        assertEquals(count, lines.size());
        JsonNode first = JSON.readTree(lines.getFirst());
        assertEquals(1, first.get("frame").asLong(), "labels name the video frame they describe");
        assertEquals(3, first.get("detections").size());
        assertEquals(List.of(0.0, 0.0, 160.0, 120.0), JSON.convertValue(first.get("detections").get(0).get("box"),
                List.class), "a label is boxed by the whole frame");
    }

    /**
     * 24 frames of the bundled video through {@code demo --chain --compare}: five processes, then the
     * single-process detector on the same frames; every frame both analysed has the same boxes.
     */
    @Test
    void demoChainRunsFiveProcessesAndFindsTheSameBoxesAsTheSingleProcessDetector(@TempDir Path tmp)
            throws IOException {
        Path out = tmp.resolve("out");
        try (CliProcess demo = CliProcess.start("demo", "--chain", "--compare", "--frames", "24", "--skip", "100",
                "--out", out.toString(), "--progress", "none")) {
            assertEquals(0, demo.waitFor(), demo.describe());
            String report = demo.stdout();
            for (String stage : List.of("capture", "preprocess", "infer", "postprocess", "encode")) {
                assertTrue(Pattern.compile("(?m)^ +" + stage + " +24 ").matcher(report).find(),
                        "every stage of the chain saw all 24 frames (lossless):\n" + report);
            }
            assertTrue(report.contains("YOLOX ran on 24 of 24 captured frames"), report);
            assertTrue(report.contains("preprocess -> infer") && report.contains("infer -> postprocess"), report);
            assertTrue(report.contains("chain (5 processes) vs single-process detector"), report);
            assertTrue(report.contains("none left behind"), report);
        }
        Map<Long, String> chain = boxes(out.resolve("detections.jsonl"));
        Map<Long, String> single = boxes(out.resolve("single").resolve("detections.jsonl"));
        assertEquals(24, chain.size(), "the chain analysed every frame");
        assertFalse(single.isEmpty());
        int compared = 0;
        for (Map.Entry<Long, String> e : single.entrySet()) {
            assertEquals(e.getValue(), chain.get(e.getKey()), "frame " + e.getKey() + ": the same boxes");
            compared++;
        }
        assertTrue(compared >= 1 && chain.values().stream().anyMatch(b -> b.contains("person")), chain.toString());
    }

    @Test
    void aBadModelOrABadTensorIsAnErrorNamingBothSides(@TempDir Path tmp) throws IOException {
        Path notAModel = Files.writeString(tmp.resolve("not-a-model.onnx"), "not a model");
        String video = uniqueName("chain-video");
        try (CliProcess bad = CliProcess.run("infer", "--model", notAModel.toString(), "--tensors", "x", "--output",
                "y", "--dir", SHM_DIR);
             CliProcess cuda = CliProcess.run("infer", "--model", MNIST, "--provider", "cuda", "--tensors", "x",
                     "--output", "y", "--dir", SHM_DIR)) {
            assertEquals(FramebusCli.FAILURE, bad.exitCode(), bad.describe());
            assertTrue(bad.stderr().startsWith("framebus: ONNX Runtime could not load")
                    && bad.stderr().contains("not-a-model.onnx"), bad.describe());
            assertEquals(FramebusCli.FAILURE, cuda.exitCode(), cuda.describe());
            assertTrue(cuda.stderr().contains("execution provider cuda is not available"), cuda.describe());
        }
        try (CliProcess infer = CliProcess.start("infer", "--model", MNIST, "--tensors", video, "--output",
                uniqueName("chain-never"), "--lossless", "--dir", SHM_DIR);
             CliProcess pub = CliProcess.start("pub", "--channel", video, "--size", "28x28", "--frames", "3",
                     "--wait-readers", "1", "--dir", SHM_DIR)) {
            assertEquals(FramebusCli.FAILURE, infer.waitFor(), infer.describe());
            assertTrue(infer.stderr().contains("is a VIDEO frame, not a tensor")
                    && infer.stderr().contains("Input3:FLOAT32[1, 1, 28, 28]"), infer.describe());
            assertFalse(infer.stderr().contains("\tat "), "no stack trace: " + infer.describe());
            pub.waitFor();
        }
    }

    /**
     * {@code demo --python}: it needs {@code --chain} and a script, and an interpreter that cannot start is the
     * demo's error, naming the stage (the script itself is run by python/tests/test_python_postprocess.py).
     */
    @Test
    void demoPythonNeedsTheChainAScriptAndAnInterpreter(@TempDir Path tmp) throws IOException {
        Path script = Files.writeString(tmp.resolve("post.py"), "raise SystemExit(3)\n");
        try (CliProcess noChain = CliProcess.run("demo", "--python", script.toString(), "--frames", "2");
             CliProcess noScript = CliProcess.run("demo", "--chain", "--python", tmp.resolve("none.py").toString(),
                     "--frames", "2");
             CliProcess noPython = CliProcess.run("demo", "--chain", "--python", script.toString(), "--python-exe",
                     tmp.resolve("no-python").toString(), "--frames", "2", "--out", tmp.resolve("out").toString(),
                     "--progress", "none")) {
            assertEquals(FramebusCli.FAILURE, noChain.exitCode(), noChain.describe());
            assertTrue(noChain.stderr().contains("--python replaces the chain's postprocess stage: give --chain"),
                    noChain.describe());
            assertEquals(FramebusCli.FAILURE, noScript.exitCode(), noScript.describe());
            assertTrue(noScript.stderr().contains("none.py is not a file"), noScript.describe());
            assertEquals(FramebusCli.FAILURE, noPython.exitCode(), noPython.describe());
            assertTrue((noPython.stderr().contains("stage 'postprocess' failed")
                    || noPython.stderr().contains("cannot start the postprocess stage")) // without setsid
                    && noPython.stderr().contains("no-python"), noPython.describe());
        }
    }

    /** Frame number -> its detections (classes, scores and boxes as the JSON line has them). */
    private static Map<Long, String> boxes(Path jsonl) throws IOException {
        Map<Long, String> found = new HashMap<>();
        for (String line : Files.readAllLines(jsonl)) {
            JsonNode n = JSON.readTree(line);
            found.put(n.get("frame").asLong(), n.get("detections").toString());
        }
        return found;
    }

    static JsonNode summary(CliProcess p) throws IOException {
        String found = null;
        for (String line : p.stdout().split("\n")) {
            if (line.startsWith("SUMMARY ")) {
                found = line.substring("SUMMARY ".length());
            }
        }
        assertNotNull(found, "no SUMMARY line\n" + p.describe());
        return JSON.readTree(found);
    }
}
