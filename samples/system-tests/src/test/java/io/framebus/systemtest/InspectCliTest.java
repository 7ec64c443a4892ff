package io.framebus.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** {@code inspect} on a live channel, as JSON and as text. */
class InspectCliTest extends CliTestSupport {

    @Test
    void inspectShowsTheLiveWriterAndTheAttachedReader() {
        String name = uniqueName("inspect");
        try (CliProcess pub = CliProcess.start("pub", "--channel", name, "--size", "160x120", "--frames", "1000000",
                "--fps", "50", "--slots", "4", "--max-readers", "3", "--wait-readers", "1", "--dir", SHM_DIR);
             CliProcess sub = CliProcess.start("sub", "--channel", name, "--mode", "lossless", "--verify", "--json",
                     "--timeout-ms", "60000", "--dir", SHM_DIR)) {
            JsonNode s = await("the reader to attach and take a frame",
                    () -> inspectJson(name),
                    j -> j != null && find(j.path("readers"), "pid", String.valueOf(sub.pid())) != null
                            && find(j.path("readers"), "pid", String.valueOf(sub.pid())).path("received").asLong() > 0);
            assertEquals(name, s.get("name").asText());
            assertEquals("open", s.get("state").asText(), s.toPrettyString());
            assertEquals(pub.pid(), s.get("writer").get("pid").asLong());
            assertTrue(s.get("writer").get("alive").asBoolean(), s.toPrettyString());
            assertEquals(1, s.get("writer").get("generation").asLong());
            assertEquals(4, s.get("slot_count").asInt());
            assertEquals(160 * 120 * 3, s.get("slot_size").asLong());
            assertEquals(3, s.get("max_readers").asInt());
            assertEquals(4, s.get("slots").size());
            assertTrue(s.get("published").asLong() >= 1);
            assertEquals("plain", s.get("backing").asText());

            JsonNode reader = find(s.get("readers"), "pid", String.valueOf(sub.pid()));
            assertTrue(reader.get("alive").asBoolean(), reader.toString());
            assertEquals("lossless", reader.get("mode").asText());
            assertEquals(0, reader.get("lost").asLong());

            CliProcess text = CliProcess.run("inspect", name, "--dir", SHM_DIR);
            assertEquals(0, text.exitCode(), text.describe());
            String out = text.stdout();
            assertTrue(out.contains("writer     pid " + pub.pid() + " alive"), out);
            assertTrue(out.contains("geometry   4 slots x 56.3 KiB, ring 16, max 3 readers"), out);
            assertTrue(out.matches("(?s).*\\n\\s+row\\s+label\\s+pid\\s+alive\\s+mode\\s+cursor\\s+lag\\s+holds"
                    + "\\s+received\\s+skipped\\s+lost\\n\\s+\\d+\\s+framebus sub --verify\\s+" + sub.pid()
                    + "\\s+yes\\s+lossless\\s.*"), out);
            assertTrue(out.matches("(?s).*\\n\\s+index\\s+state\\s+sequence\\s+holders\\n.*"), out);

            pub.terminate(); // SIGTERM: the writer's shutdown hook closes the channel
            assertEquals(0, sub.waitFor(), sub.describe());
            JsonNode r = sub.json();
            assertEquals("closed", r.get("ended").asText(), sub.describe());
            assertEquals(0, r.get("verify_failures").asLong(), sub.describe());
            assertEquals(0, r.get("lost").asLong(), sub.describe());
            assertTrue(pub.stderr().contains("framebus: stopped by a signal after"), pub.describe());
        }
    }

    private static JsonNode inspectJson(String name) {
        CliProcess c = CliProcess.run("inspect", name, "--json", "--dir", SHM_DIR);
        try (c) {
            return c.exitCode() == 0 ? c.json() : null; // not created yet: exit 1, "no channel"
        }
    }
}
