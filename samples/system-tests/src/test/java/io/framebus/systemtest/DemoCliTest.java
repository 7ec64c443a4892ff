package io.framebus.systemtest;

import io.framebus.cli.FramebusCli;
import io.framebus.ChannelSnapshot;
import io.framebus.FrameChannel;
import io.framebus.capture.FfmpegSource;
import io.framebus.capture.SourceInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code framebus demo} as a user runs it: a child JVM of the CLI that starts five stage processes
 * (capture, detect, motion, resize, encode) sharing frames through channels. Checks what it writes and that
 * nothing of it survives: no stage process, no channel file, no temporary directory.
 */
class DemoCliTest extends CliTestSupport {
    private static final List<String> STAGES = List.of("capture", "detect", "motion", "encode", "resize");

    /**
     * 60 frames of the bundled video through the whole pipeline. The video's first person walks in
     * around frame 62, so the run starts at frame 100 ({@code --skip}) to have people to detect.
     */
    @Test
    void runsFourStageProcessesAndWritesTheAnnotatedVideoAndTheDetections(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out");
        try (CliProcess demo = CliProcess.start("demo", "--frames", "60", "--skip", "100", "--out", out.toString())) {
            assertEquals(0, demo.waitFor(), demo.describe());
            String report = demo.stdout();
            for (String stage : STAGES) {
                assertTrue(Pattern.compile("(?m)^ +" + stage + " +\\d+ ").matcher(report).find(),
                        "the summary table has a row for " + stage + ":\n" + demo.describe());
            }
            assertTrue(Pattern.compile("(?m)^ +encode +60 ").matcher(report).find(),
                    "lossless: all 60 encoded\n" + report);
            assertTrue(report.contains("pipeline: 60 frames"), report);
            assertTrue(report.contains("none left behind"), report);
            assertTrue(report.contains("publish->take"), "exact latencies from the per-frame join:\n" + report);

            assertVideo(out.resolve("demo.mp4"), 60, 768, 432);
            List<String> lines = Files.readAllLines(out.resolve("detections.jsonl"));
            assertFalse(lines.isEmpty(), "the detector analysed frames");
            assertTrue(lines.stream().anyMatch(l -> l.contains("\"class\":\"person\"")), String.join("\n", lines));

            assertNothingLeft(demo.pid(), report);
        }
    }

    /** A stage that fails (here the detector, given a file that is not a model) stops the others: exit 1. */
    @Test
    void aFailingStageStopsTheOthersAndTheDemoExitsOneWithItsError(@TempDir Path tmp) throws IOException {
        Path model = Files.writeString(tmp.resolve("not-a-model.onnx"), "not a model");
        try (CliProcess demo = CliProcess.start("demo", "--frames", "30", "--model", model.toString(),
                "--out", tmp.resolve("out").toString())) {
            assertEquals(FramebusCli.FAILURE, demo.waitFor(), demo.describe());
            assertTrue(demo.stderr().contains("stage 'detect' failed"), demo.describe());
            assertTrue(demo.stderr().contains("not-a-model.onnx"),
                    "the stage's own error is shown:\n" + demo.describe());
            assertNothingLeft(demo.pid(), demo.stdout());
        }
    }

    /**
     * SIGTERM (as Ctrl-C) in the middle of a paced run: every stage stops cleanly (the MP4 is finished and
     * decodes), the report says so, and nothing is left.
     */
    @Test
    void sigtermStopsEveryStageCleanly(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out");
        Path jsonl = out.resolve("detections.jsonl");
        try (CliProcess demo = CliProcess.start("demo", "--realtime", "--out", out.toString())) {
            await("the detector's first lines", () -> lineCount(jsonl), n -> n >= 3 || !demo.isAlive());
            assertTrue(demo.isAlive(), demo.describe());
            demo.terminate();
            assertEquals(143, demo.waitFor(), "killed by SIGTERM after its shutdown hook ran\n" + demo.describe());
            String report = demo.stdout();
            assertTrue(report.contains("framebus demo (interrupted)"), demo.describe());
            assertTrue(report.contains("none left behind"), report);
            Path video = out.resolve("demo.mp4");
            SourceInfo info = FfmpegSource.probe(video.toString());
            assertTrue(info.frameCount() >= 1, "the encoder finished its file: " + info);
            assertNothingLeft(demo.pid(), report);
        }
    }

    private static long lineCount(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readAllLines(file).size() : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static void assertVideo(Path file, int frames, int width, int height) {
        try (FfmpegSource video = FfmpegSource.open(file)) {
            assertEquals(width, video.info().width(), video.info().toString());
            assertEquals(height, video.info().height(), video.info().toString());
            int decoded = 0;
            while (video.advance()) {
                decoded++;
            }
            assertEquals(frames, decoded, "frames decoded from " + file);
        }
    }

    /** No channel file, stage process or temporary directory of the demo with pid {@code pid} survives it. */
    private static void assertNothingLeft(long pid, String report) throws IOException {
        String prefix = "demo-" + pid + "-";
        try (Stream<Path> files = Files.list(SHM)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().startsWith("framebus-" + prefix))
                    .toList(), "channel files left in /dev/shm");
        }
        assertEquals(List.of(), FrameChannel.list(null).stream().map(ChannelSnapshot.Summary::name)
                .filter(n -> n != null && n.startsWith(prefix)).toList(), "channels left in any channel directory");
        for (Path dir : FrameChannel.searchPath(null)) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    assertEquals(List.of(), files
                            .filter(f -> f.getFileName().toString().startsWith(".framebus-" + prefix)).toList(),
                            "temporary channel files (of a creation cut short) left in " + dir);
                }
            }
        }
        assertEquals(List.of(), ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(prefix)).map(ProcessHandle::pid).toList(),
                "stage processes outlived the demo");
        Matcher input = Pattern.compile("input: (\\S+framebus-demo-\\d+)/").matcher(report);
        if (input.find()) {
            assertFalse(Files.exists(Path.of(input.group(1))), "the demo's temporary directory is deleted");
        }
    }
}
