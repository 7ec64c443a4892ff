package io.framebus.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The results of a run and their comparisons: each transport against framebus in the same cell
 * (same payload, readers and work), and each writer against the memcpy-only limit of its payload.
 */
public record BenchResults(List<CellResult> cells, BenchRun.Options options, BenchEnvironment environment,
                           double seconds) {
    public BenchResults {
        cells = List.copyOf(cells);
    }

    /** The ok result of {@code transport} for this payload, readers and work, if any. */
    public Optional<CellResult> find(Transport transport, Payload payload, int readers, Work work) {
        return cells.stream().filter(c -> c.ok() && c.cell().transport() == transport
                && c.cell().payload().equals(payload)
                && (!transport.hasReaders() || (c.cell().readers() == readers && c.cell().work() == work)))
                .findFirst();
    }

    public CellResult.Ratios ratios(CellResult r) {
        if (!r.ok()) {
            return CellResult.Ratios.NONE;
        }
        CellSpec c = r.cell();
        Double writerVsMemcpy = find(Transport.MEMCPY, c.payload(), 0, c.work())
                .map(m -> r.writerFps() / m.writerFps()).orElse(null);
        if (!c.transport().hasReaders()) {
            return new CellResult.Ratios(null, null, null, writerVsMemcpy);
        }
        Optional<CellResult> fb = find(c.transport().reference(), c.payload(), c.readers(), c.work());
        return new CellResult.Ratios(
                fb.map(f -> divide(r.fpsPerReader(), f.fpsPerReader())).orElse(null),
                fb.map(f -> divide(r.latencyP50Us(), f.latencyP50Us())).orElse(null),
                fb.map(f -> divide(r.latencyP99Us(), f.latencyP99Us())).orElse(null),
                writerVsMemcpy);
    }

    private static Double divide(Double a, Double b) {
        return a == null || b == null || b == 0 ? null : a / b;
    }

    /** The rows of bench-results.json and .csv. */
    public List<Map<String, Object>> rows() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (CellResult r : cells) {
            rows.add(r.toMap(ratios(r)));
        }
        return rows;
    }

    /** The settings and environment, for bench-run.json. */
    public Map<String, Object> describeRun() {
        Map<String, Object> m = new LinkedHashMap<>();
        BenchSettings s = options.settings();
        m.put("command", options.commandLine());
        m.put("seconds", Math.round(seconds * 10) / 10.0);
        m.put("cells", cells.size());
        m.put("warmup_s", s.warmup().toMillis() / 1e3);
        m.put("window_s", s.window().toMillis() / 1e3);
        m.put("socket_buffer_bytes", s.socketBuffer());
        m.put("framebus_slots", s.slots());
        m.put("framebus_backing", s.backing().name().toLowerCase(java.util.Locale.ROOT));
        m.put("aeron_mtu", s.aeronMtu());
        m.put("child_heap", s.childHeap());
        m.put("environment", environment.toMap());
        return m;
    }
}
