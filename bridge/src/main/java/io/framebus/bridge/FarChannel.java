package io.framebus.bridge;

import io.framebus.ChannelConfig;
import io.framebus.ChannelWriter;
import io.framebus.FrameChannel;

import java.util.function.Consumer;

/**
 * The receiver's local channel: created from the first HELLO with the source's geometry, replaced (its readers
 * see it closed) when a HELLO describes another geometry, closed when the source closes. It declares itself
 * bridged and keeps its link lines up to date: where the frames come from, when the source was last heard, and
 * the frames received, skipped at the source and dropped incomplete.
 */
final class FarChannel implements AutoCloseable {
    private final ReceiverOptions o;
    private final Consumer<String> log;
    private final Hello geometry = new Hello();
    private ChannelWriter writer;
    private long channels;
    private long currentSender;
    private long currentSenderSkipped;
    /** Frames the earlier senders (before a restart) said they skipped. */
    private long skippedBefore;
    private long sessions;

    FarChannel(ReceiverOptions options, Consumer<String> log) {
        this.o = options;
        this.log = log;
    }

    /** @return the channel's writer, or null before the first HELLO and after the source closed */
    ChannelWriter writer() {
        return writer;
    }

    /**
     * A HELLO arrived: creates the channel, or replaces it when the geometry changed; follows the sender's skips.
     *
     * @param h      the decoded, checked HELLO
     * @param source who sent it (Aeron's source identity, {@code ip:port})
     */
    void onHello(Hello h, String source) {
        if (h.senderId != currentSender) {
            skippedBefore += currentSenderSkipped;
            currentSender = h.senderId;
            currentSenderSkipped = 0;
            sessions++;
            log.accept("sender of '" + h.channel + "' on " + h.host + " (" + source + ") is heard; "
                    + (h.lossless ? "lossless" : "latest") + ", " + h.slotCount + " slots of " + h.slotSize + " bytes");
        }
        currentSenderSkipped = Math.max(currentSenderSkipped, h.skipped);
        if (wouldReplace(h)) {
            log.accept("the source's geometry changed to " + h.slotCount + " slots of " + h.slotSize + " bytes:"
                    + " closing channel '" + o.channel() + "' and creating it anew");
            closeChannel();
        }
        if (writer == null) {
            create(h, source);
        }
    }

    /** Whether {@code h} would make {@link #onHello} replace the channel. */
    boolean wouldReplace(Hello h) {
        return writer != null && !geometry.sameGeometry(h);
    }

    private void create(Hello h, String source) {
        if (h.slotSize > Integer.MAX_VALUE) {
            throw new BridgeException("the source's slots hold " + h.slotSize + " bytes; the bridge carries frames"
                    + " of up to 2 GiB");
        }
        ChannelConfig config = ChannelConfig.of(o.channel(), h.slotSize).withSlots(h.slotCount)
                .withRingCapacity(h.ringCapacity).withMaxReaders(h.maxReaders).withBacking(o.backing())
                .withDirectory(o.directory());
        writer = FrameChannel.create(o.group() == null ? config : config.withGroup(o.group()));
        geometry.copyFrom(h);
        channels++;
        writer.link().declareBridge(h.channel + "@" + h.host + " from " + source);
        writer.note("framebus bridge receive: '" + h.channel + "' of " + h.host + " (" + source + "), pid "
                + ProcessHandle.current().pid());
        log.accept((writer.tookOver() ? "took over" : "created") + " channel '" + o.channel() + "' (" + h.slotCount
                + " slots of " + h.slotSize + " bytes, " + writer.backing().name().toLowerCase(java.util.Locale.ROOT)
                + ") at " + writer.path());
    }

    /** The source channel was closed: so is this one (its readers drain it, then see it closed). */
    void onClosed() {
        if (writer != null) {
            log.accept("the source closed its channel: closing '" + o.channel() + "'");
            closeChannel();
        }
    }

    private void closeChannel() {
        ChannelWriter w = writer;
        writer = null;
        w.close();
    }

    /** Updates the link lines; no syscall, no allocation. */
    void report(long heardNanos, long received, long incomplete) {
        if (writer != null) {
            writer.link().update(heardNanos, received, sourceSkipped(), incomplete);
        }
    }

    long sourceSkipped() {
        return skippedBefore + currentSenderSkipped;
    }

    long channels() {
        return channels;
    }

    long sessions() {
        return sessions;
    }

    long slotSize() {
        return geometry.slotSize;
    }

    @Override
    public void close() {
        if (writer != null) {
            closeChannel();
        }
    }
}
