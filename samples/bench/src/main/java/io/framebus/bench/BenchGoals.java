package io.framebus.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * framebus against what the machine allows, goal by goal (the goals of the "close to the floor" issue),
 * from the cells of one run: each line gives the measured ratio, the goal and whether this run met it.
 * Only goals whose cells the run measured are listed.
 */
final class BenchGoals {
    static final double P50_OF_FLOOR = 1.5;
    static final double P99_OF_FLOOR = 1.5;
    static final double P99_OF_FLOOR_1_MANY = 3.0;
    static final double PRODUCER_OF_MEMCPY = 0.9;
    static final double FULL_OF_CPU_LIMIT = 0.95;

    private BenchGoals() {
    }

    /** One line per goal and payload. */
    static List<String> lines(BenchResults results) {
        List<String> out = new ArrayList<>();
        BenchMatrix m = results.options().matrix();
        double rate = results.options().settings().pacedRate();
        List<Integer> readers = m.readers().stream().sorted().toList();
        if (readers.isEmpty()) {
            return out;
        }
        int most = readers.getLast();
        for (Payload p : m.payloads()) {
            for (String wait : m.waits()) {
                results.find(Transport.FRAMEBUS, p, 1, Work.TOUCH, wait).ifPresent(fb -> latencyGoal(out, results,
                        fb, rate));
            }
            if (most > 1) {
                for (Work w : m.works()) {
                    results.find(Transport.FRAMEBUS, p, most, w).ifPresent(fb -> manyReadersGoal(out, results, fb));
                }
            }
            for (String wait : m.waits()) {
                producerGoal(out, results, p, readers, wait);
            }
            fullGoal(out, results, p, readers);
            lostCells(out, results, p, readers);
        }
        return out;
    }

    private static String verdict(Double ratio, double goal, boolean atMost) {
        if (ratio == null) {
            return "n/a";
        }
        boolean met = atMost ? ratio <= goal : ratio >= goal;
        return String.format(Locale.ROOT, "%.2fx (goal %s %.2fx: %s)", ratio, atMost ? "<=" : ">=", goal,
                met ? "met" : "NOT met");
    }

    private static void latencyGoal(List<String> out, BenchResults results, CellResult fb, double rate) {
        CellResult.Ratios q = results.ratios(fb);
        if (fb.paced() == null || q.floorP50Us() == null) {
            return;
        }
        out.add(String.format(Locale.ROOT, "%s, paced %s fps, 1 reader, touch, %s wait: p50 %s = %s of the wake-up"
                + " floor's %s; p99 %s = %s of its %s; the reader used %s of a core while waiting",
                fb.cell().payload(), BenchFormat.number(rate, 0), fb.cell().waitStrategy(),
                BenchFormat.micros(fb.paced().p50Us()), verdict(q.p50OfFloor(), P50_OF_FLOOR, true),
                BenchFormat.micros(q.floorP50Us()), BenchFormat.micros(fb.paced().p99Us()),
                verdict(q.p99OfFloor(), P99_OF_FLOOR, true), BenchFormat.micros(q.floorP99Us()),
                BenchFormat.percent(fb.pacedReaderCores())) + againstLoadedFloor(results, fb,
                results.floor(fb.cell().payload(), 1)));
    }

    /**
     * "; the loaded floor (...): p50 X, p99 Y, itself Cx / Dx of the 1-sleeper floor; framebus Ax / Bx of it",
     * or "" when the run has no loaded floor for the cell: what is left of framebus's latency once the fill and
     * the work are on the CPUs as well, and how far the loaded floor itself is from the goal's floor (above
     * the goal, it shows that no transport whose writer fills and whose readers work can meet it here).
     */
    private static String againstLoadedFloor(BenchResults results, CellResult fb, Optional<CellResult> goalFloor) {
        CellSpec c = fb.cell();
        Optional<CellResult> loaded = results.loadedFloor(c.payload(), c.readers(), c.work());
        if (fb.paced() == null || loaded.isEmpty() || loaded.get().latency() == null) {
            return "";
        }
        CellResult.Latency l = loaded.get().latency();
        CellResult.Latency f = goalFloor.map(CellResult::latency).orElse(null);
        String itself = f == null ? "" : ", itself " + BenchFormat.ratio(l.p50Us() / f.p50Us()) + " / "
                + BenchFormat.ratio(l.p99Us() / f.p99Us()) + " of the 1-sleeper floor";
        return String.format(Locale.ROOT, "; the loaded floor (the fill before each wake, %d sleeper%s doing the"
                + " %s work after it): p50 %s, p99 %s%s; framebus %s / %s of it", c.readers(),
                c.readers() == 1 ? "" : "s", c.work(), BenchFormat.micros(l.p50Us()), BenchFormat.micros(l.p99Us()),
                itself, BenchFormat.ratio(fb.paced().p50Us() / l.p50Us()),
                BenchFormat.ratio(fb.paced().p99Us() / l.p99Us()));
    }

    private static void manyReadersGoal(List<String> out, BenchResults results, CellResult fb) {
        CellResult.Ratios q = results.ratios(fb);
        Optional<CellResult> floor1 = results.floor(fb.cell().payload(), 1);
        if (fb.paced() == null || floor1.isEmpty()) {
            return;
        }
        out.add(String.format(Locale.ROOT, "%s, paced, %d readers on %d cores, %s: p99 %s = %s of the 1-sleeper"
                + " floor's p99 %s (the %d-sleeper floor: %s)", fb.cell().payload(), fb.cell().readers(),
                results.environment().cpus(), fb.cell().work(), BenchFormat.micros(fb.paced().p99Us()),
                verdict(q.p99OfFloor1(), P99_OF_FLOOR_1_MANY, true),
                BenchFormat.micros(floor1.get().latency().p99Us()), fb.cell().readers(),
                BenchFormat.micros(q.floorP99Us())) + againstLoadedFloor(results, fb, floor1));
    }

    /**
     * The producer's share of the memcpy limit with {@code wait} readers; with the default (futex) wait, also
     * against the loaded floor's producer, whose sleepers sleep on the futex too.
     */
    private static void producerGoal(List<String> out, BenchResults results, Payload p, List<Integer> readers,
                                     String wait) {
        StringBuilder b = new StringBuilder();
        Double worst = null;
        for (int r : readers) {
            Optional<CellResult> fb = results.find(Transport.FRAMEBUS, p, r, Work.TOUCH, wait);
            Double v = fb.map(c -> results.ratios(c).writerVsMemcpy()).orElse(null);
            if (v != null) {
                b.append(b.isEmpty() ? "" : ", ").append(r).append(": ").append(BenchFormat.ratio(v));
                worst = worst == null ? v : Math.min(worst, v);
            }
        }
        if (worst != null) {
            String name = new CellSpec(Transport.FRAMEBUS, p, 1, Work.TOUCH, wait).waitStrategy();
            boolean futex = name.equals(CellSpec.DEFAULT_WAIT);
            out.add(String.format(Locale.ROOT, "%s, producer with touch readers, %s wait, of the memcpy limit by"
                    + " readers: %s; lowest %s%s%s", p, name, b, verdict(worst, PRODUCER_OF_MEMCPY, false),
                    futex ? ofLoadedFloor(results, p, readers, Work.TOUCH, "the loaded floor's producer (its fill"
                            + " with as many sleepers touching what it filled, no protocol)", CellResult::writerFps,
                            "of the memcpy limit", results::writerOfMemcpy) : "",
                    producerTime(results, p, readers, wait)));
        }
    }

    /**
     * "; where framebus's producer time went by readers: 1: fill 0.241 ms at 0.98x the memcpy baseline's speed,
     * 93% of its time, its thread on a core 97% of the window, ...", or "": the producer's share of the memcpy
     * limit is about the fill's speed against the baseline's (the same code on the same bytes: with the thread on
     * a core all along, the memory's speed) times the fill's share of its time (1 minus it is the transport's
     * wait and hand-over).
     */
    private static String producerTime(BenchResults results, Payload p, List<Integer> readers, String wait) {
        Optional<CellResult> memcpy = results.find(Transport.MEMCPY, p, 0, Work.TOUCH)
                .filter(m -> m.ok() && m.times() != null && m.times().fillMs() != null);
        StringBuilder b = new StringBuilder();
        for (int r : readers) {
            Optional<CellResult> fb = results.find(Transport.FRAMEBUS, p, r, Work.TOUCH, wait);
            Double speed = fb.map(results::fillSpeedOfMemcpy).orElse(null);
            Double share = fb.map(c -> results.medianOfRounds(c, CellResult::writerFillShare)).orElse(null);
            if (speed == null || share == null) {
                continue;
            }
            b.append(b.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%d: fill %.3f ms at %s the memcpy"
                    + " baseline's speed, %s of its time, its thread on a core %s of the window", r,
                    fb.get().times().fillMs(), BenchFormat.ratio(speed), BenchFormat.percent(share),
                    BenchFormat.percent(results.medianOfRounds(fb.get(), CellResult::writerOnCore))));
        }
        if (b.isEmpty()) {
            return "";
        }
        return "; where framebus's producer time went by readers: " + b + memcpy.map(m -> String.format(Locale.ROOT,
                " (the memcpy baseline: fill %.3f ms, its thread on a core %s)", m.times().fillMs(),
                BenchFormat.percent(results.medianOfRounds(m, CellResult::writerOnCore)))).orElse("");
    }

    /**
     * "; of X by readers: 1: 0.97x of 1,234 (itself 0.85x of Y), ...", framebus's {@code value} as a share of
     * the loaded floor's (the limit measured with the fill and the work on the cores together), and the loaded
     * floor's own share of the goal's limit ({@code itself} of the loaded floor's cell); or "" without loaded
     * floors. Shares are {@link BenchResults#paired paired} round by round.
     */
    private static String ofLoadedFloor(BenchResults results, Payload p, List<Integer> readers, Work w, String what,
                                        Function<CellResult, Double> value, String itselfOf,
                                        Function<CellResult, Double> itself) {
        StringBuilder b = new StringBuilder();
        for (int r : readers) {
            Optional<CellResult> fb = results.find(Transport.FRAMEBUS, p, r, w);
            Optional<CellResult> loaded = results.loadedFloor(p, r, w);
            Double limit = loaded.map(value).orElse(null);
            if (fb.isPresent() && value.apply(fb.get()) != null && limit != null && limit > 0) {
                Double share = results.paired(fb.get(), loaded.get(), (x, y) -> value.apply(x) / value.apply(y));
                b.append(b.isEmpty() ? "" : ", ").append(r).append(": ").append(BenchFormat.ratio(share))
                        .append(" of ").append(BenchFormat.fps(limit));
                Double own = itself.apply(loaded.get());
                if (own != null) {
                    b.append(" (itself ").append(BenchFormat.ratio(own)).append(' ').append(itselfOf).append(')');
                }
            }
        }
        return b.isEmpty() ? "" : "; of " + what + " by readers: " + b;
    }

    private static void fullGoal(List<String> out, BenchResults results, Payload p, List<Integer> readers) {
        StringBuilder b = new StringBuilder();
        Double worst = null;
        for (int r : readers) {
            Optional<CellResult> fb = results.find(Transport.FRAMEBUS, p, r, Work.FULL);
            CellResult.Ratios q = fb.map(results::ratios).orElse(CellResult.Ratios.NONE);
            if (q.ofCpuLimit() != null) {
                b.append(b.isEmpty() ? "" : ", ").append(r).append(": ").append(BenchFormat.ratio(q.ofCpuLimit()))
                        .append(" of ").append(BenchFormat.fps(q.cpuLimitFps()));
                worst = worst == null ? q.ofCpuLimit() : Math.min(worst, q.ofCpuLimit());
            }
        }
        if (worst != null) {
            out.add(String.format(Locale.ROOT, "%s, full readers, frames/s of the CPU limit by readers: %s;"
                    + " lowest %s%s", p, b, verdict(worst, FULL_OF_CPU_LIMIT, false), ofLoadedFloor(results, p,
                    readers, Work.FULL, "the CPU limit measured by the loaded floor (the fill and every reader's"
                    + " full work on the cores at once)", CellResult::fpsPerReader, "of the computed limit",
                    results::ofCpuLimit)));
        }
    }

    /**
     * The cells of {@code p} where a peer delivered more frames per reader than framebus: each socket or Aeron
     * transport against framebus read by the same language ({@link Transport#reference()}). framebus's own
     * Python readers are framebus, not a peer.
     */
    private static void lostCells(List<String> out, BenchResults results, Payload p, List<Integer> readers) {
        List<String> lost = new ArrayList<>();
        int compared = 0;
        for (int r : readers) {
            for (Work w : results.options().matrix().works()) {
                Optional<CellResult> fb = results.find(Transport.FRAMEBUS, p, r, w);
                for (Transport t : results.options().matrix().transports()) {
                    if (t.wire() == Transport.FRAMEBUS || !t.moves() || fb.isEmpty()) {
                        continue;
                    }
                    Optional<CellResult> o = results.find(t, p, r, w);
                    Double ratio = o.map(c -> results.ratios(c).fpsVsFramebus()).orElse(null);
                    if (ratio != null) {
                        compared++;
                        if (ratio > 1) {
                            lost.add(String.format(Locale.ROOT, "%d %s to %s (%s)", r, w, t, BenchFormat.ratio(ratio)));
                        }
                    }
                }
            }
        }
        if (compared > 0) {
            out.add(String.format(Locale.ROOT, "%s, frames/s per reader against every peer: ahead in %d of %d"
                    + " comparisons%s", p, compared - lost.size(), compared, lost.isEmpty() ? ""
                    : "; lost: " + String.join(", ", lost)));
        }
    }
}
