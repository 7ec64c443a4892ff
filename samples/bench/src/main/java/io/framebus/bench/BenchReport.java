package io.framebus.bench;

import io.framebus.cli.text.Table;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a run's results: the terminal table (also saved as bench-table.txt), bench-results.json
 * (one object per cell), bench-results.csv, bench-run.json (settings and machine), the PNG charts
 * and index.html, which ties them together with an explanation of the method.
 */
public final class BenchReport {
    public static final String JSON = "bench-results.json";
    public static final String CSV = "bench-results.csv";
    public static final String RUN = "bench-run.json";
    public static final String TABLE = "bench-table.txt";
    public static final String HTML = "index.html";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BenchReport() {
    }

    /** Writes every file into {@code dir} and returns the terminal text (table and headline). */
    public static String write(BenchResults results, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Map<String, Object>> rows = results.rows();
        MAPPER.writeValue(dir.resolve(JSON).toFile(), rows);
        MAPPER.writeValue(dir.resolve(RUN).toFile(), results.describeRun());
        Files.writeString(dir.resolve(CSV), csv(rows), StandardCharsets.UTF_8);
        String text = terminal(results);
        Files.writeString(dir.resolve(TABLE), text, StandardCharsets.UTF_8);
        List<String[]> charts = BenchCharts.write(results, dir);
        Files.writeString(dir.resolve(HTML), BenchHtml.page(results, charts), StandardCharsets.UTF_8);
        return text;
    }

    static String csv(List<Map<String, Object>> rows) {
        StringBuilder b = new StringBuilder();
        if (rows.isEmpty()) {
            return "";
        }
        b.append(String.join(",", rows.getFirst().keySet())).append('\n');
        for (Map<String, Object> row : rows) {
            List<String> cells = new ArrayList<>();
            for (Object v : row.values()) {
                String s = v == null ? "" : v.toString();
                if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
                    s = "\"" + s.replace("\"", "\"\"") + "\"";
                }
                cells.add(s);
            }
            b.append(String.join(",", cells)).append('\n');
        }
        return b.toString();
    }

    /** The terminal table, payload by payload, then the headline comparisons. */
    static String terminal(BenchResults results) {
        StringBuilder out = new StringBuilder();
        BenchMatrix m = results.options().matrix();
        double rate = results.options().settings().pacedRate();
        for (Payload p : m.payloads()) {
            out.append('\n').append(p.label()).append('\n');
            Table t = new Table("readers", "work", "transport", "frames/s/reader", "vs fb", "GB/s",
                    "writer fps", "of memcpy", "of CPU limit", "CPU ms/frame", "p50", "p99", "p99 vs fb",
                    "of floor p50/p99", "paced CPU", "p99 saturated", "reader MB", "load", "status");
            for (CellResult r : results.cells()) {
                if (!r.cell().payload().equals(p)) {
                    continue;
                }
                CellResult.Ratios q = results.ratios(r);
                boolean readers = r.cell().transport().hasReaders();
                boolean floor = r.cell().transport() == Transport.FLOOR; // the loaded floor has a writer rate
                t.row(readers ? Integer.toString(r.cell().readers()) : "-", r.cell().transport().hasWork()
                                ? r.cell().work().id() : "-",
                        r.cell().transportLabel(), BenchFormat.fps(r.fpsPerReader()),
                        BenchFormat.ratio(q.fpsVsFramebus()), BenchFormat.number(r.gbps(), 2),
                        floor ? "-" : BenchFormat.fps(r.writerFps()), BenchFormat.percent(q.writerVsMemcpy()),
                        BenchFormat.percent(q.ofCpuLimit()), BenchFormat.cpuMs(r.cpuSPerFrame()),
                        BenchFormat.micros(r.latencyP50Us()), BenchFormat.micros(r.latencyP99Us()) + pacedMark(r, rate),
                        BenchFormat.ratio(q.p99VsFramebus()), ofFloor(q), BenchFormat.percent(r.pacedReaderCores()),
                        BenchFormat.micros(r.saturatedP99Us()), BenchFormat.number(r.readerPrivateMb(), 0),
                        BenchFormat.percent(r.otherLoad()), shortStatus(r.status()));
            }
            out.append(t.render("  "));
        }
        out.append('\n').append(legend(results.options().settings())).append('\n');
        List<String> headline = headline(results);
        if (!headline.isEmpty()) {
            out.append("\nHeadline\n");
            for (String h : headline) {
                out.append("  ").append(h).append('\n');
            }
        }
        List<String> goals = BenchGoals.lines(results);
        if (!goals.isEmpty()) {
            out.append("\nGoals (framebus against what this machine allows, from this run)\n");
            for (String g : goals) {
                out.append("  ").append(g).append('\n');
            }
        }
        List<String> notes = notApplicable(results);
        if (!notes.isEmpty()) {
            out.append('\n');
            notes.forEach(n -> out.append(n).append('\n'));
        }
        int rounds = results.options().rounds();
        out.append(String.format(Locale.ROOT, "%nbench: %d cells%s in %s (%s warm-up, %s window each)%n",
                results.cells().size(), rounds == 1 ? "" : " x " + rounds + " rounds (each cell: its median round,"
                        + " paced latency pooled)", BenchFormat.duration(results.seconds()),
                BenchFormat.duration(results.options().settings().warmup().toMillis() / 1e3),
                BenchFormat.duration(results.options().settings().window().toMillis() / 1e3)));
        return out.toString();
    }

    /** "1.9x / 1.2x": paced p50 and p99 as multiples of the wake-up floor's with as many sleepers. */
    static String ofFloor(CellResult.Ratios q) {
        return q.p50OfFloor() == null ? "-" : BenchFormat.ratio(q.p50OfFloor()) + " / "
                + BenchFormat.ratio(q.p99OfFloor());
    }

    static String shortStatus(String status) {
        if (status.startsWith("n/a")) {
            return "n/a (see below)";
        }
        return status.length() > 60 ? status.substring(0, 57) + "..." : status;
    }

    /** "*" when the paced window could not keep its rate (its latency then includes queueing). */
    static String pacedMark(CellResult r, double rate) {
        return r.paced() != null && r.pacedFps() != null && r.pacedFps() < 0.9 * rate ? "*" : "";
    }

    static String legend(BenchSettings s) {
        return String.format(Locale.ROOT, """
                  frames/s/reader: frames each reader received per second, writer as fast as the transport allows
                  (mean of the readers); vs fb: that rate divided by framebus's in the same row group (below 1: slower
                  than framebus). writer fps: frames the writer produced per second; of memcpy: that as a share of the
                  memcpy-only limit (the producer writing private memory, no transport). CPU ms/frame: writer + all
                  readers (utime+stime) per frame. p50/p99: one-way latency (writer's publish/send time to the
                  reader's take/complete receive) with the writer paced at %s frames/s, queues empty; * = the transport
                  could not keep that rate. p99 vs fb: above 1 is slower than framebus. p99 saturated: the same while
                  the writer goes as fast as it can (adds the time frames wait in the transport's queue). reader MB:
                  private memory per reader process. load: CPU used by other processes during the window (noise).
                  of CPU limit: frames/s per reader as a share of min(1 / fill, 1 / work, cores / (fill + readers x
                  work)), the producer's fill and the reader work each measured alone by the memcpy baseline. of
                  floor p50/p99: the paced p50 and p99 as multiples of the wake-up floor's (floor rows: a bare
                  two-process futex wake, as many sleepers, paced the same). paced CPU: share of a core each reader
                  used while waiting at %s frames/s (what its wait strategy costs; framebus/adaptive spins, then
                  yields, then sleeps).""",
                BenchFormat.number(s.pacedRate(), 0), BenchFormat.number(s.pacedRate(), 0));
    }

    /**
     * The core comparisons: for each payload and work at the largest reader counts, framebus against each
     * other transport, and the Python framebus reader against the Python socket readers and the Java reader.
     */
    static List<String> headline(BenchResults results) {
        List<String> lines = new ArrayList<>();
        BenchMatrix m = results.options().matrix();
        if (m.readers().isEmpty()) {
            return lines;
        }
        List<Integer> readerCounts = new ArrayList<>(m.readers());
        readerCounts.sort(null);
        int most = readerCounts.getLast();
        for (Payload p : m.payloads()) {
            for (int readers : readerCounts.size() > 1 ? List.of(readerCounts.get(readerCounts.size() - 2), most)
                    : List.of(most)) {
                for (Work w : m.works()) {
                    for (Transport reference : List.of(Transport.FRAMEBUS, Transport.PY_FRAMEBUS)) {
                        results.find(reference, p, readers, w).ifPresent(fb -> lines.addAll(
                                comparison(results, reference, fb)));
                    }
                }
            }
        }
        return lines;
    }

    /** The throughput line and the latency line of {@code fb}, a cell of {@code reference}, against its peers. */
    private static List<String> comparison(BenchResults results, Transport reference, CellResult fb) {
        BenchMatrix m = results.options().matrix();
        CellSpec c = fb.cell();
        String name = reference.python() ? "Python framebus" : "framebus";
        List<Transport> peers = m.transports().stream().filter(t -> t.moves() && t != reference
                && t.reference() == reference && t.python() == reference.python()).toList();
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%s, %d reader%s, %s: %s %s frames/s per"
                + " reader", c.payload().id(), c.readers(), c.readers() == 1 ? "" : "s", c.work(), name,
                BenchFormat.fps(fb.fpsPerReader())));
        if (reference.python()) {
            results.find(Transport.FRAMEBUS, c.payload(), c.readers(), c.work()).ifPresent(java -> b.append(
                    String.format(Locale.ROOT, " (%s of the Java reader's %s)", BenchFormat.ratio(
                            fb.fpsPerReader() / java.fpsPerReader()), BenchFormat.fps(java.fpsPerReader()))));
        }
        for (Transport t : peers) {
            results.find(t, c.payload(), c.readers(), c.work()).ifPresent(o -> {
                double x = fb.fpsPerReader() / o.fpsPerReader();
                b.append(String.format(Locale.ROOT, "; %s %s (%s %s)", t, BenchFormat.fps(o.fpsPerReader()), name,
                        x >= 1 ? BenchFormat.ratio(x) + " faster" : BenchFormat.ratio(1 / x) + " SLOWER"));
            });
        }
        Double vs = results.ratios(fb).writerVsMemcpy();
        if (vs != null && !reference.python()) {
            b.append(String.format(Locale.ROOT, "; framebus producer at %s of the memcpy limit",
                    BenchFormat.percent(vs)));
        }
        List<String> lines = new ArrayList<>(List.of(b.toString()));
        CellResult.Latency fl = fb.paced();
        if (fl != null) {
            StringBuilder l = new StringBuilder(String.format(Locale.ROOT, "    latency p50/p99 at %s frames/s: %s %s"
                    + " / %s", BenchFormat.number(results.options().settings().pacedRate(), 0), name,
                    BenchFormat.micros(fl.p50Us()), BenchFormat.micros(fl.p99Us())));
            for (Transport t : peers) {
                results.find(t, c.payload(), c.readers(), c.work()).filter(o -> o.paced() != null)
                        .ifPresent(o -> l.append(String.format(Locale.ROOT, "; %s %s / %s", t,
                                BenchFormat.micros(o.paced().p50Us()), BenchFormat.micros(o.paced().p99Us()))));
            }
            lines.add(l.toString());
        }
        return lines;
    }

    /** The reasons of the n/a cells, once each. */
    static List<String> notApplicable(BenchResults results) {
        List<String> notes = new ArrayList<>();
        for (CellResult r : results.cells()) {
            if (r.status().startsWith("n/a")) {
                String note = r.cell().transport() + " " + r.cell().payload() + ": " + r.status();
                if (!notes.contains(note)) {
                    notes.add(note);
                }
            }
        }
        return notes;
    }
}
