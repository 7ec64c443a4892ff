package io.framebus.bench;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link RoundMerge}: a cell measured in several rounds reports its median round and the pooled paced latency. */
class RoundMergeTest {
    private static final CellSpec CELL = new CellSpec(Transport.FRAMEBUS, Payload.HD_1080P, 1, Work.TOUCH);

    /** A round of {@code fps} frames/s whose paced frames took {@code micros} µs each, {@code n} of them. */
    private static CellResult round(String status, double fps, long micros, int n) {
        Histogram h = new Histogram(1, 3_600_000_000_000L, 3);
        for (int i = 0; i < n; i++) {
            h.recordValue(micros * 1000);
        }
        return new CellResult(CELL, status, 1, 0.0, 3, null, new CellResult.Throughput(fps, fps, fps),
                CellResult.Latency.of(h), 30.0, null, null, null, null, 0L, 0L, null, null, h);
    }

    @Test
    void theMedianRoundsThroughputAndEveryRoundsPacedFrames() {
        CellResult slow = round("ok", 3000, 40, 100);
        CellResult median = round("ok", 3500, 50, 100);
        CellResult fast = round("ok", 4000, 200, 100);
        CellResult merged = RoundMerge.merge(List.of(fast, slow, median));
        assertEquals(3500, merged.fpsPerReader(), 1e-9, "the median of three by frames/s");
        assertEquals(300, merged.paced().samples(), "the paced frames of all three rounds");
        assertEquals(50, merged.paced().p50Us(), 0.1);
        assertEquals(200, merged.paced().p99Us(), 0.2, "the slow frames of the fast round count too");
        assertEquals(3, merged.attempts());
        assertEquals(300, merged.pacedHistogram().getTotalCount(), "the charts get the pooled histogram");
    }

    @Test
    void ofAnEvenCountTheLowerMiddleRound() {
        CellResult merged = RoundMerge.merge(List.of(round("ok", 4000, 50, 10), round("ok", 3000, 50, 10)));
        assertEquals(3000, merged.fpsPerReader(), 1e-9);
    }

    @Test
    void aFailedCheckInAnyRoundIsTheResult() {
        CellResult failed = round("failed: 3 checksum errors", 3000, 50, 10);
        CellResult merged = RoundMerge.merge(List.of(round("ok", 4000, 50, 10), failed));
        assertEquals(failed.status(), merged.status());
        assertEquals(2, merged.attempts());
    }

    @Test
    void roundsThatCouldNotRunAreLeftOutAndWithoutAnyOkRoundTheFirstCounts() {
        CellResult error = round("error: the writer did not start", 0, 50, 10);
        assertEquals(4000, RoundMerge.merge(List.of(error, round("ok", 4000, 50, 10))).fpsPerReader(), 1e-9);
        CellResult other = round("error: something else", 0, 50, 10);
        assertEquals(error.status(), RoundMerge.merge(List.of(error, other)).status());
    }

    @Test
    void oneRoundIsItselfAndNoRoundIsRefused() {
        CellResult only = round("ok", 4000, 50, 10);
        assertSame(only, RoundMerge.merge(List.of(only)));
        assertThrows(IllegalArgumentException.class, () -> RoundMerge.merge(List.of()));
    }
}
