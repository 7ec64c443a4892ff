package io.framebus.bridgecli;

import io.framebus.Backing;
import io.framebus.ChannelNames;
import io.framebus.bridge.BridgeReceiver;
import io.framebus.bridge.ReceiverOptions;
import io.framebus.bridge.ReceiverStats;
import io.framebus.cli.Converters;
import io.framebus.cli.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code framebus bridge receive}: write the frames a {@code bridge send} sends into a local channel. */
@Command(name = "receive", sortOptions = false,
        description = {"Listen on Aeron UDP for a 'framebus bridge send', create a local channel with the source's"
                + " geometry, and publish every frame that arrives whole into it. Readers use it like any channel;"
                + " 'framebus inspect' shows where it comes from and whether its upstream is connected.",
            "A dead sender leaves the channel open, and frames resume when a sender is back. Runs until stopped"
                + " (or, with --once, until the source closes its channel). Exits 1 when the driver cannot start,"
                + " the address cannot be bound, or no sender is heard within --connect-timeout-ms."})
final class BridgeReceiveCommand extends BridgeSide implements Callable<Integer> {
    @Option(names = "--channel", required = true, paramLabel = "NAME", description = "Local channel to create.")
    String channel;

    @Option(names = "--from", required = true, paramLabel = "ADDRESS:PORT",
            description = "Where to listen: an address of this host and a port (0.0.0.0:PORT for every interface),"
                    + " a multicast GROUP:PORT (with --interface), or an Aeron channel URI.")
    String from;

    @Option(names = "--backing", defaultValue = "auto", paramLabel = "B", converter = Converters.BackingConverter.class,
            description = "Memory of the local channel: auto, hugetlbfs, thp or plain (default: ${DEFAULT-VALUE}).")
    Backing backing;

    @Option(names = "--window", defaultValue = "4194304", paramLabel = "BYTES",
            description = "Aeron receiver window and socket receive buffer (default: ${DEFAULT-VALUE}, capped by"
                    + " net.core.rmem_max); 0 for Aeron's defaults (128 KiB, too small for frames). A larger window"
                    + " carries more over a long or lossy link.")
    int window;

    @Option(names = "--connect-timeout-ms", defaultValue = "0", paramLabel = "MS",
            description = "Fail when no sender is heard within MS; 0 (default) waits for ever.")
    long connectTimeoutMs;

    @Option(names = "--once", description = "Stop when the source closes its channel (default: wait for the next).")
    boolean once;

    @Override
    public Integer call() {
        ChannelNames.validate(channel);
        ReceiverOptions options = new ReceiverOptions(channel, dir.dir(), group.group(), backing, from,
                aeron.settings(), window, Duration.ofMillis(connectTimeoutMs), once);
        BridgeReceiver receiver = new BridgeReceiver(options, messages());
        ReceiverStats r = UntilSignalled.run(receiver::run, receiver::stop);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("channel", channel);
        m.put("from", from);
        m.put("received", r.received());
        m.put("bytes", r.bytes());
        m.put("incomplete", r.incomplete());
        m.put("duplicates", r.duplicates());
        m.put("refused", r.refused());
        m.put("source_skipped", r.sourceSkipped());
        m.put("senders", r.sessions());
        m.put("channels", r.channels());
        m.put("fps", Json.round(r.fps(), 1));
        m.put("seconds", Json.round(r.seconds(), 3));
        m.put("ended", r.end());
        report(m);
        return 0;
    }
}
