package io.framebus.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code framebus bench} as a user runs it: a child JVM of the CLI that runs each cell's writer and
 * readers as child JVMs of its own. Checks what it writes, not how fast anything was (the machine is
 * shared; no wall-clock assertion here).
 */
class BenchCliTest extends CliTestSupport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final List<String> KEYS = List.of("transport", "payload", "payload_bytes", "readers", "work",
            "fps_per_reader", "gbps", "latency_p50_us", "latency_p99_us", "latency_p999_us", "cpu_s_per_frame",
            "writer_cpu_s_per_frame", "reader_cpu_s_per_frame", "reader_private_mb", "writer_fps", "status",
            "fps_vs_framebus", "latency_p99_vs_framebus", "writer_fps_vs_memcpy");

    /**
     * One payload, one reader, framebus (futex and adaptive wait) + Unix sockets + the memcpy baseline and
     * the wake-up floors (bare and loaded), windows of about a second, through the real code path (child
     * processes): every output exists and parses, every row has a status, the ratios (to framebus, to the
     * memcpy limit, to the CPU limit and to the wake-up floor) are computed, the goals compare with the
     * loaded floor too, the charts are PNG images, and nothing is left behind.
     */
    @Test
    void aTinyBenchWritesTheTableJsonCsvChartsAndPage(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out");
        try (CliProcess bench = CliProcess.start("bench", "--transports", "framebus,uds,memcpy,floor,loaded-floor",
                "--payloads", "64k", "--waits", "futex,adaptive", "--readers", "1", "--work", "touch",
                "--warmup", "0.3", "--window", "1", "--paced-window", "0.5", "--retries", "0", "--progress", "lines",
                "--out", out.toString())) {
            assertEquals(0, bench.waitFor(), bench.describe());
            String table = bench.stdout();
            assertTrue(table.contains("64 KiB (65,536 B)"), table);
            assertTrue(table.contains("Headline"), table);
            for (String t : List.of("framebus", "framebus/adaptive", "uds", "memcpy", "floor", "loaded-floor")) {
                assertTrue(table.lines().anyMatch(l -> l.contains(" " + t + " ")), "a row for " + t + ":\n" + table);
            }
            assertTrue(bench.stderr().contains("bench: [6/6"), "progress as plain lines without a terminal:\n"
                    + bench.stderr());

            JsonNode rows = JSON.readTree(out.resolve("bench-results.json").toFile());
            assertTrue(rows.isArray(), rows.toString());
            assertEquals(6, rows.size(), rows.toPrettyString());
            for (JsonNode row : rows) {
                for (String key : KEYS) {
                    assertTrue(row.has(key), "key " + key + " in " + row);
                }
                assertEquals("ok", row.get("status").asText(), row.toPrettyString());
            }
            JsonNode framebus = find(rows, "transport", "framebus");
            JsonNode uds = find(rows, "transport", "uds");
            JsonNode memcpy = find(rows, "transport", "memcpy");
            assertEquals(1.0, framebus.get("fps_vs_framebus").asDouble(), 1e-9);
            assertTrue(framebus.get("fps_per_reader").asDouble() > 0, framebus.toPrettyString());
            assertTrue(framebus.get("latency_p99_us").asDouble() > 0, framebus.toPrettyString());
            assertEquals("paced", framebus.get("latency_mode").asText());
            assertEquals(0, framebus.get("checksum_errors").asLong());
            assertEquals(0, framebus.get("gaps").asLong());
            double ratio = uds.get("fps_per_reader").asDouble() / framebus.get("fps_per_reader").asDouble();
            assertEquals(ratio, uds.get("fps_vs_framebus").asDouble(), 0.01 * ratio + 1e-3, uds.toPrettyString());
            assertTrue(uds.get("latency_p99_vs_framebus").isNumber(), uds.toPrettyString());
            assertTrue(framebus.get("writer_fps_vs_memcpy").asDouble() > 0, framebus.toPrettyString());
            assertEquals(1.0, memcpy.get("writer_fps_vs_memcpy").asDouble(), 1e-9);
            assertEquals("none", memcpy.get("work").asText());
            assertTrue(memcpy.get("fps_per_reader").isNull(), "the baseline has no readers: " + memcpy);
            assertTrue(memcpy.get("alone_fill_ms_per_frame").asDouble() > 0, memcpy.toPrettyString());
            assertTrue(memcpy.get("alone_touch_ms_per_frame").asDouble() > 0, memcpy.toPrettyString());
            assertTrue(memcpy.get("alone_full_ms_per_frame").asDouble() > 0, memcpy.toPrettyString());
            assertWhereTheProducersTimeWent(table, List.of(framebus, memcpy, uds));
            JsonNode floor = find(rows, "transport", "floor");
            assertTrue(floor.get("latency_p50_us").asDouble() > 0, floor.toPrettyString());
            assertTrue(floor.get("latency_p99_us").asDouble() >= floor.get("latency_p50_us").asDouble(),
                    floor.toPrettyString());
            JsonNode loaded = find(rows, "transport", "loaded-floor");
            assertEquals("touch", loaded.get("work").asText(), loaded.toPrettyString());
            assertTrue(loaded.get("latency_p50_us").asDouble() > 0, loaded.toPrettyString());
            assertTrue(table.contains("the loaded floor (the fill before each wake, 1 sleeper doing the touch work"
                    + " after it): p50 "), "the latency goal against the loaded floor:\n" + table);
            assertEquals("futex", framebus.get("wait").asText(), framebus.toPrettyString());
            assertEquals(framebus.get("fps_per_reader").asDouble() / framebus.get("cpu_limit_fps").asDouble(),
                    framebus.get("fps_of_cpu_limit").asDouble(), 0.01, framebus.toPrettyString());
            assertEquals(floor.get("latency_p50_us").asDouble(), framebus.get("floor_p50_us").asDouble(), 0.1,
                    framebus.toPrettyString());
            assertTrue(framebus.get("latency_p50_of_floor").asDouble() > 0, framebus.toPrettyString());
            assertTrue(framebus.get("paced_reader_cpu_cores").isNumber(), framebus.toPrettyString());
            JsonNode adaptive = find(rows, "wait", "adaptive");
            assertEquals("framebus", adaptive.get("transport").asText(), adaptive.toPrettyString());
            assertTrue(adaptive.get("fps_per_reader").asDouble() > 0, adaptive.toPrettyString());

            List<String> csv = Files.readAllLines(out.resolve("bench-results.csv"), StandardCharsets.UTF_8);
            assertEquals(7, csv.size(), String.join("\n", csv));
            List<String> header = Arrays.asList(csv.getFirst().split(","));
            assertTrue(header.containsAll(KEYS), csv.getFirst());
            int status = header.indexOf("status");
            for (String line : csv.subList(1, csv.size())) {
                assertEquals("ok", line.split(",", -1)[status], line);
            }

            List<Path> charts;
            try (Stream<Path> files = Files.list(out)) {
                charts = files.filter(f -> f.toString().endsWith(".png")).sorted().toList();
            }
            assertEquals(List.of(out.resolve("floors-64k.png"), out.resolve("latency-touch.png"),
                    out.resolve("percentiles-64k.png"), out.resolve("throughput-64k.png")), charts);
            String html = Files.readString(out.resolve("index.html"));
            for (Path chart : charts) {
                byte[] bytes = Files.readAllBytes(chart);
                assertArrayEquals(PNG_MAGIC, Arrays.copyOf(bytes, 8), chart + " is a PNG");
                System.setProperty("java.awt.headless", "true");
                BufferedImage image = ImageIO.read(chart.toFile());
                assertNotNull(image, chart + " decodes");
                assertTrue(image.getWidth() >= 400 && image.getHeight() >= 300, chart.toString());
                assertTrue(html.contains("src=\"" + chart.getFileName() + "\""), "index.html shows " + chart);
            }
            assertTrue(html.contains("bench-results.json") && html.contains("<table>"), html);
            assertTrue(Files.readString(out.resolve("bench-table.txt")).contains("Headline"));
            assertTrue(JSON.readTree(out.resolve("bench-run.json").toFile()).has("environment"));

            assertNothingLeftBy(bench.pid());
        }
    }

    /**
     * A 4K BGR24 frame (24,883,200 B) does not fit Aeron's largest message (16 MiB whatever the term
     * length): the cell is reported n/a with that reason, no process is started, and that is not a failure.
     */
    @Test
    void aeronCannotCarry4kFramesAndTheCellSaysWhy(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out");
        try (CliProcess bench = CliProcess.start("bench", "--transports", "aeron", "--payloads", "4k", "--readers", "1",
                "--work", "touch", "--progress", "none", "--out", out.toString())) {
            assertEquals(0, bench.waitFor(), bench.describe());
            JsonNode rows = JSON.readTree(out.resolve("bench-results.json").toFile());
            assertEquals(1, rows.size(), rows.toPrettyString());
            String status = rows.get(0).get("status").asText();
            assertTrue(status.startsWith("n/a: "), status);
            assertTrue(status.contains("16,777,216") && status.contains("24,883,232"), "the limit and the frame: "
                    + status);
            assertTrue(rows.get(0).get("fps_per_reader").isNull(), rows.toPrettyString());
            assertTrue(bench.stdout().contains("aeron 4k: n/a: Aeron's largest message"), bench.stdout());
            assertTrue(Files.readString(out.resolve("index.html")).contains("n/a: Aeron"));
            assertEquals(2, Files.readAllLines(out.resolve("bench-results.csv")).size());
        }
    }

    /**
     * {@code --rounds 2}: every cell is measured twice, the second round in reverse order; each row reports
     * its median round (of two, the slower) with every round's figures beside it, and the paced frames of
     * both rounds pooled.
     */
    @Test
    void twoRoundsMeasureEveryCellTwiceTheSecondInReverseOrder(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out");
        try (CliProcess bench = CliProcess.start("bench", "--transports", "framebus,memcpy", "--payloads", "64k",
                "--waits", "futex", "--readers", "1", "--work", "touch", "--warmup", "0.2", "--window", "0.5",
                "--paced-window", "0.5", "--retries", "0", "--rounds", "2", "--progress", "lines",
                "--out", out.toString())) {
            assertEquals(0, bench.waitFor(), bench.describe());
            List<String> progress = bench.stderr().lines().filter(l -> l.startsWith("bench: [")).toList();
            assertEquals(4, progress.size(), bench.stderr());
            List<String> order = progress.stream().map(l -> l.contains("memcpy 64k") ? "memcpy"
                    : l.contains("framebus 64k") ? "framebus" : l).toList();
            assertEquals(List.of("memcpy", "framebus", "framebus", "memcpy"), order, bench.stderr());
            assertTrue(bench.stdout().contains("2 cells x 2 rounds"), bench.stdout());

            JsonNode rows = JSON.readTree(out.resolve("bench-results.json").toFile());
            assertEquals(2, rows.size(), rows.toPrettyString());
            JsonNode framebus = find(rows, "transport", "framebus");
            assertEquals("ok", framebus.get("status").asText(), framebus.toPrettyString());
            assertEquals(2, framebus.get("rounds").asInt(), framebus.toPrettyString());
            double[] fps = Arrays.stream(framebus.get("fps_per_reader_by_round").asText().split(" "))
                    .mapToDouble(Double::parseDouble).toArray();
            assertEquals(2, fps.length, framebus.toPrettyString());
            assertEquals(Math.min(fps[0], fps[1]), framebus.get("fps_per_reader").asDouble(), 0.1,
                    "of two rounds, the lower middle one: " + framebus.toPrettyString());
            assertEquals(2, framebus.get("latency_p99_us_by_round").asText().split(" ").length,
                    framebus.toPrettyString());
            assertEquals(2, framebus.get("attempts").asInt(), framebus.toPrettyString());
            assertTrue(framebus.get("latency_samples").asLong() >= 2 * 10, "both rounds' paced frames, about 15"
                    + " each: " + framebus.toPrettyString());
            assertEquals(2, JSON.readTree(out.resolve("bench-run.json").toFile()).get("rounds").asInt());
            assertTrue(Files.readString(out.resolve("index.html")).contains("measured <b>2 times</b>"));
            assertNothingLeftBy(bench.pid());
        }
    }

    @Test
    void zeroRoundsIsAUsageError(@TempDir Path tmp) {
        try (CliProcess bench = CliProcess.run("bench", "--rounds", "0", "--out", tmp.toString())) {
            assertEquals(2, bench.exitCode(), bench.describe());
            assertTrue(bench.stderr().contains("--rounds must be 1..100, got 0"), bench.describe());
        }
    }

    @Test
    void anUnknownTransportIsAUsageError(@TempDir Path tmp) {
        try (CliProcess bench = CliProcess.run("bench", "--transports", "pigeon", "--out", tmp.toString())) {
            assertEquals(2, bench.exitCode(), bench.describe());
            assertTrue(bench.stderr().contains("unknown transport 'pigeon'"), bench.describe());
        }
    }

    /** The writer thread's time on a core in each producer's row, and the Goals block's split of it. */
    private static void assertWhereTheProducersTimeWent(String table, List<JsonNode> producers) {
        for (JsonNode producer : producers) { // CPU time of the thread within its window: at most all of it
            double onCore = producer.get("writer_thread_on_core").asDouble();
            assertTrue(onCore > 0 && onCore <= 1.001, producer.toPrettyString());
        }
        assertTrue(table.contains("64k, producer with touch readers, futex wait, of the memcpy limit")
                && table.contains("64k, producer with touch readers, adaptive wait, of the memcpy limit"),
                "a producer line for each wait:\n" + table);
        assertTrue(table.contains("where framebus's producer time went by readers: 1: fill "), table);
    }

    /** No process, channel file, socket file or Aeron directory of the bench run {@code pid} survives it. */
    private static void assertNothingLeftBy(long pid) throws IOException {
        String tag = "bench-" + pid + "-";
        List<String> processes = ProcessHandle.allProcesses()
                .map(p -> p.info().commandLine().orElse(""))
                .filter(c -> c.contains("io.framebus.bench.Bench") && c.contains(tag))
                .toList();
        assertEquals(List.of(), processes, "bench child processes still running");
        List<Path> files = new ArrayList<>();
        for (Path dir : List.of(SHM, Path.of(System.getProperty("java.io.tmpdir")), Path.of("/tmp/hp"),
                Path.of("/tmp/thp"))) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> list = Files.list(dir)) {
                list.filter(f -> f.getFileName().toString().contains(tag)).forEach(files::add);
            }
        }
        assertEquals(List.of(), files, "files left behind by the bench");
    }
}
