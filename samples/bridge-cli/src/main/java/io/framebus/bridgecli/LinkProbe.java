package io.framebus.bridgecli;

import com.fasterxml.jackson.databind.JsonNode;
import io.framebus.FramebusException;
import io.framebus.testkit.VethPair;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * What the link of {@code bridge bench} carries without the bridge, measured with {@code iperf3} from namespace
 * {@code a} to {@code b}: a TCP stream (the link's throughput, the goal's reference), and a UDP blast of datagrams
 * of the bridge's size with no flow control and no repair (an upper bound for any transport that sends such
 * datagrams one per system call, as Aeron's Java driver does). Both send from one small buffer that stays in the
 * cache; the bridge sends frames that do not.
 */
final class LinkProbe {
    private static final String SECONDS = "3";

    private LinkProbe() {
    }

    /**
     * What arrived, per second.
     *
     * @param bytesPerSecond bytes received per second
     * @param lostPercent    datagrams lost on the way (UDP; 0 for TCP, which repairs)
     */
    record Rate(double bytesPerSecond, double lostPercent) {
    }

    /** A 3-second TCP stream from a to b. */
    static Rate tcp(VethPair net) {
        return run(net, List.of());
    }

    /** 3 seconds of UDP datagrams of {@code datagramBytes}, as fast as iperf3 sends them, from a to b. */
    static Rate udp(VethPair net, int datagramBytes) {
        return run(net, List.of("-u", "-b", "0", "-l", Integer.toString(datagramBytes)));
    }

    private static Rate run(VethPair net, List<String> mode) {
        String port = Integer.toString(30_000 + ThreadLocalRandom.current().nextInt(10_000));
        try (BenchChild server = BenchChild.program(net.b, "iperf3", "-s", "-1", "-B", VethPair.B_ADDRESS, "-p",
                port, "-J")) {
            LockSupport.parkNanos(1_000_000_000); // the server binds its port
            List<String> client = new ArrayList<>(List.of("iperf3", "-c", VethPair.B_ADDRESS, "-p", port, "-t",
                    SECONDS, "-J"));
            client.addAll(mode);
            try (BenchChild c = BenchChild.program(net.a, client.toArray(String[]::new))) {
                JsonNode received = c.json(server).path("end").path("sum_received");
                server.json(); // ends after one test (-1)
                double seconds = received.path("seconds").asDouble();
                if (seconds <= 0) {
                    throw new FramebusException("iperf3 reported no receiving side: " + received);
                }
                return new Rate(received.path("bytes").asDouble() / seconds,
                        received.path("lost_percent").asDouble());
            }
        } catch (java.io.UncheckedIOException e) {
            throw new FramebusException("cannot run iperf3 (apt-get install iperf3): " + e.getMessage());
        }
    }
}
