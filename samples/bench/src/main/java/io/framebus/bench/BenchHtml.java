package io.framebus.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** index.html of a run: what was measured and how, the headline, the charts and the full table. */
final class BenchHtml {
    private BenchHtml() {
    }

    static String page(BenchResults results, List<String[]> charts) {
        BenchSettings s = results.options().settings();
        StringBuilder h = new StringBuilder();
        appendHead(h, results);
        appendHeadline(h, results);
        appendGoals(h, results);
        appendWhatIsMeasured(h, results);
        appendHowItIsMeasured(h, s, results.options().rounds());
        appendCharts(h, charts);
        appendResults(h, results, s);
        appendMachine(h, results);
        return h.toString();
    }

    /** The document head with its style sheet, the title and the run's date, size and command line. */
    private static void appendHead(StringBuilder h, BenchResults results) {
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<title>framebus bench</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;"
                        + "color:#222;line-height:1.45}\n")
                .append("table{border-collapse:collapse;font-size:13px;margin:.5em 0 1.5em}"
                        + "th,td{border:1px solid #ccc;padding:3px 7px;text-align:right}"
                        + "th{background:#f3f3f3}td.l,th.l{text-align:left}\n")
                .append("tr.framebus td{background:#eef8f0}tr.na td{color:#888}tr.bad td{background:#fde8e8}\n")
                .append("code{background:#f4f4f4;padding:1px 4px}img{max-width:100%;border:1px solid #ddd}\n")
                .append(".small{font-size:13px;color:#555}\n</style></head><body>\n");
        h.append("<h1>framebus bench</h1>\n");
        h.append("<p class=\"small\">").append(esc(results.environment().date())).append(" &middot; ")
                .append(results.cells().size()).append(" cells in ").append(BenchFormat.duration(results.seconds()))
                .append(" &middot; <code>").append(esc(results.options().commandLine())).append("</code></p>\n");
        java.nio.file.Path profile = results.options().settings().profile();
        if (profile != null) {
            h.append("<p class=\"small\">Flame graphs (async-profiler, CPU) of every Java child, one per cell and"
                    + " role: <code>").append(esc(profile.toString())).append("</code></p>\n");
        }
    }

    private static void appendHeadline(StringBuilder h, BenchResults results) {
        h.append("<h2>Headline</h2>\n<ul>\n");
        for (String line : BenchReport.headline(results)) {
            h.append(line.startsWith(" ") ? "<li style=\"list-style:none\">" : "<li>").append(esc(line.strip()))
                    .append("</li>\n");
        }
        h.append("</ul>\n");
    }

    /** framebus against its floors, goal by goal. */
    private static void appendGoals(StringBuilder h, BenchResults results) {
        List<String> goals = BenchGoals.lines(results);
        if (goals.isEmpty()) {
            return;
        }
        h.append("<h2>Against the floors</h2>\n<p class=\"small\">The <b>wake-up floor</b> (rows <code>floor</code>)"
                + " is a bare two-process futex wake through framebus's own <code>FutexSignal</code>, paced like the "
                + "latency window, with as many sleepers as readers. The <b>CPU limit</b> of a cell is min(1 / f, "
                + "1 / w, cores / (f + readers &times; w)), with the producer's fill f and the reader work w each "
                + "measured alone by the memcpy baseline's process.</p>\n<ul>\n");
        for (String g : goals) {
            h.append("<li>").append(esc(g)).append("</li>\n");
        }
        h.append("</ul>\n");
    }

    /** The workload and the transports. */
    private static void appendWhatIsMeasured(StringBuilder h, BenchResults results) {
        h.append("<h2>What is measured</h2>\n");
        h.append("<p>One writer process sends frames to N reader processes; every process is a separate JVM. "
                + "The writer writes <b>every byte of every frame</b> with a pattern derived from the frame's "
                + "sequence number, so no frame is ever sent twice unchanged, and it goes as fast as the transport "
                + "lets it. Every reader receives <b>every frame</b> (no transport may drop frames here). Each "
                + "reader then does one of two kinds of work:</p>\n<ul>\n"
                + "<li><b>touch</b>: reads the frame's metadata and one byte of each 4 KiB page;</li>\n"
                + "<li><b>full</b>: reads every byte (a 64-bit sum) and compares the sum with the writer's "
                + "checksum. A mismatch would mark the cell failed.</li>\n</ul>\n");
        h.append("<p>The transports:</p>\n<ul>\n");
        for (Transport t : results.options().matrix().transports()) {
            h.append("<li><b>").append(t.id()).append("</b>: ").append(esc(t.description())).append("</li>\n");
        }
        h.append("</ul>\n");
        h.append("<p>So with N readers a socket moves every frame through the kernel 2N times (one send and one "
                + "receive per reader), Aeron copies it 1 + N times (the offer into its log, then the reassembly in "
                + "each reader), and framebus copies it 0 times: the writer's own write is the only one, and "
                + "readers read the slot where it was written. The memcpy row is that write alone: no transport "
                + "can make the writer faster than it.</p>\n");
    }

    /** The windows, each column's definition and the settings of every transport. */
    private static void appendHowItIsMeasured(StringBuilder h, BenchSettings s, int rounds) {
        h.append(String.format(Locale.ROOT, "<p>Each cell starts its processes and connects them. The writer "
                + "then runs as fast as the transport lets it: a %s warm-up, then the %s <b>throughput window</b>. "
                + "After a %s pause that lets the queues drain, the writer sends %s frames per second for %s: "
                + "the <b>paced window</b>, where latency is measured without frames waiting behind each other. "
                + "The windows' bounds are absolute <code>System.nanoTime()</code> values (CLOCK_MONOTONIC, "
                + "shared by all processes of the host) sent to every process.</p>\n<ul>\n"
                + "<li><b>frames/s per reader</b>: frames each reader received (taken, or completely read from "
                + "the socket or the Aeron assembler) in the throughput window, divided by the window; GB/s is "
                + "that times the payload size (10<sup>9</sup> bytes). <b>writer frames/s</b>: frames the writer "
                + "produced in the window; <b>of memcpy</b>: that as a share of the memcpy-only limit.</li>\n"
                + "<li><b>latency</b>: the reader's receive time minus the time the writer stamped when it "
                + "published (framebus) or began sending or offering (the others) the filled frame; all readers "
                + "together, HdrHistogram, 3 significant digits. It ends when the frame is available to the "
                + "reader, before the reader's work. <b>paced</b>: of the frames published in the paced window "
                + "(marked * where the transport could not keep the rate). <b>saturated</b>: of the frames "
                + "received in the throughput window; it adds the time frames wait in the transport's queue, "
                + "which is as deep as the transport buffers: framebus up to %d - 1 frames (its slots), a socket "
                + "about SO_SNDBUF + SO_RCVBUF bytes, Aeron half a term.</li>\n"
                + "<li><b>CPU per frame</b>: utime + stime from <code>/proc/PID/stat</code> of the writer and "
                + "each reader, sampled at the throughput window's start and end, divided by the frames published "
                + "(writer, and all processes together) or received (each reader). Context switches (from "
                + "<code>/proc/PID/task/*/status</code>) and minor page faults are counted the same way.</li>\n"
                + "<li><b>reader private memory</b>: Private_Clean + Private_Dirty of "
                + "<code>/proc/PID/smaps_rollup</code> at the window's end (memory no other process shares; the "
                + "framebus channel and Aeron's log are shared and do not count; a socket reader's receive "
                + "buffer does). MB = 10<sup>6</sup> bytes.</li>\n"
                + "<li><b>load</b>: CPU used by other processes of the machine during the window, as a share of "
                + "all its CPUs. %s Results of cells with a high load are noisy.</li>\n</ul>\n",
                BenchFormat.duration(s.warmup().toMillis() / 1e3), BenchFormat.duration(s.window().toMillis() / 1e3),
                BenchFormat.duration(BenchSettings.DRAIN.toMillis() / 1e3),
                s.paced() ? BenchFormat.number(s.pacedRate(), 0) : "-",
                BenchFormat.duration(s.pacedWindow().toMillis() / 1e3), s.slots(),
                s.retries() == 0 ? "No cell was measured again (--retries 0)."
                        : String.format(Locale.ROOT, "A cell whose load exceeded %s was measured again (at most %d"
                                + " time%s) and the attempt with the least load kept.",
                                BenchFormat.percent(s.maxLoad()), s.retries(), s.retries() == 1 ? "" : "s")));
        if (rounds > 1) {
            h.append(String.format(Locale.ROOT, "<p>The whole matrix was measured <b>%d times</b>, every other round "
                    + "in reverse order. Each cell shows its median round by frames/s per reader (of an even count, "
                    + "the lower middle one; the floor by its p99), and the paced latency of all rounds' frames "
                    + "pooled into one histogram. Each throughput ratio (to framebus, of memcpy, of the CPU limit) "
                    + "is the median of the rounds' ratios: the cells of a round ran close together, so a slow "
                    + "period of the machine, which slows every cell measured in it, cancels out. "
                    + "<code>bench-results.json</code> and <code>.csv</code> give every round's frames/s and "
                    + "p99.</p>%n", rounds));
        }
        h.append(String.format(Locale.ROOT, "<p>Settings: framebus channel of %d slots, lossless readers, backing "
                + "%s (obtained: see the setup column), futex wake-ups. Sockets: NIO blocking "
                + "<code>SocketChannel</code>, one connection per reader, SO_SNDBUF/SO_RCVBUF %s, TCP_NODELAY; "
                + "the writer sends to the readers one after the other. Aeron %s: embedded media driver (shared "
                + "threading mode), one exclusive IPC publication all readers subscribe to, mtu=%d, term length = "
                + "smallest power of two &ge; 8 &times; the message, log buffers allocated up front (not sparse) and "
                + "pre-touched by every client, back-off idle strategies parking at most 100 &micro;s (clients "
                + "and the driver's conductor, whose default is 1 ms). Aeron cannot send a "
                + "message larger than min(term length / 8, 16 MiB), whatever the term length, so its 4K cells "
                + "are n/a. Private buffers (socket and Aeron writers' frame, socket readers' receive buffer, "
                + "memcpy) are 2 MiB-aligned and advised for transparent huge pages, so that page size does "
                + "not decide the comparison. Child JVMs: <code>-Xmx%s -Xmn16m -XX:+UseSerialGC</code>; Aeron's also "
                + "<code>%s</code> (Agrona 2 uses <code>jdk.internal.misc.Unsafe</code>).</p>\n",
                s.slots(), s.backing().name().toLowerCase(Locale.ROOT),
                s.socketBuffer() == 0 ? "kernel default" : String.format(Locale.ROOT, "%,d B", s.socketBuffer()),
                aeronVersion(), s.aeronMtu(), s.childHeap(), CellRunner.AERON_EXPORTS));
    }

    private static void appendCharts(StringBuilder h, List<String[]> charts) {
        if (!charts.isEmpty()) {
            h.append("<h2>Charts</h2>\n");
            for (String[] c : charts) {
                h.append("<figure><img src=\"").append(esc(c[0])).append("\" alt=\"").append(esc(c[1]))
                        .append("\"><figcaption class=\"small\">").append(esc(c[1])).append("</figcaption></figure>\n");
            }
        }
    }

    /** One table per payload, one row per cell. */
    private static void appendResults(StringBuilder h, BenchResults results, BenchSettings s) {
        h.append("<h2>Results</h2>\n<p class=\"small\">vs framebus: the transport's value divided by framebus's in "
                + "the same cell (frames/s below 1 = slower than framebus; latency above 1 = slower). of memcpy: "
                + "the writer's frame rate as a share of the memcpy-only limit for that payload. Machine-readable: "
                + "<a href=\"" + BenchReport.JSON + "\">" + BenchReport.JSON + "</a>, <a href=\"" + BenchReport.CSV
                + "\">" + BenchReport.CSV + "</a>, <a href=\"" + BenchReport.RUN + "\">" + BenchReport.RUN
                + "</a>.</p>\n");
        for (Payload p : results.options().matrix().payloads()) {
            h.append("<h3>").append(esc(p.label())).append("</h3>\n<table>\n<tr><th>readers</th><th class=\"l\">work"
                    + "</th><th class=\"l\">transport</th><th>frames/s per reader</th><th>vs framebus</th>"
                    + "<th>GB/s per reader</th>"
                    + "<th>writer frames/s</th><th>of memcpy</th><th>of CPU limit</th>"
                    + "<th>CPU ms/frame<br>writer + readers</th>"
                    + "<th>writer CPU ms/frame</th><th>reader CPU ms/frame</th>"
                    + "<th>p50<br>paced</th><th>p99<br>paced</th><th>p99.9<br>paced</th><th>p99 vs framebus</th>"
                    + "<th>p50 / p99<br>of floor</th><th>reader CPU<br>paced</th>"
                    + "<th>p50<br>saturated</th><th>p99<br>saturated</th>"
                    + "<th>writer ms/frame<br>fill / wait / send</th><th>reader work<br>ms/frame</th>"
                    + "<th>reader switches<br>per frame</th><th>reader MB</th><th>load</th><th>attempts</th>"
                    + "<th class=\"l\">status</th><th class=\"l\">setup</th></tr>\n");
            for (CellResult r : results.cells()) {
                if (!r.cell().payload().equals(p)) {
                    continue;
                }
                resultRow(h, results, r, s.pacedRate());
            }
            h.append("</table>\n");
        }
    }

    private static void resultRow(StringBuilder h, BenchResults results, CellResult r, double pacedRate) {
        CellResult.Ratios q = results.ratios(r);
        boolean readers = r.cell().transport().hasReaders();
        String cls = r.status().startsWith("n/a") ? "na" : !r.ok() ? "bad"
                : r.cell().transport() == Transport.FRAMEBUS ? "framebus" : "";
        h.append("<tr class=\"").append(cls).append("\">");
        td(h, readers ? Integer.toString(r.cell().readers()) : "-", false);
        td(h, r.cell().transport().moves() ? r.cell().work().id() : "-", true);
        td(h, r.cell().transportLabel(), true);
        td(h, BenchFormat.fps(r.fpsPerReader()), false);
        td(h, BenchFormat.ratio(q.fpsVsFramebus()), false);
        td(h, BenchFormat.number(r.gbps(), 2), false);
        td(h, BenchFormat.fps(r.writerFps()), false);
        td(h, BenchFormat.percent(q.writerVsMemcpy()), false);
        td(h, BenchFormat.percent(q.ofCpuLimit()), false);
        td(h, BenchFormat.cpuMs(r.cpuSPerFrame()), false);
        td(h, BenchFormat.cpuMs(r.writerCpuSPerFrame()), false);
        td(h, BenchFormat.cpuMs(r.readerCpuSPerFrame()), false);
        String mark = BenchReport.pacedMark(r, pacedRate);
        td(h, BenchFormat.micros(r.latencyP50Us()) + mark, false);
        td(h, BenchFormat.micros(r.latencyP99Us()) + mark, false);
        td(h, BenchFormat.micros(r.latencyP999Us()) + mark, false);
        td(h, BenchFormat.ratio(q.p99VsFramebus()), false);
        td(h, BenchReport.ofFloor(q), false);
        td(h, BenchFormat.percent(r.pacedReaderCores()), false);
        td(h, BenchFormat.micros(r.saturated() == null ? null : r.saturated().p50Us()), false);
        td(h, BenchFormat.micros(r.saturatedP99Us()), false);
        CellResult.Times t = r.times();
        td(h, t == null ? "-" : BenchFormat.number(t.fillMs(), 3) + " / " + BenchFormat.number(t.waitMs(), 3)
                + " / " + BenchFormat.number(t.sendMs(), 3), false);
        td(h, t == null ? "-" : BenchFormat.number(t.readerWorkMs(), 3), false);
        td(h, BenchFormat.number(r.cpu() == null ? null : r.cpu().readerSwitchesPerFrame(), 1), false);
        td(h, BenchFormat.number(r.readerPrivateMb(), 0), false);
        td(h, BenchFormat.percent(r.otherLoad()), false);
        td(h, Integer.toString(r.attempts()), false);
        td(h, r.status(), true);
        td(h, r.setup() == null ? "" : r.setup(), true);
        h.append("</tr>\n");
    }

    private static void appendMachine(StringBuilder h, BenchResults results) {
        h.append("<h2>Machine</h2>\n<table>\n");
        for (Map.Entry<String, Object> e : results.environment().toMap().entrySet()) {
            h.append("<tr><th class=\"l\">").append(esc(e.getKey())).append("</th><td class=\"l\">")
                    .append(esc(String.valueOf(e.getValue()))).append("</td></tr>\n");
        }
        h.append("</table>\n</body></html>\n");
    }

    private static String aeronVersion() {
        Package p = null;
        try {
            p = Class.forName("io.aeron.Aeron", false, BenchHtml.class.getClassLoader()).getPackage();
        } catch (ClassNotFoundException | LinkageError e) {
            // not on the class path
        }
        String v = p == null ? null : p.getImplementationVersion();
        return v == null ? "IPC" : v + " IPC";
    }

    private static void td(StringBuilder h, String text, boolean left) {
        h.append(left ? "<td class=\"l\">" : "<td>").append(esc(text)).append("</td>");
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
