package io.framebus.bridgecli;

import io.framebus.ChannelNames;
import io.framebus.ReaderMode;
import io.framebus.bridge.BridgeSender;
import io.framebus.bridge.SenderOptions;
import io.framebus.bridge.SenderStats;
import io.framebus.cli.Converters;
import io.framebus.cli.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code framebus bridge send}: publish a local channel's frames over Aeron UDP. */
@Command(name = "send", sortOptions = false,
        description = {"Attach to a local channel and send every frame (metadata and bytes) over Aeron UDP to a"
                + " 'framebus bridge receive' on another host, which writes them into a channel of the same"
                + " geometry there.",
            "Runs until the channel is closed (the close is forwarded) or the process is stopped. Exits 1 when the"
                + " driver cannot start, the address cannot be used, or no receiver answers in time."})
final class BridgeSendCommand extends BridgeSide implements Callable<Integer> {
    @Option(names = "--channel", required = true, paramLabel = "NAME", description = "Local channel to send.")
    String channel;

    @Option(names = "--to", required = true, paramLabel = "HOST:PORT",
            description = "The receiver: HOST:PORT, a multicast GROUP:PORT (e.g. 239.255.0.1:40123) to feed several"
                    + " hosts, or an Aeron channel URI (aeron:udp?endpoint=...).")
    String to;

    @Option(names = "--mode", defaultValue = "latest", paramLabel = "MODE", converter = Converters.ModeConverter.class,
            description = "latest: never slow the local writer, skip whole frames when the link or the receiver is"
                    + " slower; lossless: back-pressure end to end, the local writer waits for the far side"
                    + " (default: ${DEFAULT-VALUE}).")
    ReaderMode mode;

    @Option(names = "--mtu", defaultValue = "" + SenderOptions.DEFAULT_MTU, paramLabel = "BYTES",
            description = "Aeron MTU: the UDP payload of each datagram, a multiple of 32 (default: ${DEFAULT-VALUE},"
                    + " for a 1500-byte Ethernet MTU; 8192 or more on a jumbo-frame link).")
    int mtu;

    @Option(names = "--term-length", defaultValue = "" + SenderOptions.DEFAULT_TERM, paramLabel = "BYTES",
            description = "Aeron term buffer length, a power of two (default: ${DEFAULT-VALUE}).")
    int termLength;

    @Option(names = "--chunk-bytes", defaultValue = "" + SenderOptions.DEFAULT_CHUNK, paramLabel = "BYTES",
            description = "Frame bytes per Aeron message; larger frames are split (default: ${DEFAULT-VALUE}).")
    int chunkBytes;

    @Option(names = "--connect-timeout-ms", defaultValue = "10000", paramLabel = "MS",
            description = "How long to wait for the channel to appear and for a receiver to answer at start; 0 waits"
                    + " for ever (default: ${DEFAULT-VALUE}).")
    long connectTimeoutMs;

    @Option(names = "--stall-budget-ms", defaultValue = "0", paramLabel = "MS",
            description = "Lossless only: let the local writer demote the bridge to latest when it holds the writer"
                    + " back for longer than MS; 0 (default) waits for ever.")
    long stallBudgetMs;

    @Option(names = "--linger-ms", defaultValue = "1000", paramLabel = "MS",
            description = "After the channel closed and every frame was sent: how long to keep repairing lost"
                    + " datagrams (default: ${DEFAULT-VALUE}).")
    long lingerMs;

    @Override
    public Integer call() {
        ChannelNames.validate(channel);
        SenderOptions options = new SenderOptions(channel, dir.dir(), group.group(), mode, to, aeron.settings(), mtu,
                termLength, chunkBytes, Duration.ofMillis(connectTimeoutMs), Duration.ofMillis(stallBudgetMs),
                Duration.ofMillis(lingerMs));
        BridgeSender sender = new BridgeSender(options, messages());
        SenderStats s = UntilSignalled.run(sender::run, sender::stop);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("channel", channel);
        m.put("to", to);
        m.put("mode", mode.name().toLowerCase(Locale.ROOT));
        m.put("sent", s.sent());
        m.put("bytes", s.bytes());
        m.put("skipped", s.skipped());
        m.put("abandoned", s.abandoned());
        m.put("lost", s.lost());
        m.put("last_sequence", s.lastSequence());
        m.put("disconnects", s.disconnects());
        m.put("fps", Json.round(s.fps(), 1));
        m.put("gb_per_s", Json.round(s.gigabytesPerSecond(), 3));
        m.put("seconds", Json.round(s.seconds(), 3));
        m.put("ended", s.end());
        report(m);
        return 0;
    }
}
