package io.framebus.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The charts of framebus against its floors: the paced latency's percentile distribution of every
 * transport and the wake-up floor (HdrHistogram's percentile plot, both axes log-scaled), and each
 * framebus cell as a share of its limits (the wake-up floor's p50 and p99, the CPU limit, the memcpy limit).
 */
final class FloorCharts {
    private static final double MAX_PERCENTILE = 99.999;

    private FloorCharts() {
    }

    /**
     * Paced one-way latency by percentile for {@code p}: one series per transport (and wait strategy) with
     * {@code readers} readers doing {@code w}, and the wake-up floor with as many sleepers. Null if no cell
     * has a paced histogram.
     */
    static XYChart percentiles(BenchResults results, Payload p, int readers, Work w) {
        XYChart chart = BenchCharts.base(String.format(Locale.ROOT, "Latency by percentile: %s, %d reader%s, %s,"
                + " paced at %s frames/s", p.label(), readers, readers == 1 ? "" : "s", w,
                BenchFormat.number(results.options().settings().pacedRate(), 0)), "percentile",
                "one-way latency (us)");
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setXAxisLogarithmicDecadeOnly(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmicDecadeOnly(false);
        chart.getStyler().setYAxisDecimalPattern("#,##0.#");
        chart.getStyler().setxAxisTickLabelsFormattingFunction(FloorCharts::percentileLabel);
        chart.getStyler().setMarkerSize(0);
        int series = 0;
        for (CellResult r : results.cells()) {
            CellSpec c = r.cell();
            boolean floor = c.transport() == Transport.FLOOR;
            if (!r.ok() || r.pacedHistogram() == null || !c.payload().equals(p) || c.readers() != readers
                    || (!floor && (!c.transport().moves() || c.work() != w))) {
                continue;
            }
            double[][] xy = distribution(r.pacedHistogram());
            XYSeries s = chart.addSeries(floor ? "wake-up floor" : c.transportLabel(), xy[0], xy[1]);
            Color color = BenchCharts.color(c.transport());
            s.setLineColor(color);
            s.setMarker(SeriesMarkers.NONE);
            boolean defaultWait = c.waitStrategy().isEmpty() || c.waitStrategy().equals(CellSpec.DEFAULT_WAIT);
            s.setLineStyle(floor ? SeriesLines.DOT_DOT : defaultWait ? SeriesLines.SOLID : SeriesLines.DASH_DASH);
            series++;
        }
        return series == 0 ? null : chart;
    }

    /** x = 1 / (1 - percentile/100) (0% at 1, 90% at 10, 99% at 100, ...), y = latency in microseconds. */
    static double[][] distribution(Histogram h) {
        List<double[]> points = new ArrayList<>();
        for (HistogramIterationValue v : h.percentiles(5)) {
            double pct = Math.min(v.getPercentileLevelIteratedTo(), MAX_PERCENTILE);
            double x = 1 / (1 - pct / 100);
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

    /** The percentile of an x of {@link #distribution}: 1 -> "0%", 10 -> "90%", 1000 -> "99.9%". */
    static String percentileLabel(double x) {
        double pct = 100 * (1 - 1 / x);
        return BenchFormat.number(pct, pct < 99 ? 0 : Math.max(1, (int) Math.round(Math.log10(x)) - 2)) + "%";
    }

    /**
     * Each framebus cell of {@code p} (default wait) as a share of its limits: paced p50 and p99 as
     * multiples of the wake-up floor's, frames/s per reader of the CPU limit, the producer of the memcpy
     * limit. Null when the run has none of these.
     */
    static CategoryChart againstFloors(BenchResults results, Payload p) {
        BenchMatrix m = results.options().matrix();
        List<String> cells = new ArrayList<>();
        List<Double> p50 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        List<Double> memcpy = new ArrayList<>();
        for (int r : m.readers()) {
            for (Work w : m.works()) {
                Optional<CellResult> fb = results.find(Transport.FRAMEBUS, p, r, w);
                if (fb.isEmpty()) {
                    continue;
                }
                CellResult.Ratios q = results.ratios(fb.get());
                cells.add(r + " " + w);
                p50.add(zero(q.p50OfFloor()));
                p99.add(zero(q.p99OfFloor()));
                cpu.add(zero(q.ofCpuLimit()));
                memcpy.add(zero(q.writerVsMemcpy()));
            }
        }
        if (cells.isEmpty() || (p50.stream().allMatch(v -> v == 0) && cpu.stream().allMatch(v -> v == 0))) {
            return null;
        }
        CategoryChart chart = new CategoryChartBuilder().width(BenchCharts.WIDTH).height(BenchCharts.HEIGHT)
                .title("framebus against its floors: " + p.label()).xAxisTitle("readers and work")
                .yAxisTitle("share of the limit (1 = at the limit)").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setYAxisDecimalPattern("0.0#");
        chart.addSeries("paced p50 / wake-up floor p50 (lower is better)", cells, p50)
                .setFillColor(new Color(0x1b, 0x9e, 0x4b));
        chart.addSeries("paced p99 / wake-up floor p99 (lower is better)", cells, p99)
                .setFillColor(new Color(0x8f, 0xd1, 0xa4));
        chart.addSeries("frames/s of the CPU limit (higher is better)", cells, cpu)
                .setFillColor(new Color(0x1f, 0x77, 0xb4));
        chart.addSeries("producer of the memcpy limit (higher is better)", cells, memcpy)
                .setFillColor(new Color(0x9e, 0xc6, 0xe4));
        return chart;
    }

    private static double zero(Double v) {
        return v == null ? 0 : v;
    }
}
