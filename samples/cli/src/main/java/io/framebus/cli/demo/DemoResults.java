package io.framebus.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.Histogram;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds a {@link DemoResult} from what the stage processes left: their SUMMARY lines, their per-frame
 * times ({@code --timings}: {@code sequence capture take done} in nanoseconds of the host's monotonic
 * clock, which every process shares), and the detector's JSON lines.
 *
 * <p>Publish-to-take latencies are exact: a stage that reports the hop from its input's publish time
 * ({@code hop_p50_us} in its SUMMARY) measured it per frame; for the others, the capture stage's times give
 * each frame's publish time (its "take"), and each reader's times give when it took that frame.
 */
final class DemoResults {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DemoResults() {
    }

    static DemoResult collect(List<String> order, List<StageProcess> stages, Path timingsDir, Path video, Path jsonl,
                              String input, Path model, List<String> leftovers, String failedStage, String failure,
                              boolean interrupted, long startNanos) {
        double wallSeconds = (System.nanoTime() - startNanos) / 1e9;
        Map<String, List<long[]>> timings = new HashMap<>();
        for (String name : order) {
            timings.put(name, readTimings(timingsDir.resolve(name + ".txt")));
        }
        Map<Long, Long> published = new HashMap<>();
        for (long[] t : timings.get("capture")) {
            published.put(t[0], t[2]);
        }
        List<DemoResult.Row> rows = new ArrayList<>();
        for (String name : order) {
            StageProcess process = stages.stream().filter(s -> s.stage().equals(name)).findFirst().orElse(null);
            rows.add(row(name, process, timings.get(name), published));
        }
        DemoResult.Pipeline pipeline = pipeline(timings.get("capture"), timings.get("encode"),
                rows.get(order.indexOf("encode")), startNanos);
        return new DemoResult(rows, pipeline, detections(jsonl), video, jsonl, input, model, leftovers, failedStage,
                failure, interrupted, wallSeconds);
    }

    private static DemoResult.Row row(String name, StageProcess process, List<long[]> times,
                                      Map<Long, Long> published) {
        JsonNode summary = process == null ? null : process.summary();
        JsonNode s = summary != null ? summary : process == null ? null : process.progress();
        long frames = s == null ? 0 : s.path("frames").asLong();
        double fps = s == null ? 0 : s.path("fps").asDouble();
        long skipped = s == null ? 0 : s.path("skipped").asLong();
        String latency = summary == null ? null : summary.path("latency").asText(null);
        Long p50 = number(summary, "latency_p50_us");
        Long p99 = number(summary, "latency_p99_us");
        if (number(summary, "hop_p50_us") != null) {
            latency = "publish->take"; // measured by the stage itself from each input frame's publish time
            p50 = number(summary, "hop_p50_us");
            p99 = number(summary, "hop_p99_us");
        } else if (!name.equals("capture") && !times.isEmpty() && !published.isEmpty()) {
            Histogram h = new Histogram(3);
            for (long[] t : times) {
                Long publish = published.get(t[0]);
                if (publish != null) {
                    h.recordValue(Math.max(0, (t[2] - publish) / 1000));
                }
            }
            if (h.getTotalCount() > 0) {
                latency = "publish->take";
                p50 = h.getValueAtPercentile(50);
                p99 = h.getValueAtPercentile(99);
            }
        }
        String zeroCopy = summary == null ? null : summary.path("zero_copy").asText(null);
        return new DemoResult.Row(name, frames, fps, latency, p50, p99, number(summary, "e2e_p50_us"),
                number(summary, "e2e_p99_us"), skipped, zeroCopy, summary != null, summary);
    }

    private static DemoResult.Pipeline pipeline(List<long[]> capture, List<long[]> encode, DemoResult.Row encoder,
                                                long startNanos) {
        if (capture.isEmpty() || encode.isEmpty()) {
            return new DemoResult.Pipeline(encoder.frames(), encoder.fps(), encoder.e2eP50Us(), encoder.e2eP99Us(), 0,
                    0);
        }
        long first = Long.MAX_VALUE;
        for (long[] t : capture) {
            first = Math.min(first, t[1]);
        }
        long last = Long.MIN_VALUE;
        Histogram h = new Histogram(3);
        for (long[] t : encode) {
            last = Math.max(last, t[3]);
            h.recordValue(Math.max(0, (t[3] - t[1]) / 1000));
        }
        double seconds = (last - first) / 1e9;
        return new DemoResult.Pipeline(encode.size(), seconds > 0 ? encode.size() / seconds : 0,
                h.getValueAtPercentile(50), h.getValueAtPercentile(99), seconds, (first - startNanos) / 1e9);
    }

    private static DemoResult.DetectionCounts detections(Path jsonl) {
        long lines = 0;
        long withPerson = 0;
        long persons = 0;
        long others = 0;
        Map<String, Long> otherClasses = new TreeMap<>();
        if (Files.isRegularFile(jsonl)) {
            try (BufferedReader in = Files.newBufferedReader(jsonl, StandardCharsets.UTF_8)) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.isBlank()) {
                        continue;
                    }
                    lines++;
                    boolean person = false;
                    for (JsonNode d : JSON.readTree(line).path("detections")) {
                        String cls = d.path("class").asText();
                        if (cls.equals("person")) {
                            person = true;
                            persons++;
                        } else {
                            others++;
                            otherClasses.merge(cls, 1L, Long::sum);
                        }
                    }
                    if (person) {
                        withPerson++;
                    }
                }
            } catch (IOException e) {
                // a line cut short (stage killed): count what was read
            }
        }
        return new DemoResult.DetectionCounts(lines, withPerson, persons, others, otherClasses);
    }

    private static List<long[]> readTimings(Path file) {
        List<long[]> rows = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return rows;
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] f = line.trim().split(" ");
                if (f.length == 4) {
                    rows.add(new long[] {Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]),
                        Long.parseLong(f[3])});
                }
            }
        } catch (IOException | NumberFormatException e) {
            // partial file: use what was read
        }
        return rows;
    }

    private static Long number(JsonNode node, String field) {
        return node == null || !node.path(field).isNumber() ? null : node.path(field).asLong();
    }
}
