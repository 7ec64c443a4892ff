package io.framebus.bridgecli;

import com.fasterxml.jackson.databind.JsonNode;
import io.framebus.FrameChannel;
import io.framebus.FramebusException;
import io.framebus.bridge.AeronDirectories;
import io.framebus.cli.Json;
import io.framebus.testkit.HostFacts;
import io.framebus.testkit.VethPair;
import io.framebus.cli.JsonOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code framebus bridge bench}: the bridge between two network namespaces joined by a veth pair, in one run:
 * the link's own TCP throughput ({@code iperf3}), the bridge's frames/s and GB/s at 1080p and 4K (lossless, the
 * source as fast as the bridge allows), and the latency from publish on the sending side to take on the
 * receiving side at 30 fps (latest). Every number comes from real processes over real UDP.
 */
@Command(name = "bench", sortOptions = false,
        description = {"Measure the bridge between two network namespaces on this machine (needs root, ip and"
                + " iperf3): the link's TCP throughput, the bridge's frames/s and GB/s at 1080p and 4K, and the"
                + " latency from publish on one side to take on the other at 30 fps.",
            "Goal: the bridge carries at least 0.8x the link's bytes per second and adds at most one frame time"
                + " (33.3 ms at 30 fps)."})
final class BridgeBenchCommand implements Callable<Integer> {
    private static final int LATENCY_FPS = 30;
    private static final String SHM = "/dev/shm";
    private static final String SOURCE = "src";
    private static final String FAR = "far";
    /** The four processes of a run, as the CPU report names them. */
    private static final String WRITER = "source_writer";
    private static final String SEND = "bridge_send";
    private static final String RECEIVE = "bridge_receive";
    private static final String READER = "far_reader";
    private static final double FRAME_TIME_US = 1e6 / LATENCY_FPS;
    private static final AtomicInteger RUNS = new AtomicInteger();

    @Spec
    CommandSpec spec;

    @Mixin
    JsonOption json;

    @Option(names = "--frames", defaultValue = "600", paramLabel = "N",
            description = "Frames per throughput run at 1080p; 4K runs a quarter as many (default: ${DEFAULT-VALUE})."
                    + " The first quarter warms the JVMs up and is not measured.")
    int frames;

    @Option(names = "--latency-seconds", defaultValue = "5", paramLabel = "S",
            description = "Length of each 30 fps latency run, after a warm-up second that is not measured (default:"
                    + " ${DEFAULT-VALUE}).")
    int latencySeconds;

    @Option(names = "--link-mtu", defaultValue = "1500", paramLabel = "BYTES",
            description = "MTU of the veth pair, for iperf3 and the bridge alike (default: ${DEFAULT-VALUE}; 9000 for"
                    + " a jumbo-frame link).")
    int linkMtu;

    @Option(names = "--mtu", paramLabel = "BYTES",
            description = "The bridge's Aeron MTU (default: the largest multiple of 32 that fits the link's MTU less"
                    + " the IP and UDP headers).")
    Integer mtu;

    @Option(names = "--window", defaultValue = "4194304", paramLabel = "BYTES",
            description = "The receiver's Aeron window and socket buffer (default: ${DEFAULT-VALUE}, this host's"
                    + " net.core.rmem_max is the cap).")
    int window;

    @Option(names = "--term-length", paramLabel = "BYTES",
            description = "The sender's Aeron term length (default: the sender's own default).")
    Integer termLength;

    @Option(names = "--chunk-bytes", paramLabel = "BYTES",
            description = "Frame bytes per Aeron message (default: the sender's own default).")
    Integer chunkBytes;

    @Option(names = "--link-rate", paramLabel = "RATE",
            description = "Shape the link to this rate with tc tbf, e.g. 10gbit for a 10 GbE link (default: the veth"
                    + " pair's own speed, which is memory speed).")
    String linkRate;

    @Option(names = "--link-burst", defaultValue = "8mbit", paramLabel = "BYTES",
            description = "The token bucket's depth when --link-rate is set (default: ${DEFAULT-VALUE}).")
    String linkBurst;

    @Override
    public Integer call() throws IOException {
        if (!HostFacts.isRoot()) {
            throw new FramebusException("'bridge bench' makes two network namespaces and needs root");
        }
        if (frames < 4 || latencySeconds < 1) {
            throw new IllegalArgumentException("--frames must be >= 4 and --latency-seconds >= 1");
        }
        Map<String, Object> report = new LinkedHashMap<>();
        try (VethPair net = VethPair.create()) {
            net.mtu(linkMtu);
            if (linkRate != null) {
                net.limitRate(linkRate, linkBurst);
            }
            double linkBytes = LinkProbe.tcp(net).bytesPerSecond();
            LinkProbe.Rate udp = LinkProbe.udp(net, aeronMtu());
            report.put("link_rate", linkRate != null ? linkRate : "veth");
            report.put("link_tcp_gb_per_s", Json.round(linkBytes / 1e9, 3));
            report.put("link_udp_gb_per_s", Json.round(udp.bytesPerSecond() / 1e9, 3));
            report.put("link_udp_lost_percent", Json.round(udp.lostPercent(), 1));
            report.put("aeron_mtu", aeronMtu());
            Output.messages(spec).accept(String.format(Locale.ROOT, "link (iperf3): TCP %.3f GB/s; UDP datagrams of %d"
                    + " bytes, no flow control or repair, %.3f GB/s arrived (%.1f %% lost)", linkBytes / 1e9,
                    aeronMtu(), udp.bytesPerSecond() / 1e9, udp.lostPercent()));
            List<Map<String, Object>> sizes = new ArrayList<>();
            for (String size : List.of("1080p", "4k")) {
                sizes.add(size(net, size, size.equals("4k") ? Math.max(4, frames / 4) : frames, linkBytes,
                        udp.bytesPerSecond()));
            }
            report.put("sizes", sizes);
        } finally {
            AeronDirectories.removeStale(Output.messages(spec));
            // the channels of runs whose processes were killed (a failed run): their writers are dead
            for (String side : List.of(SOURCE, FAR)) {
                FrameChannel.gc(Path.of(SHM), channelPrefix(side));
            }
        }
        Output.report(spec, json.json(), report);
        return 0;
    }

    /**
     * One size: a lossless run as fast as the bridge allows, measured by the far reader after its first quarter
     * (a fresh JVM's first frames measure the JIT compiler: frames/s roughly double after the first few hundred),
     * and a latest run at 30 fps whose first second is not measured either.
     */
    private Map<String, Object> size(VethPair net, String size, int n, double linkBytes, double udpBytes) {
        Run throughput = run(net, size, n, 0, "lossless", n / 4);
        JsonNode received = throughput.received;
        long count = received.path("received").asLong();
        double frameBytes = count > 0 ? received.path("bytes").asDouble() / count : 0;
        double steadyFps = throughput.far.path("fps").asDouble();
        double bytesPerSecond = steadyFps * frameBytes;
        int latencyFrames = LATENCY_FPS * latencySeconds;
        // the first second is published and received, not measured: the far reader's warm-up
        Run latency = run(net, size, LATENCY_FPS + latencyFrames, LATENCY_FPS, "latest", LATENCY_FPS);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("size", size);
        m.put("frames", count);
        m.put("warmup_frames", n / 4);
        m.put("fps", steadyFps);
        m.put("gb_per_s", Json.round(bytesPerSecond / 1e9, 3));
        m.put("of_link", Json.round(bytesPerSecond / linkBytes, 2));
        m.put("of_udp_link", Json.round(bytesPerSecond / udpBytes, 2));
        m.put("whole_run_fps", received.path("fps").asDouble());
        if (throughput.cpu != null) {
            m.putAll(cpuFields(size, throughput.cpu, bytesPerSecond));
        }
        m.put("at_30fps_received", latency.far.path("received").asLong());
        m.put("at_30fps_of_sent", LATENCY_FPS + latencyFrames);
        // where the others went: passed over by the latest sender (it was still sending an older one), dropped
        // half-received by the receiver, or skipped by the far reader
        m.put("at_30fps_sender_skipped", latency.sent.path("skipped").asLong());
        m.put("at_30fps_incomplete", latency.received.path("incomplete").asLong());
        m.put("at_30fps_reader_skipped", latency.far.path("skipped").asLong());
        long measured = latency.far.path("measured").asLong();
        m.put("latency_frames", measured);
        if (measured > 0) {
            double p50 = latency.far.path("source_latency_p50_us").asDouble();
            m.put("latency_p50_us", p50);
            m.put("latency_p99_us", latency.far.path("source_latency_p99_us").asDouble());
            m.put("latency_max_us", latency.far.path("source_latency_max_us").asDouble());
            m.put("latency_p50_of_frame_time", Json.round(p50 / FRAME_TIME_US, 2));
        } else {
            Output.messages(spec).accept(size + ": no frame measured for latency: the far reader received "
                    + latency.far.path("received").asLong() + ", all within its " + LATENCY_FPS + " warm-up frames;"
                    + " raise --latency-seconds");
        }
        Output.messages(spec).accept(size + ": " + m);
        return m;
    }

    /**
     * What each side said (the bridge sender, the bridge receiver and the far reader), and the cores each process
     * used while the far reader measured (null when it measured nothing).
     */
    private record Run(JsonNode sent, JsonNode received, JsonNode far, CpuMeter.Usage cpu) {
    }

    /** pub in a, bridge send in a, bridge receive and sub in b; {@code fps} 0 publishes as fast as allowed. */
    private Run run(VethPair net, String size, int n, int fps, String mode, int warmupFrames) {
        int run = RUNS.incrementAndGet();
        String source = channelPrefix(SOURCE) + run;
        String far = channelPrefix(FAR) + run;
        String at = VethPair.B_ADDRESS + ":" + (20_000 + ThreadLocalRandom.current().nextInt(10_000));
        List<String> send = new ArrayList<>(List.of("bridge", "send", "--channel", source, "--to", at, "--mode", mode,
                "--mtu", Integer.toString(aeronMtu()), "--dir", SHM, "--connect-timeout-ms", "60000", "--json"));
        if (termLength != null) {
            send.addAll(List.of("--term-length", termLength.toString()));
        }
        if (chunkBytes != null) {
            send.addAll(List.of("--chunk-bytes", chunkBytes.toString()));
        }
        try (BenchChild receiver = BenchChild.framebus(net.b, "bridge", "receive", "--channel", far, "--from", at,
                "--once", "--window", Integer.toString(window), "--dir", SHM, "--backing", "plain", "--json");
             BenchChild sub = BenchChild.framebus(net.b, "sub", "--channel", far, "--mode", mode, "--timeout-ms",
                     "60000", "--warmup-frames", Integer.toString(warmupFrames), "--dir", SHM, "--json");
             BenchChild sender = BenchChild.framebus(net.a, send.toArray(String[]::new));
             BenchChild pub = BenchChild.framebus(net.a, pubArgs(source, size, n, fps));
             // only the run as fast as allowed is measured for CPU (a null resource is not closed)
             CpuMeter cpu = fps == 0 ? CpuMeter.start(List.of(WRITER, SEND, RECEIVE, READER), pub.pid(), sender.pid(),
                     receiver.pid(), sub.pid()) : null) {
            pub.json(receiver, sub, sender);
            JsonNode sent = sender.json(receiver, sub);
            JsonNode received = receiver.json(sub);
            JsonNode farSide = sub.json();
            double measuredFps = farSide.path("fps").asDouble();
            long measured = farSide.path("measured").asLong();
            return new Run(sent, received, farSide, cpu != null && measuredFps > 0 && measured > 1
                    ? cpu.usage(READER, (measured - 1) / measuredFps) : null);
        }
    }

    /**
     * The cores each process of the lossless run used while it was measured, the machine's busy cores, and what the
     * bridge's two sides cost per GB carried: on two real hosts, each side has its host's cores to itself, and
     * 1 / (core-seconds per GB) is what one core of it would carry.
     */
    private Map<String, Object> cpuFields(String size, CpuMeter.Usage u, double bytesPerSecond) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpu_cores", CpuMeter.fields(u));
        double gbPerSecond = bytesPerSecond / 1e9;
        double send = gbPerSecond > 0 ? u.of(SEND) / gbPerSecond : 0;
        double receive = gbPerSecond > 0 ? u.of(RECEIVE) / gbPerSecond : 0;
        m.put("bridge_send_core_s_per_gb", Json.round(send, 2));
        m.put("bridge_receive_core_s_per_gb", Json.round(receive, 2));
        Output.messages(spec).accept(String.format(Locale.ROOT, "%s: CPU while measured (%.1f s): %.2f of %d cores"
                + " busy (%.2f stolen by the hypervisor); source writer %.2f, bridge send %.2f, bridge receive %.2f,"
                + " far reader %.2f cores; the bridge used %.2f core-s per GB to send and %.2f to receive", size,
                u.seconds(), u.busy(), u.cores(), u.steal(), u.of(WRITER), u.of(SEND), u.of(RECEIVE), u.of(READER),
                send, receive));
        return m;
    }

    /** The start of this bench's channel names on one side ({@link #SOURCE} or {@link #FAR}); a run number follows. */
    private static String channelPrefix(String side) {
        return "fbbench-" + side + "-" + ProcessHandle.current().pid() + "-";
    }

    /** The given MTU, or the largest multiple of 32 that fits the link's MTU less the IPv4 and UDP headers. */
    private int aeronMtu() {
        return mtu != null ? mtu : (linkMtu - 28) / 32 * 32;
    }

    private static String[] pubArgs(String source, String size, int n, int fps) {
        List<String> args = new ArrayList<>(List.of("pub", "--channel", source, "--size", size, "--frames",
                Integer.toString(n), "--slots", "4", "--wait-readers", "1", "--dir", SHM, "--backing", "plain",
                "--json"));
        if (fps > 0) {
            args.addAll(List.of("--fps", Integer.toString(fps)));
        }
        return args.toArray(String[]::new);
    }
}
