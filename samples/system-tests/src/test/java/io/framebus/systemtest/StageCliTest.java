package io.framebus.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** The stage commands on their own, each in its own process: capture (test pattern), motion, resize and encode. */
class StageCliTest extends CliTestSupport {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The bundled video, from this module's directory. */
    private static final String VIDEO = Path.of("../../assets/video/people-walking-768x432.mp4").toAbsolutePath()
            .toString();

    @Test
    void captureFeedsALosslessEncoderAndAMotionStageInOtherProcesses(@TempDir Path tmp) throws IOException {
        String frames = uniqueName("stage-frames");
        String motion = uniqueName("stage-motion");
        Path mp4 = tmp.resolve("pattern.mp4");
        int count = 30;
        try (CliProcess encode = CliProcess.start("encode", "--frames", frames, "--detections", motion, "--out",
                mp4.toString(), "--progress", "--dir", SHM_DIR);
             CliProcess diff = CliProcess.start("motion", "--frames", frames, "--out", motion, "--progress",
                     "--dir", SHM_DIR);
             CliProcess capture = CliProcess.start("capture", "--input", "testpattern", "--size", "320x240",
                     "--channel", frames, "--frames", String.valueOf(count), "--wait-readers", "2", "--progress",
                     // no frame may be dropped however slowly a loaded machine starts the encoder
                     "--claim-timeout-ms", "120000", "--dir", SHM_DIR)) {
            assertEquals(0, capture.waitFor(), capture.describe());
            assertEquals(0, encode.waitFor(), encode.describe());
            assertEquals(0, diff.waitFor(), diff.describe());

            JsonNode c = summary(capture);
            assertEquals("capture", c.get("stage").asText());
            assertEquals(count, c.get("frames").asLong());
            assertEquals(0, c.get("dropped").asLong());
            assertTrue(c.get("zero_copy").asText().contains("slot"), c.toString());
            assertTrue(c.has("latency_p50_us") && c.has("latency_p99_us") && c.get("fps").asDouble() > 0, c.toString());

            JsonNode e = summary(encode);
            assertEquals(count, e.get("frames").asLong(), "a lossless reader encodes every frame: " + e);
            assertEquals(0, e.get("skipped").asLong());
            assertEquals(320, e.get("width").asInt());
            assertTrue(e.get("e2e_p50_us").asLong() > 0 && e.get("e2e_p99_us").asLong() >= e.get("e2e_p50_us").asLong(),
                    e.toString());
            assertTrue(e.get("zero_copy").asText().contains("private"), e.toString());

            JsonNode m = summary(diff);
            assertTrue(m.get("frames").asLong() >= 1, m.toString());
            assertTrue(m.get("frames").asLong() + m.get("skipped").asLong() <= count, m.toString());
            assertTrue(m.get("frames_with_motion").asLong() >= 1, "the bars move: " + m);

            for (CliProcess p : new CliProcess[] {capture, encode, diff}) {
                JsonNode progress = JSON.readTree(last(p, "PROGRESS ").substring("PROGRESS ".length()));
                assertTrue(progress.has("frames") && progress.has("fps") && progress.has("skipped"),
                        progress.toString());
            }
        }
        CliProcess probe = CliProcess.run("probe", "--json", mp4.toString());
        assertEquals(0, probe.waitFor(), probe.describe());
        JsonNode v = JSON.readTree(probe.stdout().strip());
        assertEquals(320, v.get("width").asInt(), v.toString());
        assertEquals(240, v.get("height").asInt(), v.toString());
        assertEquals(count, v.get("frames_decoded").asInt(), "every frame decodes back: " + v);
    }

    @Test
    void resizeWritesPreviewsThatTheEncoderEncodes(@TempDir Path tmp) throws IOException {
        String frames = uniqueName("stage-big");
        String previews = uniqueName("stage-preview");
        Path mp4 = tmp.resolve("preview.mp4");
        int count = 40;
        try (CliProcess encode = CliProcess.start("encode", "--frames", previews, "--out", mp4.toString(),
                "--fps", "25", "--progress", "--dir", SHM_DIR);
             CliProcess resize = CliProcess.start("resize", "--frames", frames, "--out", previews, "--scale", "0.25",
                     // however late a loaded machine starts the encoder, it sees previews
                     "--wait-readers", "1", "--progress", "--dir", SHM_DIR);
             CliProcess capture = CliProcess.start("capture", "--input", VIDEO, "--grabber", "ffmpeg",
                     "--channel", frames, "--frames", String.valueOf(count), "--wait-readers", "1", "--progress",
                     "--dir", SHM_DIR)) {
            assertEquals(0, capture.waitFor(), capture.describe());
            assertTrue(summary(capture).get("zero_copy").asText().contains("javacv ffmpeg grabber"),
                    capture.describe());
            assertEquals(0, resize.waitFor(), resize.describe());
            assertEquals(0, encode.waitFor(), encode.describe());

            JsonNode r = summary(resize);
            assertEquals("resize", r.get("stage").asText());
            long resized = r.get("frames").asLong();
            assertTrue(resized >= 1 && resized + r.get("skipped").asLong() <= count, r.toString());
            assertEquals("192x108", r.get("size").asText(), "a quarter of the video's 768x432");
            assertEquals(0, r.get("unsupported").asLong());
            assertTrue(r.get("zero_copy").asText().contains("Mat over the claimed preview slot"), r.toString());
            assertTrue(r.get("fps").asDouble() > 0, r.toString());

            JsonNode e = summary(encode);
            assertEquals(192, e.get("width").asInt(), e.toString());
            assertTrue(e.get("frames").asLong() >= 1 && e.get("frames").asLong() <= resized, e.toString());
            CliProcess probe = CliProcess.run("probe", "--json", mp4.toString());
            assertEquals(0, probe.waitFor(), probe.describe());
            JsonNode v = JSON.readTree(probe.stdout().strip());
            assertEquals(192, v.get("width").asInt(), v.toString());
            assertEquals(108, v.get("height").asInt(), v.toString());
            assertEquals(e.get("frames").asInt(), v.get("frames_decoded").asInt(), "every preview decodes back: " + v);
        }
    }

    private static JsonNode summary(CliProcess p) throws IOException {
        return JSON.readTree(last(p, "SUMMARY ").substring("SUMMARY ".length()));
    }

    private static String last(CliProcess p, String prefix) {
        String found = null;
        for (String line : p.stdout().split("\n")) {
            if (line.startsWith(prefix)) {
                found = line;
            }
        }
        assertNotNull(found, "no " + prefix.trim() + " line\n" + p.describe());
        return found;
    }
}
