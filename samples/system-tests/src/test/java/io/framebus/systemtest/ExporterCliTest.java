package io.framebus.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import io.framebus.Backing;
import io.framebus.ChannelConfig;
import io.framebus.ChannelReader;
import io.framebus.ChannelWriter;
import io.framebus.Frame;
import io.framebus.FrameChannel;
import io.framebus.ReaderOptions;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/** {@code framebus exporter}: a scrape over HTTP says what {@code inspect --json} says. */
class ExporterCliTest extends CliTestSupport {
    private static final Pattern SERVING = Pattern.compile("serving http://127\\.0\\.0\\.1:(\\d+)/metrics");
    private static final Pattern SAMPLE = Pattern.compile("^(\\w+)(\\{[^}]*})? (\\S+)$");

    @Test
    void aScrapeMatchesInspectJsonForTheSameChannel() throws Exception {
        String name = uniqueName("exporter");
        try (ChannelWriter writer = FrameChannel.create(ChannelConfig.of(name, 64 * 1024).withSlots(8)
                .withBacking(Backing.PLAIN).withDirectory(SHM));
             ChannelReader lossless = FrameChannel.attach(name, ReaderOptions.lossless().withDirectory(SHM));
             ChannelReader latest = FrameChannel.attach(name, ReaderOptions.latest().withDirectory(SHM));
             CliProcess holder = CliProcess.start("sub", "--channel", name, "--mode", "latest", "--count", "1",
                     "--hold-ms", "600000", "--dir", SHM_DIR)) {
            await("the holder to attach", () -> inspect(name), j -> j.get("readers").size() == 3);
            for (int i = 0; i < 6; i++) {
                writer.tryClaim().length(100).publish();
            }
            Frame held = lossless.tryTake(); // frame 1, held: 2..6 not reached (lag 5), one hold
            latest.tryTake().close();        // frame 6: skipped 1..5
            await("the holder to hold a frame", () -> inspect(name),
                    j -> find(j.get("readers"), "pid", String.valueOf(holder.pid())).get("holds").size() == 1);
            holder.kill9();
            await("the killed holder's row to be reclaimed", () -> inspect(name),
                    j -> j.get("reclaimed_readers").asLong() == 1);

            try (CliProcess exporter = CliProcess.start("exporter", "--port", "0", "--dir", SHM_DIR)) {
                String line = await("the exporter to listen", exporter::stderr, s -> SERVING.matcher(s).find());
                Matcher m = SERVING.matcher(line);
                assertTrue(m.find());
                HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + m.group(1) + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode(), response.body());
                assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
                Map<String, Double> scrape = parse(response.body());
                JsonNode s = inspect(name);

                String channel = "{channel=\"" + name + "\"}";
                assertEquals(s.get("published").asDouble(), scrape.get("framebus_channel_published_total" + channel));
                assertEquals(6, s.get("published").asLong());
                assertEquals(s.get("reclaimed_readers").asDouble(),
                        scrape.get("framebus_channel_reclaimed_readers_total" + channel));
                assertEquals(s.get("reclaimed_holds").asDouble(),
                        scrape.get("framebus_channel_reclaimed_holds_total" + channel));
                assertEquals(1, s.get("reclaimed_holds").asLong(), "the frame the killed holder had");
                assertEquals(s.get("writer").get("restarts").asDouble(),
                        scrape.get("framebus_channel_writer_restarts_total" + channel));
                assertEquals(s.get("writer").get("generation").asDouble(),
                        scrape.get("framebus_channel_writer_generation" + channel));
                assertEquals(1.0, scrape.get("framebus_channel_writer_alive" + channel));
                assertEquals(s.get("max_writer_stall_ms").asDouble() / 1000,
                        scrape.get("framebus_channel_writer_stall_max_seconds" + channel), 1e-9);
                assertEquals(s.get("slot_size").asDouble(), scrape.get("framebus_channel_slot_size_bytes" + channel));
                assertEquals(s.get("slot_count").asDouble(), scrape.get("framebus_channel_slots" + channel));
                assertEquals(2, s.get("readers").size());
                assertEquals(2.0, scrape.get("framebus_channel_readers" + channel));
                for (JsonNode r : s.get("readers")) {
                    String labels = "{channel=\"" + name + "\",mode=\"" + r.get("mode").asText() + "\",row=\""
                            + r.get("row").asInt() + "\"}";
                    assertEquals(r.get("received").asDouble(), scrape.get("framebus_reader_received_total" + labels));
                    assertEquals(r.get("skipped").asDouble(), scrape.get("framebus_reader_skipped_total" + labels));
                    assertEquals(r.get("lost").asDouble(), scrape.get("framebus_reader_lost_total" + labels));
                    assertEquals(r.get("lag").asDouble(), scrape.get("framebus_reader_lag" + labels));
                    assertEquals(r.get("holds").size(), scrape.get("framebus_reader_holds" + labels));
                    assertEquals(1.0, scrape.get("framebus_reader_alive" + labels));
                }
                JsonNode l = find(s.get("readers"), "mode", "lossless");
                assertEquals(5, l.get("lag").asLong());
                assertEquals(1, l.get("holds").size());
                assertEquals(5, find(s.get("readers"), "mode", "latest").get("skipped").asLong());
            }
            held.close();
        }
    }

    private static JsonNode inspect(String name) {
        try (CliProcess c = CliProcess.run("inspect", name, "--json", "--dir", SHM_DIR)) {
            assertEquals(0, c.exitCode(), c.describe());
            return c.json();
        }
    }

    /** "name{labels} value" lines of the Prometheus text format. */
    private static Map<String, Double> parse(String text) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!line.startsWith("#") && m.matches()) {
                samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
            }
        }
        return samples;
    }
}
