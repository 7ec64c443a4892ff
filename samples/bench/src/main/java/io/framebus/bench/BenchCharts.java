package io.framebus.bench;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The run's PNG charts (XChart, headless). */
final class BenchCharts {
    static final int WIDTH = 960;
    static final int HEIGHT = 600;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private BenchCharts() {
    }

    static Color color(Transport t) {
        return switch (t) {
            case FRAMEBUS -> new Color(0x1b, 0x9e, 0x4b);
            case TCP -> new Color(0xd6, 0x27, 0x28);
            case UDS -> new Color(0xff, 0x7f, 0x0e);
            case AERON -> new Color(0x1f, 0x77, 0xb4);
            case MEMCPY -> new Color(0x55, 0x55, 0x55);
            case FLOOR -> new Color(0x7b, 0x3f, 0x9e);
            case LOADED_FLOOR -> new Color(0xc3, 0x9b, 0xd3);
            case PY_FRAMEBUS -> new Color(0x8c, 0xd1, 0x7d);
            case PY_TCP -> new Color(0xf0, 0x8a, 0x8b);
            case PY_UDS -> new Color(0xff, 0xbb, 0x78);
        };
    }

    /** Writes the charts into {@code dir} and returns their file names (with a caption each). */
    static List<String[]> write(BenchResults results, Path dir) throws IOException {
        List<String[]> files = new ArrayList<>();
        BenchMatrix m = results.options().matrix();
        boolean anyReaders = m.transports().stream().anyMatch(Transport::hasReaders);
        if (anyReaders) {
            for (Payload p : m.payloads()) {
                String name = "throughput-" + p.id() + ".png";
                XYChart chart = throughput(results, p);
                if (chart != null) {
                    BitmapEncoder.saveBitmap(chart, dir.resolve(name).toString(), BitmapEncoder.BitmapFormat.PNG);
                    files.add(new String[] {name, "Frames per second delivered to each reader, " + p.label()
                            + ", by number of readers (log scale). Solid: touch; dashed: full."});
                }
            }
            int fewest = m.readers().stream().mapToInt(Integer::intValue).min().orElse(1);
            for (Payload p : m.payloads()) {
                String name = "percentiles-" + p.id() + ".png";
                XYChart chart = FloorCharts.percentiles(results, p, fewest, m.works().getFirst());
                if (chart != null) {
                    BitmapEncoder.saveBitmap(chart, dir.resolve(name).toString(), BitmapEncoder.BitmapFormat.PNG);
                    files.add(new String[] {name, "Paced one-way latency by percentile, " + p.label() + ", " + fewest
                            + " reader" + (fewest == 1 ? "" : "s") + ", " + m.works().getFirst() + ": every transport"
                            + " and the wake-up floor (dotted) on log scales (HdrHistogram percentile distribution);"
                            + " dashed: framebus with another wait strategy."});
                }
                name = "floors-" + p.id() + ".png";
                XYChart against = FloorCharts.againstFloors(results, p);
                if (against != null) {
                    BitmapEncoder.saveBitmap(against, dir.resolve(name).toString(), BitmapEncoder.BitmapFormat.PNG);
                    files.add(new String[] {name, "Each framebus cell of " + p.label() + " against its floors: paced"
                            + " p50 and p99 as multiples of the wake-up floor's (1 = at the floor), frames/s per reader"
                            + " of the CPU limit and the producer of the memcpy limit (1 = at the limit)."});
                }
            }
            int readers = m.readers().stream().mapToInt(Integer::intValue).max().orElse(1);
            for (Work w : m.works()) {
                String name = "latency-" + w.id() + ".png";
                XYChart chart = latency(results, readers, w);
                if (chart != null) {
                    BitmapEncoder.saveBitmap(chart, dir.resolve(name).toString(), BitmapEncoder.BitmapFormat.PNG);
                    files.add(new String[] {name, "One-way latency by payload size, " + readers + " reader"
                            + (readers == 1 ? "" : "s") + ", " + w + " work, writer paced at "
                            + BenchFormat.number(results.options().settings().pacedRate(), 0) + " frames/s (log"
                            + " scales). Solid: median; dashed: 99th percentile."});
                }
            }
        }
        return files;
    }

    static XYChart base(String title, String x, String y) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y)
                .build();
        XYStyler s = chart.getStyler();
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotGridLinesColor(new Color(0xdd, 0xdd, 0xdd));
        s.setMarkerSize(7);
        return chart;
    }

    private static XYChart throughput(BenchResults results, Payload p) {
        BenchMatrix m = results.options().matrix();
        XYChart chart = base("Frames/s per reader: " + p.label(), "readers (separate processes)",
                "frames per second per reader");
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmicDecadeOnly(false);
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setYAxisDecimalPattern("#,##0");
        List<Integer> readers = m.readers();
        int series = 0;
        for (Transport t : m.transports()) {
            if (!t.hasReaders()) {
                continue;
            }
            for (Work w : m.works()) {
                List<Double> xs = new ArrayList<>();
                List<Double> ys = new ArrayList<>();
                for (int r : readers) {
                    Optional<CellResult> c = results.find(t, p, r, w);
                    if (c.isPresent() && c.get().fpsPerReader() != null && c.get().fpsPerReader() > 0) {
                        xs.add((double) r);
                        ys.add(c.get().fpsPerReader());
                    }
                }
                if (xs.isEmpty()) {
                    continue;
                }
                XYSeries s = chart.addSeries(t.id() + " (" + w + ")", xs, ys);
                s.setLineColor(color(t));
                s.setMarkerColor(color(t));
                s.setMarker(w == Work.TOUCH ? SeriesMarkers.CIRCLE : SeriesMarkers.SQUARE);
                s.setLineStyle(w == Work.TOUCH ? SeriesLines.SOLID : SeriesLines.DASH_DASH);
                series++;
            }
        }
        Optional<CellResult> memcpy = results.find(Transport.MEMCPY, p, 0, Work.TOUCH);
        if (memcpy.isPresent() && series > 0) {
            double lo = readers.stream().mapToInt(Integer::intValue).min().orElse(1);
            double hi = readers.stream().mapToInt(Integer::intValue).max().orElse(1);
            if (hi == lo) {
                hi = lo + 1;
            }
            XYSeries s = chart.addSeries("memcpy limit (producer alone)", new double[] {lo, hi},
                    new double[] {memcpy.get().writerFps(), memcpy.get().writerFps()});
            s.setLineColor(color(Transport.MEMCPY));
            s.setLineStyle(SeriesLines.DOT_DOT);
            s.setMarker(SeriesMarkers.NONE);
        }
        if (series > 0) {
            cpuLimits(results, p, chart);
        }
        return series == 0 ? null : chart;
    }

    /** The CPU limit of each work by number of readers, dotted, in that work's marker. */
    private static void cpuLimits(BenchResults results, Payload p, XYChart chart) {
        for (Work w : results.options().matrix().works()) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int r : results.options().matrix().readers()) {
                Double limit = results.cpuLimitFps(p, r, w);
                if (limit != null) {
                    xs.add((double) r);
                    ys.add(limit);
                }
            }
            if (!xs.isEmpty()) {
                XYSeries s = chart.addSeries("CPU limit (" + w + ")", xs, ys);
                s.setLineColor(color(Transport.MEMCPY));
                s.setMarkerColor(color(Transport.MEMCPY));
                s.setLineStyle(SeriesLines.DOT_DOT);
                s.setMarker(w == Work.TOUCH ? SeriesMarkers.CIRCLE : SeriesMarkers.SQUARE);
            }
        }
    }

    private static XYChart latency(BenchResults results, int readers, Work w) {
        BenchMatrix m = results.options().matrix();
        XYChart chart = base(String.format(Locale.ROOT, "One-way latency, %d reader%s, %s", readers,
                readers == 1 ? "" : "s", w), "payload (MB)", "latency (ms)");
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setXAxisLogarithmicDecadeOnly(false);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmicDecadeOnly(false);
        chart.getStyler().setXAxisDecimalPattern("#,##0.###");
        chart.getStyler().setYAxisDecimalPattern("#,##0.###");
        int series = 0;
        for (Transport t : m.transports()) {
            if (!t.hasReaders()) {
                continue;
            }
            for (boolean p99 : new boolean[] {false, true}) {
                List<Double> xs = new ArrayList<>();
                List<Double> ys = new ArrayList<>();
                for (Payload p : m.payloads()) {
                    Optional<CellResult> c = results.find(t, p, readers, w);
                    Double v = c.map(r -> p99 ? r.latencyP99Us() : r.latencyP50Us()).orElse(null);
                    if (v != null && v > 0) {
                        xs.add(p.bytes() / 1e6);
                        ys.add(v / 1e3);
                    }
                }
                if (xs.isEmpty()) {
                    continue;
                }
                XYSeries s = chart.addSeries(t.id() + (p99 ? " p99" : " p50"), xs, ys);
                s.setLineColor(color(t));
                s.setMarkerColor(color(t));
                s.setMarker(p99 ? SeriesMarkers.SQUARE : SeriesMarkers.CIRCLE);
                s.setLineStyle(p99 ? SeriesLines.DASH_DASH : SeriesLines.SOLID);
                series++;
            }
        }
        return series == 0 ? null : chart;
    }
}
