package io.framebus.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The charts of framebus against its floors: the paced latency's percentile distribution of every
 * transport and the wake-up floor (HdrHistogram's percentile plot: log-scaled latency against the
 * number of nines), and each framebus cell as a share of its limits (the wake-up floor's p50 and p99,
 * the CPU limit, the memcpy limit), on a log scale.
 */
final class FloorCharts {
    private static final double MAX_PERCENTILE = 99.999;

    private FloorCharts() {
    }

    /**
     * Paced one-way latency by percentile for {@code p}: one series per transport (and wait strategy) with
     * {@code readers} readers doing {@code w}, and the wake-up floors with as many sleepers. Null if no cell
     * has a paced histogram.
     */
    static XYChart percentiles(BenchResults results, Payload p, int readers, Work w) {
        XYChart chart = BenchCharts.base(String.format(Locale.ROOT, "Latency by percentile: %s, %d reader%s, %s,"
                + " paced at %s frames/s", p.label(), readers, readers == 1 ? "" : "s", w,
                BenchFormat.number(results.options().settings().pacedRate(), 0)), "percentile",
                "one-way latency (us)");
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmicDecadeOnly(false);
        chart.getStyler().setYAxisDecimalPattern("#,##0.#");
        chart.getStyler().setxAxisTickLabelsFormattingFunction(FloorCharts::percentileLabel);
        chart.getStyler().setMarkerSize(0);
        int series = 0;
        for (CellResult r : results.cells()) {
            CellSpec c = r.cell();
            boolean floor = c.transport().floor();
            if (!r.ok() || r.pacedHistogram() == null || !c.payload().equals(p) || c.readers() != readers
                    || (c.transport().hasWork() ? c.work() != w : !floor)) {
                continue;
            }
            double[][] xy = distribution(r.pacedHistogram());
            XYSeries s = chart.addSeries(c.transport() == Transport.FLOOR ? "wake-up floor"
                    : c.transport() == Transport.LOADED_FLOOR ? "loaded floor" : c.transportLabel(), xy[0], xy[1]);
            Color color = BenchCharts.color(c.transport());
            s.setLineColor(color);
            s.setMarker(SeriesMarkers.NONE);
            boolean defaultWait = c.waitStrategy().isEmpty() || c.waitStrategy().equals(CellSpec.DEFAULT_WAIT);
            s.setLineStyle(floor ? (c.transport() == Transport.FLOOR ? SeriesLines.DOT_DOT : SeriesLines.DASH_DOT)
                    : defaultWait ? SeriesLines.SOLID : SeriesLines.DASH_DASH);
            series++;
        }
        return series == 0 ? null : chart;
    }

    /**
     * x = log10(1 / (1 - percentile/100)) (0% at 0, 90% at 1, 99% at 2, 99.9% at 3, ...: HdrHistogram's
     * percentile plot, log-scaled), y = latency in microseconds.
     */
    static double[][] distribution(Histogram h) {
        List<double[]> points = new ArrayList<>();
        for (HistogramIterationValue v : h.percentiles(5)) {
            double pct = Math.min(v.getPercentileLevelIteratedTo(), MAX_PERCENTILE);
            double x = Math.log10(1 / (1 - pct / 100));
            if (!points.isEmpty() && x <= points.getLast()[0]) {
                continue;
            }
            points.add(new double[] {x, Math.max(0.1, h.highestEquivalentValue(v.getValueIteratedTo()) / 1e3)});
            if (pct >= MAX_PERCENTILE) {
                break;
            }
        }
        double[][] xy = new double[2][points.size()];
        for (int i = 0; i < points.size(); i++) {
            xy[0][i] = points.get(i)[0];
            xy[1][i] = points.get(i)[1];
        }
        return xy;
    }

    /** The percentile at a whole x of {@link #distribution}: 0 -> "0%", 1 -> "90%", 3 -> "99.9%"; else " ". */
    static String percentileLabel(double x) {
        long nines = Math.round(x);
        if (Math.abs(x - nines) > 1e-6 || nines < 0) {
            return " "; // no label (XChart cannot lay out an empty one)
        }
        return nines == 0 ? "0%" : BenchFormat.number(100 * (1 - Math.pow(10, -nines)), (int) Math.max(0,
                nines - 2)) + "%";
    }

    /**
     * Each framebus cell of {@code p} (default wait) as a share of its limits: paced p50 and p99 as
     * multiples of the wake-up floor's, frames/s per reader of the CPU limit, the producer of the memcpy
     * limit. Null when the run has none of these.
     */
    static XYChart againstFloors(BenchResults results, Payload p) {
        BenchMatrix m = results.options().matrix();
        List<String> cells = new ArrayList<>();
        List<List<double[]>> series = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>());
        for (int r : m.readers()) {
            for (Work w : m.works()) {
                Optional<CellResult> fb = results.find(Transport.FRAMEBUS, p, r, w);
                if (fb.isEmpty()) {
                    continue;
                }
                CellResult.Ratios q = results.ratios(fb.get());
                cells.add(r + " " + w);
                Double[] values = {q.p50OfFloor(), q.p99OfFloor(), q.ofCpuLimit(), q.writerVsMemcpy()};
                for (int i = 0; i < values.length; i++) {
                    if (values[i] != null && values[i] > 0) {
                        series.get(i).add(new double[] {cells.size(), values[i]});
                    }
                }
            }
        }
        if (series.stream().allMatch(List::isEmpty)) {
            return null;
        }
        XYChart chart = BenchCharts.base("framebus against its floors: " + p.label() + " (1 = at the limit)",
                "readers and work", "multiple of the limit (log scale)");
        XYStyler s = chart.getStyler();
        s.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setYAxisLogarithmic(true);
        s.setYAxisLogarithmicDecadeOnly(true);
        s.setYAxisDecimalPattern("#,##0.###");
        s.setxAxisTickLabelsFormattingFunction(x -> {
            long i = Math.round(x);
            return Math.abs(x - i) < 1e-6 && i >= 1 && i <= cells.size() ? cells.get((int) i - 1) : " ";
        });
        s.setMarkerSize(12);
        String[] names = {"paced p50 / wake-up floor p50 (lower is better)",
            "paced p99 / wake-up floor p99 (lower is better)", "frames/s of the CPU limit (higher is better)",
            "producer of the memcpy limit (higher is better)"};
        Color[] colors = {new Color(0x1b, 0x9e, 0x4b), new Color(0x8f, 0xd1, 0xa4), new Color(0x1f, 0x77, 0xb4),
            new Color(0x9e, 0xc6, 0xe4)};
        org.knowm.xchart.style.markers.Marker[] markers = {SeriesMarkers.CIRCLE, SeriesMarkers.DIAMOND,
            SeriesMarkers.SQUARE, SeriesMarkers.TRIANGLE_UP};
        for (int i = 0; i < names.length; i++) {
            List<double[]> pts = series.get(i);
            if (pts.isEmpty()) {
                continue;
            }
            XYSeries x = chart.addSeries(names[i], pts.stream().mapToDouble(v -> v[0]).toArray(),
                    pts.stream().mapToDouble(v -> v[1]).toArray());
            x.setMarker(markers[i]);
            x.setMarkerColor(colors[i]);
        }
        XYSeries limit = chart.addSeries("the limit", new double[] {1, Math.max(2, cells.size())},
                new double[] {1, 1});
        limit.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        limit.setLineColor(BenchCharts.color(Transport.FLOOR));
        limit.setLineStyle(SeriesLines.DOT_DOT);
        limit.setMarker(SeriesMarkers.NONE);
        return chart;
    }

}
