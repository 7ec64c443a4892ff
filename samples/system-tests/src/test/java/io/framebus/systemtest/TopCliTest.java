package io.framebus.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

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

            List<Double> publishRates = new ArrayList<>();
            List<Double> readerRates = new ArrayList<>();
            String[] lines = top.stdout().split("\n");
            assertEquals(8, lines.length, "one line per interval: " + top.describe());
            long previous = -1;
            for (String line : lines) {
                JsonNode view = JSON.readTree(line);
                assertTrue(view.get("interval_s").asDouble() > 0, line);
                JsonNode channel = find(view.get("channels"), "name", name);
                long published = channel == null ? -1 : channel.get("published").asLong();
                boolean wholeIntervalPublishing = previous >= 2 && published < 500;
                long before = previous;
                previous = published;
                if (channel == null || channel.get("publish_rate").isNull() || !wholeIntervalPublishing) {
                    continue; // not there yet, started or finished publishing during this interval
                }
                // top's rate is the counter's change over the interval it reports
                assertEquals((published - before) / view.get("interval_s").asDouble(),
                        channel.get("publish_rate").asDouble(), 1.0, line);
                assertEquals(1, channel.get("readers").size(), "only sub's row: top never takes one: " + channel);
                JsonNode reader = channel.get("readers").get(0);
                assertEquals(sub.pid(), reader.get("pid").asLong());
                assertEquals("lossless", reader.get("mode").asText());
                assertTrue(reader.get("alive").asBoolean());
                assertEquals(0, reader.get("lost").asLong());
                publishRates.add(channel.get("publish_rate").asDouble());
                if (!reader.get("rate").isNull()) {
                    readerRates.add(reader.get("rate").asDouble());
                }
            }
            assertFalse(publishRates.isEmpty(), "top saw the channel publishing: " + top.stdout());
            assertFalse(readerRates.isEmpty(), "top saw the reader taking frames: " + top.stdout());
            // pub is paced at 50 frames/s; a lossless sub takes every frame: both rates match sub's own figure
            for (double rate : publishRates) {
                assertTrue(rate > subFps * 0.5 && rate < subFps * 1.5, "publish rate " + rate + " vs sub's " + subFps);
            }
            for (double rate : readerRates) {
                assertTrue(rate > subFps * 0.5 && rate < subFps * 1.5, "reader rate " + rate + " vs sub's " + subFps);
            }
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
