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
        String producer = lines.stream().filter(l -> l.contains("producer with touch readers")).findFirst()
                .orElseThrow(() -> new AssertionError(lines.toString()));
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
