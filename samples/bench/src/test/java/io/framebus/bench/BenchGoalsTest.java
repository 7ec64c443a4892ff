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
        BenchResults results = new BenchResults(cells, new BenchRun.Options(m, BenchSettings.defaults(),
                Path.of("bench-out"), BenchProgress.Style.NONE, "test"), BenchEnvironment.capture(), 1);
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
