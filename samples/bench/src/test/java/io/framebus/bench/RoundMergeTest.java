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

    /**
     * A ratio of two cells is the median of the rounds' ratios: here framebus's median round is its second and
     * memcpy's its first, so the ratio of the two medians (0.90) would mix two periods of the machine.
     */
    @Test
    void ratiosAreTheMedianOfTheRoundsRatios() {
        CellSpec memcpySpec = new CellSpec(Transport.MEMCPY, Payload.HD_1080P, 0, Work.TOUCH);
        List<CellResult> memcpy = new java.util.ArrayList<>();
        List<CellResult> framebus = new java.util.ArrayList<>();
        double[] memcpyFps = {1000, 650, 1010};
        double[] framebusFps = {600, 900, 950};
        for (int k = 0; k < 3; k++) {
            memcpy.add(new CellResult(memcpySpec, "ok", 1, 0.0, 3, null, new CellResult.Throughput(null, null,
                    memcpyFps[k]), null, null, null, null, null, null, null, null, null, null, null));
            framebus.add(round("ok", framebusFps[k], 50, 10));
        }
        BenchMatrix m = new BenchMatrix(List.of(Transport.MEMCPY, Transport.FRAMEBUS), List.of(Payload.HD_1080P),
                List.of(1), List.of(Work.TOUCH));
        BenchRun.Options options = new BenchRun.Options(m, BenchSettings.defaults(), java.nio.file.Path.of("out"),
                BenchProgress.Style.NONE, "test", 3);
        CellResult mergedMemcpy = RoundMerge.merge(memcpy);
        CellResult mergedFramebus = RoundMerge.merge(framebus);
        BenchResults results = new BenchResults(List.of(mergedMemcpy, mergedFramebus), options,
                BenchEnvironment.capture(), 1, List.of(memcpy, framebus));
        assertEquals(1000, mergedMemcpy.writerFps(), 1e-9);
        assertEquals(900, mergedFramebus.writerFps(), 1e-9);
        assertEquals(950 / 1010.0, results.ratios(mergedFramebus).writerVsMemcpy(), 1e-9,
                "the median of 0.60, 1.38 and 0.94");
        BenchResults oneRound = new BenchResults(List.of(mergedMemcpy, mergedFramebus), options,
                BenchEnvironment.capture(), 1);
        assertEquals(0.9, oneRound.ratios(mergedFramebus).writerVsMemcpy(), 1e-9, "one round: the plain ratio");
        assertEquals((600 / 1000.0 + 950 / 1010.0) / 2, new BenchResults(List.of(mergedMemcpy, mergedFramebus),
                options, BenchEnvironment.capture(), 1, List.of(List.of(memcpy.get(0), memcpy.get(2)),
                List.of(framebus.get(0), framebus.get(2)))).ratios(mergedFramebus).writerVsMemcpy(), 1e-9,
                "of two rounds, the mean of the two ratios");
    }

    @Test
    void oneRoundIsItselfAndNoRoundIsRefused() {
        CellResult only = round("ok", 4000, 50, 10);
        assertSame(only, RoundMerge.merge(List.of(only)));
        assertThrows(IllegalArgumentException.class, () -> RoundMerge.merge(List.of()));
    }
}
