package io.framebus.bench;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One cell measured in several rounds ({@code bench --rounds}), made into one result: the throughput of
 * the median round, and the latency of every round's paced frames pooled into one histogram. On a noisy
 * machine a single window moves by ±20%; the median of three or five rounds, each run once before and
 * once after its neighbours, does not. Ratios between cells are medians of the rounds' ratios instead
 * ({@link BenchResults#paired}).
 */
final class RoundMerge {
    private RoundMerge() {
    }

    /**
     * @param rounds the cell's results, one per round, in the order measured (at least one)
     * @return the median round's result, with the pooled paced latency and the attempts of all rounds; a
     *         failed check in any round is the result (a wrong checksum is not noise); without an ok round,
     *         the first round's result
     */
    static CellResult merge(List<CellResult> rounds) {
        if (rounds.isEmpty()) {
            throw new IllegalArgumentException("a cell needs at least one round");
        }
        if (rounds.size() == 1) {
            return rounds.getFirst();
        }
        int attempts = rounds.stream().mapToInt(CellResult::attempts).sum();
        for (CellResult r : rounds) {
            if (r.status().startsWith("failed")) {
                return r.withAttempts(attempts);
            }
        }
        List<CellResult> ok = rounds.stream().filter(CellResult::ok).toList();
        if (ok.isEmpty()) {
            return rounds.getFirst().withAttempts(attempts);
        }
        CellResult median = median(ok);
        Histogram pooled = pooledPacedHistogram(ok);
        CellResult merged = pooled == null ? median : median.withPaced(CellResult.Latency.of(pooled), pooled);
        return merged.withAttempts(attempts);
    }

    /**
     * The round with the median frames/s per reader (the writer's for the memcpy baseline; the paced p99 for
     * the wake-up floor, which has no throughput window); of an even count, the lower of the middle two.
     */
    static CellResult median(List<CellResult> ok) {
        List<CellResult> sorted = new ArrayList<>(ok);
        sorted.sort(Comparator.comparingDouble(RoundMerge::rank));
        return sorted.get((sorted.size() - 1) / 2);
    }

    private static double rank(CellResult r) {
        if (r.fpsPerReader() != null) {
            return r.fpsPerReader();
        }
        if (r.writerFps() != null) {
            return r.writerFps();
        }
        return r.latencyP99Us() == null ? 0 : r.latencyP99Us();
    }

    /** Every round's paced histogram added together, or null when a round has none. */
    private static Histogram pooledPacedHistogram(List<CellResult> ok) {
        if (ok.stream().anyMatch(r -> r.pacedHistogram() == null || r.paced() == null)) {
            return null;
        }
        Histogram pooled = ok.getFirst().pacedHistogram().copy();
        for (int i = 1; i < ok.size(); i++) {
            pooled.add(ok.get(i).pacedHistogram());
        }
        return pooled;
    }
}
