package io.framebus.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link BenchGoals}: where a goal is missed, the same line shows how far the loaded floor (no protocol) is
 * from the goal's limit itself, which is what proves a limit of the machine rather than of framebus.
 */
class BenchGoalsTest {
    private static CellResult cell(Transport t, int readers, Work w, double fps, CellResult.Alone alone) {
        Double perReader = t == Transport.MEMCPY ? null : fps;
        return new CellResult(new CellSpec(t, Payload.HD_1080P, readers, w), "ok", 1, 0.0, 1, null,
                new CellResult.Throughput(perReader, perReader, fps), null, null, null, null, null, null, 0L, 0L,
                alone, null, null);
    }

    /** A producer that filled for {@code fillMs} and waited and handed over for {@code restMs} per frame. */
    private static CellResult producer(Transport t, int readers, double fillMs, double restMs, double onCore) {
        double fps = 1e3 / (fillMs + restMs);
        Double perReader = t == Transport.MEMCPY ? null : fps;
        return new CellResult(new CellSpec(t, Payload.HD_1080P, readers, Work.TOUCH), "ok", 1, 0.0, 2, null,
                new CellResult.Throughput(perReader, perReader, fps), null, null, null,
                new CellResult.Cpu(2, null, null, null, null, null), null,
                new CellResult.Times(fillMs, restMs / 2, restMs / 2, null, onCore), 0L, 0L,
                t == Transport.MEMCPY ? new CellResult.Alone(fillMs, 0.01, 0.5) : null, null, null);
    }

    private static BenchResults results(BenchMatrix m, List<CellResult> cells) {
        return new BenchResults(cells, new BenchRun.Options(m, BenchSettings.defaults(), Path.of("bench-out"),
                BenchProgress.Style.NONE, "test"), BenchEnvironment.capture(), 1);
    }

    /** Python's sockets are compared with framebus's Python readers; those are framebus, not a peer. */
    @Test
    void peersAreComparedWithFramebusReadInTheSameLanguage() {
        BenchMatrix m = new BenchMatrix(List.of(Transport.FRAMEBUS, Transport.PY_FRAMEBUS, Transport.PY_TCP,
                Transport.TCP), List.of(Payload.HD_1080P), List.of(1), List.of(Work.TOUCH));
        List<CellResult> cells = List.of(
                cell(Transport.FRAMEBUS, 1, Work.TOUCH, 1000, null),
                cell(Transport.PY_FRAMEBUS, 1, Work.TOUCH, 1100, null),
                cell(Transport.PY_TCP, 1, Work.TOUCH, 1050, null),
                cell(Transport.TCP, 1, Work.TOUCH, 300, null));
        BenchResults results = results(m, cells);
        String line = BenchGoals.lines(results).stream().filter(l -> l.contains("against every peer")).findFirst()
                .orElseThrow();
        assertTrue(line.endsWith("ahead in 2 of 2 comparisons"), "py-tcp (1,050) is behind py-framebus (1,100),"
                + " and py-framebus is no peer: " + line);
    }

    /**
     * The producer's share of the memcpy limit is split into the fill's speed against the baseline's fill and the
     * fill's share of the producer's time: here 0.20 ms against 0.25 ms is 0.80x the speed, and 0.25 of 0.27 ms
     * is 93% of the time, so the 0.74x is the fill's, not the transport's.
     */
    @Test
    void theProducerGoalSaysWhetherItsGapIsInTheFillOrInTheTransport() {
        BenchMatrix m = new BenchMatrix(List.of(Transport.MEMCPY, Transport.FRAMEBUS), List.of(Payload.HD_1080P),
                List.of(1, 4), List.of(Work.TOUCH));
        List<CellResult> cells = List.of(
                producer(Transport.MEMCPY, 0, 0.20, 0.0, 0.99),
                producer(Transport.FRAMEBUS, 1, 0.20, 0.01, 0.98),
                producer(Transport.FRAMEBUS, 4, 0.25, 0.02, 0.80));
        String producer = BenchGoals.lines(results(m, cells)).stream()
                .filter(l -> l.contains("producer with touch readers, futex wait")).findFirst().orElseThrow();
        assertTrue(producer.contains("by readers: 1: 0.95x, 4: 0.74x; lowest 0.74x (goal >= 0.90x: NOT met)"),
                producer);
        assertTrue(producer.endsWith("; where framebus's producer time went by readers: 1: fill 0.200 ms at 1.00x"
                + " the memcpy baseline's speed, 95% of its time, its thread on a core 98% of the window, 4: fill"
                + " 0.250 ms at 0.80x the memcpy baseline's speed, 93% of its time, its thread on a core 80% of the"
                + " window (the memcpy baseline: fill 0.200 ms, its thread on a core 99%)"), producer);
    }

    /** Each wait strategy measured gets its own producer line; only the futex one is set against the loaded floor. */
    @Test
    void eachWaitStrategyHasAProducerLineOfItsOwn() {
        BenchMatrix m = new BenchMatrix(List.of(Transport.MEMCPY, Transport.LOADED_FLOOR, Transport.FRAMEBUS),
                List.of(Payload.HD_1080P), List.of(1), List.of(Work.TOUCH), List.of("futex", "spin"), 0);
        CellResult spin = producer(Transport.FRAMEBUS, 1, 0.20, 0.002, 0.99);
        List<CellResult> cells = List.of(
                producer(Transport.MEMCPY, 0, 0.20, 0.0, 0.99),
                producer(Transport.LOADED_FLOOR, 1, 0.20, 0.03, 0.99),
                producer(Transport.FRAMEBUS, 1, 0.20, 0.03, 0.98),
                new CellResult(new CellSpec(Transport.FRAMEBUS, Payload.HD_1080P, 1, Work.TOUCH, "spin"), "ok", 1,
                        0.0, 2, null, spin.throughput(), null, null, null, spin.cpu(), null, spin.times(), 0L, 0L,
                        null, null, null));
        List<String> lines = BenchGoals.lines(results(m, cells));
        String futex = lines.stream().filter(l -> l.contains("producer with touch readers, futex wait")).findFirst()
                .orElseThrow(() -> new AssertionError(lines.toString()));
        String spinning = lines.stream().filter(l -> l.contains("producer with touch readers, spin wait")).findFirst()
                .orElseThrow(() -> new AssertionError(lines.toString()));
        assertTrue(futex.contains("by readers: 1: 0.87x; lowest 0.87x (goal >= 0.90x: NOT met); of the loaded"
                + " floor's producer"), futex);
        assertTrue(spinning.contains("by readers: 1: 0.99x; lowest 0.99x (goal >= 0.90x: met); where framebus's"
                + " producer time went by readers: 1: fill 0.200 ms at 1.00x the memcpy baseline's speed, 99% of its"
                + " time"), spinning);
    }

    @Test
    void theProducerAndFullGoalsShowTheLoadedFloorsOwnShareOfTheirLimit() {
        BenchMatrix m = new BenchMatrix(List.of(Transport.MEMCPY, Transport.LOADED_FLOOR, Transport.FRAMEBUS),
                List.of(Payload.HD_1080P), List.of(1), List.of(Work.TOUCH, Work.FULL));
        List<CellResult> cells = List.of(
                cell(Transport.MEMCPY, 0, Work.TOUCH, 1000, new CellResult.Alone(0.5, 0.05, 1.0)),
                cell(Transport.LOADED_FLOOR, 1, Work.TOUCH, 800, null),
                cell(Transport.FRAMEBUS, 1, Work.TOUCH, 760, null),
                cell(Transport.LOADED_FLOOR, 1, Work.FULL, 500, null),
                cell(Transport.FRAMEBUS, 1, Work.FULL, 480, null));
        BenchResults results = results(m, cells);
        List<String> lines = BenchGoals.lines(results);
        String producer = lines.stream().filter(l -> l.contains("producer with touch readers, futex wait"))
                .findFirst().orElseThrow(() -> new AssertionError(lines.toString()));
        assertTrue(producer.contains("by readers: 1: 0.76x; lowest 0.76x (goal >= 0.90x: NOT met)"), producer);
        assertTrue(producer.contains("1: 0.95x of ") && producer.endsWith("(itself 0.80x of the memcpy limit)"),
                producer);
        String full = lines.stream().filter(l -> l.contains("full readers")).findFirst()
                .orElseThrow(() -> new AssertionError(lines.toString()));
        double computed = results.cpuLimitFps(Payload.HD_1080P, 1, Work.FULL);
        assertTrue(full.contains("1: 0.96x of ") && full.endsWith("(itself " + BenchFormat.ratio(500 / computed)
                + " of the computed limit)"), full);
    }
}
