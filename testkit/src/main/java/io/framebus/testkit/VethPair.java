package io.framebus.testkit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Two network namespaces joined by a veth pair, as two hosts on one machine: {@code a} at {@link #A_ADDRESS},
 * {@code b} at {@link #B_ADDRESS}. Traffic between them stays on the pair. Faults go on the link: packet loss
 * with nftables ({@code numgen random}; this kernel has no {@code netem}), a slower link with {@code tbf}.
 * {@link #close()} removes both namespaces (and with them the pair and the rules), and a pair a killed test
 * run left behind is removed before a new one is made. Needs root. The bridge's tests and its benchmark use it.
 */
public final class VethPair implements AutoCloseable {
    /** The address of namespace {@code a} on the pair. */
    public static final String A_ADDRESS = "10.213.0.1";
    /** The address of namespace {@code b} on the pair. */
    public static final String B_ADDRESS = "10.213.0.2";
    private static final String PREFIX = "fbbr";

    /** The name of namespace {@code a}. */
    public final String a;
    /** The name of namespace {@code b}. */
    public final String b;
    private final String va;
    private final String vb;

    private VethPair(String suffix) {
        a = PREFIX + "a-" + suffix;
        b = PREFIX + "b-" + suffix;
        va = PREFIX + "va" + suffix; // interface names have at most 15 characters
        vb = PREFIX + "vb" + suffix;
    }

    /**
     * Creates the namespaces and the pair, addressed and up; removes what it made if a step fails.
     *
     * @return the pair
     * @throws IOException when a step fails (not root, or no {@code ip})
     */
    public static VethPair create() throws IOException {
        removeLeftovers();
        VethPair p = new VethPair(Long.toString(ProcessHandle.current().pid() % 100_000));
        try {
            ip("netns", "add", p.a);
            ip("netns", "add", p.b);
            ip("link", "add", p.va, "type", "veth", "peer", "name", p.vb);
            ip("link", "set", p.va, "netns", p.a);
            ip("link", "set", p.vb, "netns", p.b);
            ip("-n", p.a, "addr", "add", A_ADDRESS + "/24", "dev", p.va);
            ip("-n", p.b, "addr", "add", B_ADDRESS + "/24", "dev", p.vb);
            for (String[] end : new String[][] {{p.a, p.va}, {p.b, p.vb}}) {
                ip("-n", end[0], "link", "set", "lo", "up");
                ip("-n", end[0], "link", "set", end[1], "up");
            }
        } catch (IOException | RuntimeException e) {
            p.close();
            throw e;
        }
        return p;
    }

    /** Removes the namespaces of earlier runs whose test JVM is gone (a run killed before its cleanup). */
    private static void removeLeftovers() throws IOException {
        for (String line : HostFacts.run(List.of("ip", "netns", "list")).split("\n")) {
            String name = line.split(" ")[0];
            if (name.startsWith(PREFIX) && name.length() > PREFIX.length() + 2) {
                String pid = name.substring(PREFIX.length() + 2);
                boolean mine = pid.equals(Long.toString(ProcessHandle.current().pid() % 100_000));
                if (mine || ProcessHandle.allProcesses().noneMatch(h -> Long.toString(h.pid() % 100_000)
                        .equals(pid))) {
                    HostFacts.run(List.of("ip", "netns", "del", name));
                }
            }
        }
    }

    /**
     * @param ns a namespace
     * @return the wrapper that runs a command inside it
     */
    public static List<String> in(String ns) {
        return List.of("ip", "netns", "exec", ns);
    }

    /**
     * Drops {@code percent}% of the UDP datagrams namespace {@code ns} sends to {@code port}, at random.
     *
     * @param ns      the sending namespace
     * @param port    the destination port
     * @param percent 0..100
     * @throws IOException when nftables fails (is Debian's nftables installed?)
     */
    public void dropUdp(String ns, int port, int percent) throws IOException {
        nft(ns, "add", "table", "inet", "fbloss");
        nft(ns, "add", "chain", "inet", "fbloss", "out", "{ type filter hook output priority 0; }");
        nft(ns, "add", "rule", "inet", "fbloss", "out", "udp", "dport", Integer.toString(port), "numgen", "random",
                "mod", "100", "<", Integer.toString(percent), "counter", "drop");
    }

    /**
     * @param ns the namespace given to {@link #dropUdp}
     * @return how many datagrams it dropped so far
     * @throws IOException when nftables fails
     */
    public long dropped(String ns) throws IOException {
        String rules = HostFacts.run(List.of("ip", "netns", "exec", ns, "nft", "list", "chain", "inet", "fbloss",
                "out"));
        int at = rules.indexOf("packets ");
        return at < 0 ? 0 : Long.parseLong(rules.substring(at + 8).split(" ")[0]);
    }

    /**
     * Limits what namespace {@code a} sends on the pair.
     *
     * @param rate e.g. {@code 200mbit}
     * @throws IOException when tc fails
     */
    public void limitRate(String rate) throws IOException {
        limitRate(rate, "256kbit");
    }

    /**
     * Limits what namespace {@code a} sends on the pair, with a token bucket of the given depth (it must hold the
     * largest packet, which for TCP with segmentation offload is 64 KiB; faster links need deeper buckets).
     *
     * @param rate  e.g. {@code 10gbit}
     * @param burst e.g. {@code 4mbit}
     * @throws IOException when tc fails
     */
    public void limitRate(String rate, String burst) throws IOException {
        ip("netns", "exec", a, "tc", "qdisc", "add", "dev", va, "root", "tbf", "rate", rate, "burst", burst,
                "latency", "50ms");
    }

    /**
     * Sets the MTU of both ends of the pair (1500 by default; up to 65535 on veth).
     *
     * @param mtu bytes
     * @throws IOException when ip fails
     */
    public void mtu(int mtu) throws IOException {
        ip("-n", a, "link", "set", va, "mtu", Integer.toString(mtu));
        ip("-n", b, "link", "set", vb, "mtu", Integer.toString(mtu));
    }

    private static void nft(String ns, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", ns, "nft"));
        command.addAll(List.of(args));
        HostFacts.run(command);
    }

    private static void ip(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        HostFacts.run(command);
    }

    /** Removes both namespaces; the pair and the rules go with them. Never throws. */
    @Override
    public void close() {
        for (String ns : List.of(a, b)) {
            try {
                HostFacts.run(List.of("ip", "netns", "del", ns));
            } catch (IOException e) {
                // not created, or already gone
            }
        }
    }
}
