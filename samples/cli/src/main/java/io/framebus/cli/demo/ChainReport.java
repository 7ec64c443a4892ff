package io.framebus.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code framebus demo --chain} adds to the demo's report: the latency of each hop between the chain's
 * processes (publish to take, measured by each reader per frame from the frame's publish time), and, with
 * {@code --compare}, the chain against the single-process detector on the same input.
 */
public final class ChainReport {
    /** The hops of the chain: the reading stage, and what it reads from. */
    private static final String[][] HOPS = {{"preprocess", "capture"}, {"infer", "preprocess"},
        {"postprocess", "infer"}};

    private ChainReport() {
    }

    /** Prints the chain's hops and stages, if {@code r} is a run of the chain (nothing otherwise). */
    public static void stages(PrintWriter w, DemoResult r) {
        DemoResult.Row infer = row(r, "infer");
        DemoResult.Row post = row(r, "postprocess");
        if (infer == null || post == null) {
            return;
        }
        w.println("  hops (a channel between two processes; publish -> take, per frame):");
        for (String[] hop : HOPS) {
            DemoResult.Row reader = row(r, hop[0]);
            w.printf(Locale.ROOT, "    %-24s p50 %s, p99 %s%n", hop[1] + " -> " + hop[0],
                    micros(reader == null ? null : reader.latencyP50Us()),
                    micros(reader == null ? null : reader.latencyP99Us()));
        }
        JsonNode i = infer.summary();
        if (i != null) {
            w.printf(Locale.ROOT, "  infer: %s, %d ONNX Runtime thread(s) on %s; %.2f ms per run, outputs pinned to"
                    + " slots (%s), %d probe run(s)%n", i.path("model").asText(), i.path("threads").asInt(),
                    i.path("provider").asText(), i.path("mean_inference_ms").asDouble(), i.path("outputs").toString(),
                    i.path("probes").asLong());
        }
        DemoResult.Row capture = row(r, "capture");
        w.printf(Locale.ROOT, "  YOLOX ran on %d of %d captured frames; capture -> boxes published p50 %s, p99 %s%n",
                infer.frames(), capture == null ? 0 : capture.frames(), ms(post.e2eP50Us()), ms(post.e2eP99Us()));
    }

    /** Prints the chain ({@code chain}) against the single-process detector ({@code single}). */
    public static void compare(PrintWriter w, DemoResult chain, DemoResult single) {
        DemoResult.Row boxesChain = row(chain, "postprocess");
        DemoResult.Row boxesSingle = row(single, "detect");
        w.println();
        w.println("chain (5 processes) vs single-process detector (3 processes), same input, one run of each:");
        w.printf(Locale.ROOT, "  %-38s %20s %16s%n", "", "chain", "single");
        line(w, "frames captured", count(row(chain, "capture")), count(row(single, "capture")));
        line(w, "frames analysed by YOLOX", count(row(chain, "infer")), count(boxesSingle));
        line(w, "capture -> boxes published, p50", ms(e2e50(boxesChain)), ms(e2e50(boxesSingle)));
        line(w, "capture -> boxes published, p99", ms(e2e99(boxesChain)), ms(e2e99(boxesSingle)));
        line(w, "capture -> encoded, p50", ms(chain.pipeline().latencyP50Us()), ms(single.pipeline().latencyP50Us()));
        line(w, "pipeline fps (captured -> encoded)", fps(chain.pipeline().fps()), fps(single.pipeline().fps()));
        line(w, "CPU, all stages (s)", cpu(chain), cpu(single));
        DemoResult.Row first = row(chain, "preprocess");
        line(w, "hop capture -> first analysis, p50", micros(first == null ? null : first.latencyP50Us()),
                micros(boxesSingle == null ? null : boxesSingle.latencyP50Us()));
        long added = 0;
        for (String[] hop : HOPS) {
            DemoResult.Row reader = row(chain, hop[0]);
            Long p50 = reader == null ? null : reader.latencyP50Us();
            if (!hop[1].equals("capture")) {
                added += p50 == null ? 0 : p50;
                line(w, "hop " + hop[1] + " -> " + hop[0] + ", p50 / p99", micros(p50) + " / "
                        + micros(reader == null ? null : reader.latencyP99Us()), "-");
            }
        }
        Long e2eChain = e2e50(boxesChain);
        Long e2eSingle = e2e50(boxesSingle);
        if (e2eChain != null && e2eSingle != null) {
            w.printf(Locale.ROOT, "  splitting the detector adds 2 hops (p50s summed: %s); capture -> boxes p50 changes"
                    + " by %+.2f ms%n", micros(added), (e2eChain - e2eSingle) / 1000.0);
        }
        w.flush();
    }

    /** Both runs for {@code --json}. */
    public static Map<String, Object> json(List<DemoResult> results) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("chain", results.isEmpty() ? null : results.getFirst());
        m.put("single", results.size() < 2 ? null : results.get(1));
        return m;
    }

    private static void line(PrintWriter w, String what, String chain, String single) {
        w.printf(Locale.ROOT, "  %-38s %20s %16s%n", what, chain, single);
    }

    private static DemoResult.Row row(DemoResult r, String stage) {
        return r.stages().stream().filter(s -> s.stage().equals(stage)).findFirst().orElse(null);
    }

    private static String count(DemoResult.Row row) {
        return row == null ? "-" : String.valueOf(row.frames());
    }

    private static Long e2e50(DemoResult.Row row) {
        return row == null ? null : row.e2eP50Us();
    }

    private static Long e2e99(DemoResult.Row row) {
        return row == null ? null : row.e2eP99Us();
    }

    private static String cpu(DemoResult r) {
        double s = 0;
        for (DemoResult.Row row : r.stages()) {
            JsonNode v = row.summary() == null ? null : row.summary().get("cpu_s");
            s += v == null ? 0 : v.asDouble();
        }
        return String.format(Locale.ROOT, "%.1f", s);
    }

    private static String fps(double fps) {
        return String.format(Locale.ROOT, "%.1f", fps);
    }

    private static String ms(Long micros) {
        return micros == null ? "-" : String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
    }

    private static String micros(Long micros) {
        return micros == null ? "-" : micros < 1000 ? micros + " us"
                : String.format(Locale.ROOT, "%.2f ms", micros / 1000.0);
    }
}
