package io.framebus.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import io.framebus.bridge.AeronDirectories;
import io.framebus.testkit.HostFacts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code framebus bridge bench} as a user runs it: it makes its own two network namespaces, measures the link
 * with iperf3 (TCP, and UDP datagrams of the bridge's size) and runs the bridge at 1080p and 4K. Checks what it
 * reports and that it cleans up, not how fast anything was. Needs root: skips without it, fails instead under
 * {@code FRAMEBUS_NO_SKIP=1}.
 */
class BridgeBenchCliTest extends CliTestSupport {
    @BeforeEach
    void root() {
        requireRoot("root, for network namespaces");
        requireCommands("iperf3 (Debian's iperf3), to measure the link", "iperf3");
    }

    /**
     * A link shaped to 2 Gbit/s (250 MB/s) with tc tbf: the TCP stream sees the shaper, the UDP blast is
     * measured, both sizes carry every frame of their lossless run, each with the cores its four processes used
     * (within what the machine was busy), and the latency run either measured frames or says that it measured
     * none. Nothing is left behind: no namespace, no channel, no Aeron directory.
     */
    @Test
    void aShapedLinkRunReportsTheLinkAndEverySize() throws IOException {
        try (CliProcess bench = CliProcess.startWrapped(List.of(), BridgeProcesses.BRIDGE_JVM, "bridge",
                "bench", "--frames", "40", "--latency-seconds", "2", "--link-rate", "2gbit", "--json")) {
            assertEquals(0, bench.waitFor(), bench.describe());
            JsonNode r = bench.json();
            assertEquals("2gbit", r.path("link_rate").asText(), r.toString());
            double tcp = r.path("link_tcp_gb_per_s").asDouble();
            assertTrue(tcp > 0 && tcp < 0.3, "the TCP stream goes through the 2 Gbit/s shaper: " + r);
            assertTrue(r.path("link_udp_gb_per_s").asDouble() > 0, r.toString());
            assertEquals(1472, r.path("aeron_mtu").asInt(), "the largest that fits a 1500-byte link: " + r);
            JsonNode sizes = r.path("sizes");
            assertEquals(2, sizes.size(), r.toString());
            assertEquals("1080p", sizes.get(0).path("size").asText());
            assertEquals(40, sizes.get(0).path("frames").asLong(), "lossless carries every frame: " + r);
            assertEquals("4k", sizes.get(1).path("size").asText());
            assertEquals(10, sizes.get(1).path("frames").asLong(), "lossless carries every frame: " + r);
            for (JsonNode s : sizes) {
                assertTrue(s.path("gb_per_s").asDouble() > 0, s.toString());
                assertTrue(s.path("of_link").asDouble() > 0 && s.path("of_udp_link").asDouble() > 0, s.toString());
                assertCpuWithinTheMachine(s);
                assertEquals(s.path("latency_frames").asLong() > 0, s.has("latency_p50_us"),
                        "latency only from measured frames: " + s);
                if (!s.has("latency_p50_us")) {
                    assertTrue(bench.stderr().contains(s.path("size").asText() + ": no frame measured for latency"),
                            bench.describe());
                }
            }
        }
        String namespaces = HostFacts.run(List.of("ip", "netns", "list"));
        assertFalse(namespaces.contains("fbbr"), "the bench removed its namespaces: " + namespaces);
        assertNoBenchFilesLeft();
    }

    /**
     * A bridge process of the bench that cannot start (here: a chunk larger than the term allows) fails the
     * bench with that process's own message, instead of the source's "no reader attached" two minutes later.
     */
    @Test
    void aBridgeThatCannotStartFailsTheBenchWithItsOwnMessage() throws IOException {
        try (CliProcess bench = CliProcess.startWrapped(List.of(), BridgeProcesses.BRIDGE_JVM, "bridge",
                "bench", "--frames", "8", "--latency-seconds", "1", "--term-length", "1048576", "--chunk-bytes",
                "1048576")) {
            assertNotEquals(0, bench.waitFor(), bench.describe());
            assertTrue(bench.stderr().contains("--chunk-bytes must be"), bench.describe());
            assertFalse(bench.stderr().contains("readers attached"), bench.describe());
        }
        assertNoBenchFilesLeft();
    }

    /** Every process worked, and together they used no more than the machine was busy (within sampling error). */
    private static void assertCpuWithinTheMachine(JsonNode size) {
        JsonNode cpu = size.path("cpu_cores");
        double sum = 0;
        for (String process : List.of("source_writer", "bridge_send", "bridge_receive", "far_reader")) {
            double cores = cpu.path(process).asDouble(-1);
            assertTrue(cores > 0, process + " used CPU while measured: " + size);
            sum += cores;
        }
        double busy = cpu.path("machine_busy").asDouble();
        assertTrue(busy > 0 && busy <= cpu.path("machine_cores").asInt() + 0.05, size.toString());
        assertTrue(sum <= busy + 0.15, "the processes' cores are part of the machine's busy ones: " + size);
        assertTrue(size.path("bridge_send_core_s_per_gb").asDouble() > 0, size.toString());
        assertTrue(size.path("bridge_receive_core_s_per_gb").asDouble() > 0, size.toString());
    }

    private static void assertNoBenchFilesLeft() throws IOException {
        try (var files = Files.list(SHM)) {
            var left = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.contains("fbbench-") || n.startsWith(AeronDirectories.PREFIX)).toList();
            assertTrue(left.isEmpty(), "left behind in /dev/shm: " + left);
        }
    }
}
