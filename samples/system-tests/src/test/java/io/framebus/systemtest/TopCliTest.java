package io.framebus.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.*;

/** {@code framebus top} over a live pub/sub: what it reports, and that it only reads. */
class TopCliTest extends CliTestSupport {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void topJsonShowsRatesCloseToWhatSubMeasuresAndNeverTakesARow() throws IOException {
        String name = uniqueName("top");
        try (CliProcess sub = CliProcess.start("sub", "--channel", name, "--mode", "lossless", "--json",
                "--timeout-ms", "60000", "--dir", SHM_DIR);
             CliProcess pub = CliProcess.start("pub", "--channel", name, "--size", "320x240", "--frames", "500",
                     "--fps", "50", "--wait-readers", "1", "--dir", SHM_DIR);
             CliProcess top = CliProcess.start("top", "--json", "--interval", "1s", "--count", "8", "--dir", SHM_DIR)) {
            assertEquals(0, top.waitFor(), top.describe());
            assertEquals(0, pub.waitFor(), pub.describe());
            assertEquals(0, sub.waitFor(), sub.describe());
            double subFps = sub.json().get("fps").asDouble();
            assertEquals(500, sub.json().get("received").asLong(), sub.describe());

            // Per interval, top's rate must be the counter's change over the interval it reports. Its rates
            // against sub's figure are compared over all those intervals together (frames over seconds), since a
            // paced pub on a loaded machine may fall behind in one interval and catch up in the next.
            double publishedFrames = 0;
            double publishingSeconds = 0;
            double readerFrames = 0;
            double readerSeconds = 0;
            String[] lines = top.stdout().split("\n");
            assertEquals(8, lines.length, "one line per interval: " + top.describe());
            long previous = -1;
            for (String line : lines) {
                JsonNode view = JSON.readTree(line);
                double seconds = view.get("interval_s").asDouble();
                assertTrue(seconds > 0, line);
                JsonNode channel = find(view.get("channels"), "name", name);
                long published = channel == null ? -1 : channel.get("published").asLong();
                boolean wholeIntervalPublishing = previous >= 2 && published < 500;
                long before = previous;
                previous = published;
                if (channel == null || channel.get("publish_rate").isNull() || !wholeIntervalPublishing) {
                    continue; // not there yet, started or finished publishing during this interval
                }
                double rate = channel.get("publish_rate").asDouble();
                long frames = published - before;
                // interval_s is rounded to 1 ms in the JSON: allow for that, and half a frame
                assertEquals(frames, rate * seconds, 0.5 + rate * 0.0005, "rate x interval = frames: " + line);
                assertEquals(1, channel.get("readers").size(), "only sub's row: top never takes one: " + channel);
                JsonNode reader = channel.get("readers").get(0);
                assertEquals(sub.pid(), reader.get("pid").asLong());
                assertEquals("lossless", reader.get("mode").asText());
                assertTrue(reader.get("alive").asBoolean());
                assertEquals(0, reader.get("lost").asLong());
                publishedFrames += frames;
                publishingSeconds += seconds;
                if (!reader.get("rate").isNull()) {
                    readerFrames += reader.get("rate").asDouble() * seconds;
                    readerSeconds += seconds;
                }
            }
            assertTrue(publishingSeconds > 0, "top saw the channel publishing: " + top.stdout());
            assertTrue(readerSeconds > 0, "top saw the reader taking frames: " + top.stdout());
            // pub is paced at 50 frames/s; a lossless sub takes every frame: both rates match sub's own figure
            double publishRate = publishedFrames / publishingSeconds;
            double readerRate = readerFrames / readerSeconds;
            assertTrue(publishRate > subFps * 0.5 && publishRate < subFps * 1.5,
                    "publish rate " + publishRate + " vs sub's " + subFps + "\n" + top.stdout());
            assertTrue(readerRate > subFps * 0.5 && readerRate < subFps * 1.5,
                    "reader rate " + readerRate + " vs sub's " + subFps + "\n" + top.stdout());
        }
    }

    @Test
    void topPrintsPlainBlocksWithoutATerminal() {
        String name = uniqueName("topplain");
        try (CliProcess pub = CliProcess.start("pub", "--channel", name, "--size", "64x48", "--frames", "100000",
                "--fps", "20", "--dir", SHM_DIR)) {
            await("the channel", () -> CliProcess.run("ls", "--dir", SHM_DIR).stdout(), out -> out.contains(name));
            try (CliProcess top = CliProcess.run("top", "--interval", "200ms", "--count", "3", "--dir", SHM_DIR)) {
                assertEquals(0, top.exitCode(), top.describe());
                String out = top.stdout();
                assertFalse(out.contains("\u001b["), "no escape codes without a terminal: " + out);
                assertEquals(3, out.split("framebus top ", -1).length - 1, "three blocks: " + out);
                assertTrue(out.matches("(?s).*\\n\\s*channel\\s+state\\s+backing.*"), out);
                assertTrue(out.contains(name), out);
            }
            pub.terminate();
        }
    }
}
