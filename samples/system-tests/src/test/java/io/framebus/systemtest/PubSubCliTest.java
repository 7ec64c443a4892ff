package io.framebus.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** {@code pub} and {@code sub} in separate processes, checking every byte of every frame. */
class PubSubCliTest extends CliTestSupport {

    @Test
    void losslessAndLatestSubscribersVerifyEveryFrameTheyTake() {
        String name = uniqueName("pubsub");
        int frames = 200;
        try (CliProcess lossless = CliProcess.start("sub", "--channel", name, "--mode", "lossless", "--verify",
                "--json", "--timeout-ms", "60000", "--warmup-frames", "50", "--dir", SHM_DIR);
             CliProcess latest = CliProcess.start("sub", "--channel", name, "--mode", "latest", "--verify", "--json",
                     "--timeout-ms", "60000", "--dir", SHM_DIR);
             CliProcess pub = CliProcess.start("pub", "--channel", name, "--size", "640x480", "--format", "bgr24",
                     "--frames", String.valueOf(frames), "--wait-readers", "2", "--dir", SHM_DIR, "--json")) {
            assertEquals(0, pub.waitFor(), pub.describe());
            assertEquals(0, lossless.waitFor(), lossless.describe());
            assertEquals(0, latest.waitFor(), latest.describe());

            JsonNode p = pub.json();
            assertEquals(frames, p.get("frames").asLong(), pub.describe());
            assertEquals(640 * 480 * 3, p.get("frame_bytes").asLong());
            assertEquals("plain", p.get("backing").asText());
            assertTrue(p.get("page_size").asLong() >= 4096, pub.describe());

            JsonNode l = lossless.json();
            assertEquals("lossless", l.get("mode").asText());
            assertEquals(frames, l.get("received").asLong(), "a lossless reader takes every frame: " + l);
            assertEquals(50, l.get("warmup_frames").asLong(), l.toString());
            assertEquals(frames - 50, l.get("measured").asLong(),
                    "the warm-up frames are taken and verified but not measured: " + l);
            assertEquals(0, l.get("verify_failures").asLong(), lossless.describe());
            assertEquals(0, l.get("lost").asLong(), lossless.describe());
            assertEquals(0, l.get("skipped").asLong(), lossless.describe());
            assertEquals(1, l.get("first_sequence").asLong(), "attached before the first frame: " + l);
            assertEquals(frames, l.get("last_sequence").asLong());
            assertEquals("closed", l.get("ended").asText());
            assertFalse(l.get("writer_dead").asBoolean());
            assertTrue(l.get("latency_p50_us").asDouble() >= 0 && l.has("latency_p99_us") && l.has("latency_p999_us")
                    && l.has("latency_max_us") && l.has("fps"), l.toString());

            JsonNode t = latest.json();
            assertEquals("latest", t.get("mode").asText());
            assertEquals(0, t.get("verify_failures").asLong(),
                    "a latest reader never sees a torn frame: " + latest.describe());
            assertTrue(t.get("received").asLong() >= 1, t.toString());
            assertEquals(t.get("received").asLong(), t.get("measured").asLong(), "no warm-up: every frame counts");
            assertTrue(t.get("skipped").asLong() >= 0, t.toString());
            assertTrue(t.get("received").asLong() + t.get("skipped").asLong() <= frames, t.toString());
            assertEquals(frames, t.get("last_sequence").asLong(), "the newest frame is never skipped: " + t);
            assertEquals("closed", t.get("ended").asText());
        }
        assertFalse(Files.exists(SHM.resolve("framebus-" + name)), "the writer's close removes the channel file");
    }

    @Test
    void aHeldFrameIsNotRewrittenWhileTheWriterRunsAhead() {
        String name = uniqueName("hold");
        try (CliProcess holder = CliProcess.start("sub", "--channel", name, "--mode", "latest", "--verify", "--json",
                "--hold-ms", "30", "--timeout-ms", "60000", "--dir", SHM_DIR);
             CliProcess pub = CliProcess.start("pub", "--channel", name, "--size", "320x240", "--frames", "300",
                     "--slots", "3", "--wait-readers", "1", "--dir", SHM_DIR, "--json")) {
            assertEquals(0, pub.waitFor(), pub.describe());
            assertEquals(0, holder.waitFor(), holder.describe());
            JsonNode h = holder.json();
            assertEquals(0, h.get("verify_failures").asLong(),
                    "each frame was held 30 ms while the writer kept publishing into the other slots: "
                            + holder.describe());
            assertTrue(h.get("received").asLong() >= 1, h.toString());
        }
    }

    @Test
    void humanOutputIsAlignedKeyValueLines() {
        String name = uniqueName("text");
        try (CliProcess sub = CliProcess.start("sub", "--channel", name, "--mode", "lossless", "--verify",
                "--timeout-ms", "60000", "--dir", SHM_DIR);
             CliProcess pub = CliProcess.start("pub", "--channel", name, "--size", "64x48", "--format", "gray8",
                     "--frames", "10", "--wait-readers", "1", "--dir", SHM_DIR)) {
            assertEquals(0, pub.waitFor(), pub.describe());
            assertEquals(0, sub.waitFor(), sub.describe());
            assertTrue(pub.stdout().contains("frames      10 x 3 KiB (64x48 gray8)"), pub.describe());
            assertTrue(sub.stdout().contains("received         10 (frames 1..10)"), sub.describe());
            assertTrue(sub.stdout().contains("verify failures  0"), sub.describe());
        }
    }

    @Test
    void aDeadWriterIsReportedAndANewWriterTakesOverWithoutLosingTheLosslessReader() {
        String name = uniqueName("takeover");
        Path file = SHM.resolve("framebus-" + name);
        try (CliProcess first = CliProcess.start("pub", "--channel", name, "--size", "160x120", "--frames", "100000000",
                "--fps", "50", "--wait-readers", "2", "--dir", SHM_DIR)) {
            await("the channel file", () -> Files.exists(file), Boolean::booleanValue);
            try (CliProcess staying = CliProcess.start("sub", "--channel", name, "--mode", "lossless", "--verify",
                    "--json", "--timeout-ms", "60000", "--dir", SHM_DIR);
                 CliProcess leaving = CliProcess.start("sub", "--channel", name, "--mode", "latest", "--verify",
                         "--json", "--timeout-ms", "3000", "--dir", SHM_DIR)) {
                await("both readers to take frames", () -> CliProcess.run("inspect", name, "--json", "--dir", SHM_DIR),
                        c -> c.exitCode() == 0 && c.json().path("readers").size() == 2
                                && c.json().path("readers").get(0).path("received").asLong() > 0
                                && c.json().path("readers").get(1).path("received").asLong() > 0);
                first.kill9();

                assertEquals(0, leaving.waitFor(), leaving.describe());
                JsonNode gone = leaving.json();
                assertTrue(gone.get("writer_dead").asBoolean(), leaving.describe());
                assertEquals("writer_dead", gone.get("ended").asText());
                assertEquals(0, gone.get("verify_failures").asLong(), leaving.describe());
                assertTrue(leaving.stderr().contains("is gone"), leaving.describe());

                CliProcess second = CliProcess.run("pub", "--channel", name, "--size", "160x120", "--frames", "50",
                        "--dir", SHM_DIR, "--json");
                assertEquals(0, second.exitCode(), second.describe());
                assertTrue(second.json().get("took_over").asBoolean(), second.describe());
                assertEquals(2, second.json().get("generation").asLong(), second.describe());

                assertEquals(0, staying.waitFor(), staying.describe());
                JsonNode kept = staying.json();
                assertEquals("closed", kept.get("ended").asText(), staying.describe());
                assertFalse(kept.get("writer_dead").asBoolean());
                assertEquals(1, kept.get("writer_deaths").asLong(), staying.describe());
                assertEquals(0, kept.get("verify_failures").asLong(), staying.describe());
                assertEquals(0, kept.get("lost").asLong(), staying.describe());
                assertEquals(0, kept.get("sequence_gaps").asLong(), "every frame of both writers, in order: " + kept);
                assertEquals(kept.get("last_sequence").asLong() - kept.get("first_sequence").asLong() + 1,
                        kept.get("received").asLong(), kept.toString());
            }
        }
        assertFalse(Files.exists(file), "the second writer's close removes the file");
    }
}
