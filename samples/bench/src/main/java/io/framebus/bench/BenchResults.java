package io.framebus.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The results of a run and their comparisons: each transport against framebus in the same cell
 * (same payload, readers and work), and each writer against the memcpy-only limit of its payload.
 *
 * @param cells       each cell's result (with several rounds, the merged one: {@link RoundMerge})
 * @param options     what was run
 * @param environment the machine
 * @param seconds     how long the run took
 * @param rounds      each cell's result in every round, in the order of {@code cells}
 */
public record BenchResults(List<CellResult> cells, BenchRun.Options options, BenchEnvironment environment,
                           double seconds, List<List<CellResult>> rounds) {
    public BenchResults {
        cells = List.copyOf(cells);
        rounds = rounds.stream().map(List::copyOf).toList();
        if (rounds.size() != cells.size()) {
            throw new IllegalArgumentException(cells.size() + " cells but " + rounds.size() + " lists of rounds");
        }
    }

    /** A run of one round: each cell's result is its only round. */
    public BenchResults(List<CellResult> cells, BenchRun.Options options, BenchEnvironment environment,
                        double seconds) {
        this(cells, options, environment, seconds, cells.stream().map(List::of).toList());
    }

    /**
     * The ok result of {@code transport} for this payload, readers and work, if any; for framebus, the cell
     * with the default wait strategy.
     */
    public Optional<CellResult> find(Transport transport, Payload payload, int readers, Work work) {
        return find(transport, payload, readers, work, CellSpec.DEFAULT_WAIT);
    }

    /** The ok result of that cell with framebus readers waiting with {@code wait}. */
    public Optional<CellResult> find(Transport transport, Payload payload, int readers, Work work, String wait) {
        String w = new CellSpec(transport, payload, transport.hasReaders() ? Math.max(1, readers) : 0, work, wait)
                .waitStrategy();
        return cells.stream().filter(c -> c.ok() && c.cell().transport() == transport
                && c.cell().payload().equals(payload) && c.cell().waitStrategy().equals(w)
                && (transport == Transport.MEMCPY || c.cell().readers() == readers)
                && (!transport.hasWork() || c.cell().work() == work))
                .findFirst();
    }

    /** The wake-up floor measured with {@code sleepers} sleepers beside the cells of {@code payload}. */
    public Optional<CellResult> floor(Payload payload, int sleepers) {
        return find(Transport.FLOOR, payload, sleepers, Work.TOUCH);
    }

    /** The loaded wake-up floor: {@code sleepers} sleepers doing {@code work} after each wake of a filling waker. */
    public Optional<CellResult> loadedFloor(Payload payload, int sleepers, Work work) {
        return find(Transport.LOADED_FLOOR, payload, sleepers, work);
    }

    /**
     * The CPU limit of {@code readers} readers doing {@code work} on {@code payload}, frames per second per
     * reader: the producer's fill alone (f) and the work alone (w), both from the memcpy baseline, on the
     * machine's cores (c): min(1 / f, 1 / w, c / (f + readers x w)) (the writer and each reader are one thread
     * each). Null without a memcpy baseline.
     */
    public Double cpuLimitFps(Payload payload, int readers, Work work) {
        return find(Transport.MEMCPY, payload, 0, Work.TOUCH).map(m -> cpuLimitFps(m, readers, work)).orElse(null);
    }

    /** {@link #cpuLimitFps(Payload, int, Work)} from this memcpy baseline's fill and work alone; null without them. */
    public Double cpuLimitFps(CellResult memcpy, int readers, Work work) {
        CellResult.Alone a = memcpy.alone();
        if (a == null || a.fillMs() == null || a.workMs(work) == null || a.fillMs() <= 0) {
            return null;
        }
        double fill = a.fillMs() / 1e3;
        double each = a.workMs(work) / 1e3;
        return Math.min(Math.min(1 / fill, each > 0 ? 1 / each : Double.MAX_VALUE),
                environment.cpus() / (fill + readers * each));
    }

    public CellResult.Ratios ratios(CellResult r) {
        if (!r.ok()) {
            return CellResult.Ratios.NONE;
        }
        CellSpec c = r.cell();
        Double writerVsMemcpy = c.transport().floor() ? null : writerOfMemcpy(r);
        if (!c.transport().moves()) {
            return new CellResult.Ratios(null, null, null, writerVsMemcpy, null, null, null, null, null, null, null);
        }
        Optional<CellResult> fb = find(c.transport().reference(), c.payload(), c.readers(), c.work());
        Double limit = cpuLimitFps(c.payload(), c.readers(), c.work());
        Optional<CellResult.Latency> floor = floor(c.payload(), c.readers()).map(CellResult::latency);
        Double floor1P99 = floor(c.payload(), 1).map(f -> f.latency().p99Us()).orElse(null);
        return new CellResult.Ratios(
                fb.map(f -> paired(r, f, (a, b) -> divide(a.fpsPerReader(), b.fpsPerReader()))).orElse(null),
                fb.map(f -> divide(r.latencyP50Us(), f.latencyP50Us())).orElse(null),
                fb.map(f -> divide(r.latencyP99Us(), f.latencyP99Us())).orElse(null),
                writerVsMemcpy, limit, ofCpuLimit(r),
                floor.map(CellResult.Latency::p50Us).orElse(null), floor.map(CellResult.Latency::p99Us).orElse(null),
                floor.map(f -> divide(r.paced() == null ? null : r.paced().p50Us(), f.p50Us())).orElse(null),
                floor.map(f -> divide(r.paced() == null ? null : r.paced().p99Us(), f.p99Us())).orElse(null),
                divide(r.paced() == null ? null : r.paced().p99Us(), floor1P99));
    }

    /** {@code r}'s writer frames/s as a share of its payload's memcpy limit, paired; null without the baseline. */
    public Double writerOfMemcpy(CellResult r) {
        return find(Transport.MEMCPY, r.cell().payload(), 0, Work.TOUCH)
                .map(m -> paired(r, m, (a, b) -> divide(a.writerFps(), b.writerFps()))).orElse(null);
    }

    /**
     * How fast {@code r}'s writer filled its frames, as a share of the memcpy baseline's fill of the same
     * payload (the baseline's milliseconds per fill over {@code r}'s), paired; null without the baseline. The
     * fill is the same code writing the same bytes in both, so below 1 it ran slower: the memory, or the cores
     * shared with the readers.
     */
    public Double fillSpeedOfMemcpy(CellResult r) {
        return find(Transport.MEMCPY, r.cell().payload(), 0, Work.TOUCH).map(m -> paired(r, m,
                (a, b) -> a.times() == null || b.times() == null ? null
                        : divide(b.times().fillMs(), a.times().fillMs()))).orElse(null);
    }

    /**
     * {@code r}'s frames/s per reader as a share of the computed CPU limit of its payload, readers and work,
     * paired (each round against that round's memcpy baseline); null without the baseline.
     */
    public Double ofCpuLimit(CellResult r) {
        CellSpec c = r.cell();
        return find(Transport.MEMCPY, c.payload(), 0, Work.TOUCH).map(m -> paired(r, m,
                (a, b) -> divide(a.fpsPerReader(), cpuLimitFps(b, c.readers(), c.work())))).orElse(null);
    }

    /**
     * {@code f} of two cells of the run, round by round. With several rounds it is the median over the rounds
     * of {@code f} applied to each round's results of the two (a round without an ok result of both is left
     * out): the cells of one round ran close together in time, so a slow period of the machine, which slows
     * every cell measured in it, cancels out of a ratio, where a ratio of two medians would keep it. With one
     * round it is {@code f} of the cells.
     *
     * @param a a cell of this run (an element of {@link #cells()})
     * @param b another
     * @param f a figure of the two, such as a ratio of their values
     * @return the figure, or null where {@code f} gives none
     */
    public Double paired(CellResult a, CellResult b, BiFunction<CellResult, CellResult, Double> f) {
        List<CellResult> as = roundsOf(a);
        List<CellResult> bs = roundsOf(b);
        if (as == null || bs == null || as.size() < 2 || bs.size() < 2) {
            return f.apply(a, b);
        }
        List<Double> values = new ArrayList<>();
        for (int k = 0; k < Math.min(as.size(), bs.size()); k++) {
            Double v = as.get(k).ok() && bs.get(k).ok() ? f.apply(as.get(k), bs.get(k)) : null;
            if (v != null && !v.isNaN() && !v.isInfinite()) {
                values.add(v);
            }
        }
        if (values.isEmpty()) {
            return f.apply(a, b);
        }
        values.sort(null);
        int mid = values.size() / 2;
        return values.size() % 2 == 1 ? values.get(mid) : (values.get(mid - 1) + values.get(mid)) / 2;
    }

    /** {@code f} of a cell of this run, the median over its rounds (of the cell itself with one round). */
    public Double medianOfRounds(CellResult r, Function<CellResult, Double> f) {
        return paired(r, r, (a, b) -> f.apply(a));
    }

    /** The rounds of a cell of this run (by identity), or null for a result that is not one of its cells. */
    private List<CellResult> roundsOf(CellResult merged) {
        for (int i = 0; i < cells.size(); i++) {
            if (cells.get(i) == merged) {
                return rounds.get(i);
            }
        }
        return null;
    }

    private static Double divide(Double a, Double b) {
        return a == null || b == null || b == 0 ? null : a / b;
    }

    /** The rows of bench-results.json and .csv. */
    public List<Map<String, Object>> rows() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            Map<String, Object> row = cells.get(i).toMap(ratios(cells.get(i)));
            row.put("rounds", rounds.get(i).size());
            row.put("fps_per_reader_by_round", byRound(rounds.get(i), CellResult::fpsPerReader));
            row.put("writer_fps_by_round", byRound(rounds.get(i), CellResult::writerFps));
            row.put("latency_p99_us_by_round", byRound(rounds.get(i), CellResult::latencyP99Us));
            rows.add(row);
        }
        return rows;
    }

    /** Each round's {@code value}, rounded to 0.1, separated by spaces ("-" for a round without it). */
    private static String byRound(List<CellResult> rounds, Function<CellResult, Double> value) {
        StringBuilder b = new StringBuilder();
        for (CellResult r : rounds) {
            Double v = r.ok() ? CellResult.round(value.apply(r), 1) : null;
            b.append(b.isEmpty() ? "" : " ").append(v == null ? "-" : v.toString());
        }
        return b.toString();
    }

    /** The settings and environment, for bench-run.json. */
    public Map<String, Object> describeRun() {
        Map<String, Object> m = new LinkedHashMap<>();
        BenchSettings s = options.settings();
        m.put("command", options.commandLine());
        m.put("seconds", Math.round(seconds * 10) / 10.0);
        m.put("cells", cells.size());
        m.put("rounds", options.rounds());
        m.put("warmup_s", s.warmup().toMillis() / 1e3);
        m.put("window_s", s.window().toMillis() / 1e3);
        m.put("socket_buffer_bytes", s.socketBuffer());
        m.put("framebus_slots", s.slots());
        m.put("framebus_backing", s.backing().name().toLowerCase(java.util.Locale.ROOT));
        m.put("aeron_mtu", s.aeronMtu());
        m.put("child_heap", s.childHeap());
        m.put("paced_rate", s.pacedRate());
        m.put("paced_window_s", s.pacedWindow().toMillis() / 1e3);
        m.put("waits", options.matrix().waits());
        m.put("environment", environment.toMap());
        return m;
    }
}
