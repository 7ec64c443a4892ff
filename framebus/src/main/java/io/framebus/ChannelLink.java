package io.framebus;

import io.framebus.internal.Faults;
import io.framebus.internal.MappedChannel;
import io.framebus.layout.LinkFlyweight;

import java.util.Objects;

/**
 * Where a channel's frames come from, as its writer tells {@code framebus inspect} and {@code ls}: set by a
 * writer whose frames arrive from elsewhere, such as a network bridge that receives another host's channel.
 * Obtain it with {@link ChannelWriter#link()}; it is used by the writer's thread.
 *
 * <pre>{@code
 * writer.link().declareBridge("aeron:udp?endpoint=10.0.0.2:40123 from 10.0.0.1");
 * writer.link().update(System.nanoTime(), received, skippedAtSource, incomplete); // whenever the source is heard
 * }</pre>
 *
 * <p>A writer that declares a link refreshes {@link #update} at least every {@value #REFRESH_MILLIS} ms while it
 * hears its source; readers of the channel ({@link ChannelSnapshot.Link#sourceGone()}) take a source not heard
 * for {@value #GONE_AFTER_MILLIS} ms as gone.
 */
public final class ChannelLink {
    /** How often a writer with a live source refreshes the last-heard time, at least. */
    public static final long REFRESH_MILLIS = 100;
    /** A source not heard for this long is shown as gone. */
    public static final long GONE_AFTER_MILLIS = 1_000;

    private final MappedChannel channel;
    private final LinkFlyweight link;

    ChannelLink(MappedChannel channel) {
        this.channel = channel;
        this.link = channel.control().link();
    }

    /**
     * Declares that a network bridge writes this channel's frames, and what it receives from.
     *
     * @param source the bridge's source, e.g. its Aeron channel and the peer's address; at most 63 bytes of UTF-8
     *               are kept
     */
    public void declareBridge(String source) {
        Objects.requireNonNull(source, "source");
        try {
            link.declare(LinkFlyweight.BRIDGE, source);
        } catch (InternalError e) {
            throw Faults.truncated(channel, e);
        }
    }

    /**
     * Records the link's progress. Allocation-free; no syscall.
     *
     * @param heardNanos    {@link System#nanoTime()} when the source was last heard
     * @param received      frames received whole and published so far
     * @param sourceSkipped frames the source says it skipped so far (a LATEST source that fell behind)
     * @param incomplete    frames dropped because they arrived incomplete (their sender died, or they had a gap)
     */
    public void update(long heardNanos, long received, long sourceSkipped, long incomplete) {
        try {
            link.update(heardNanos, received, sourceSkipped, incomplete);
        } catch (InternalError e) {
            throw Faults.truncated(channel, e);
        }
    }
}
