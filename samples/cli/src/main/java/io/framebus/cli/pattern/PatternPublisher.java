package io.framebus.cli.pattern;

import io.framebus.Backing;
import io.framebus.ChannelConfig;
import io.framebus.ChannelSnapshot;
import io.framebus.ChannelWriter;
import io.framebus.FrameChannel;
import io.framebus.FrameClaim;
import io.framebus.FramebusException;
import io.framebus.PixelFormat;
import io.framebus.PageReport;
import io.framebus.testkit.FramePattern;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.concurrent.locks.LockSupport;

/**
 * Creates a channel and publishes video frames whose every byte is the {@link FramePattern} of the
 * frame's sequence number, so any reader can check each frame it takes (see {@link PatternSubscriber}).
 */
public final class PatternPublisher {
    private PatternPublisher() {
    }

    /**
     * What to publish.
     *
     * @param channel            channel name
     * @param width              frame width in pixels
     * @param height             frame height in pixels
     * @param format             pixel format (not {@link PixelFormat#UNKNOWN})
     * @param frames             frames to publish (at least 1)
     * @param slots              slots of the channel
     * @param fps                frames per second, or 0 for as fast as the readers allow
     * @param waitReaders        readers to wait for before the first frame (0: none)
     * @param waitReadersTimeout how long to wait for them
     * @param backing            memory backing
     * @param directory          channel directory, or null to choose by backing
     * @param maxReaders         reader rows of the channel
     * @param holdLimit          frames one reader may hold, or 0 for the channel default
     * @param claimTimeout       how long one claim may wait for a free slot
     * @param group        the group to share the channel with, or null
     */
    public record Options(String channel, int width, int height, PixelFormat format, long frames, int slots,
                          double fps, int waitReaders, Duration waitReadersTimeout, Backing backing, Path directory,
                          int maxReaders, int holdLimit, Duration claimTimeout, String group) {
        public Options {
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(backing, "backing");
            Objects.requireNonNull(claimTimeout, "claimTimeout");
            Objects.requireNonNull(waitReadersTimeout, "waitReadersTimeout");
            if (width <= 0 || height <= 0) {
                throw new IllegalArgumentException("frame size must be positive, got " + width + "x" + height);
            }
            if (format == PixelFormat.UNKNOWN) {
                throw new IllegalArgumentException(
                        "pixel format 'unknown' has no size; use e.g. bgr24, rgba, gray8, i420");
            }
            if (slots < 2) {
                throw new IllegalArgumentException("--slots must be at least 2 (the writer fills one while readers"
                        + " hold another), got " + slots);
            }
            if (frames < 1) {
                throw new IllegalArgumentException("--frames must be at least 1, got " + frames);
            }
            if (fps < 0 || Double.isNaN(fps) || Double.isInfinite(fps)) {
                throw new IllegalArgumentException("--fps must be a positive number, got " + fps);
            }
            if (waitReaders < 0) {
                throw new IllegalArgumentException("--wait-readers must be >= 0, got " + waitReaders);
            }
            if (waitReaders > maxReaders) {
                throw new IllegalArgumentException("--wait-readers " + waitReaders + " can never be met: the channel"
                        + " allows at most " + maxReaders + " readers (--max-readers)");
            }
            if (claimTimeout.isNegative() || claimTimeout.isZero()) {
                throw new IllegalArgumentException("claim timeout must be positive, got " + claimTimeout.toMillis()
                        + " ms");
            }
        }

        /** Bytes of one frame: width x height x bytes per pixel (or the planar size). */
        public long frameBytes() {
            return format.bytesPerPixel() > 0 ? (long) stride() * height : format.frameBytes(width, height);
        }

        /** Bytes per row: width x bytes per pixel (width for planar formats, the luma row). */
        public int stride() {
            return format.bytesPerPixel() > 0 ? Math.multiplyExact(width, format.bytesPerPixel()) : width;
        }
    }

    /**
     * How a run went.
     *
     * @param channel         channel name
     * @param path            the channel file (removed again when the run ended)
     * @param frames          frames published
     * @param frameBytes      bytes per frame
     * @param seconds         from the first claim to the last publish
     * @param backing         the backing the channel got
     * @param pages           pages the kernel really gave the slots
     * @param placementReason why this backing and directory were chosen
     * @param generation      writer generation (above 1 after taking over a dead writer's channel)
     * @param tookOver        whether this writer took over a dead writer's channel
     * @param maxStallMillis  longest wait for a free slot
     */
    public record Result(String channel, String path, long frames, long frameBytes, double seconds, Backing backing,
                         PageReport pages, String placementReason, long generation, boolean tookOver,
                         double maxStallMillis) {
        public double fps() {
            return seconds > 0 ? frames / seconds : 0;
        }

        /** Payload written per second, in decimal gigabytes. */
        public double gigabytesPerSecond() {
            return seconds > 0 ? frames * (double) frameBytes / seconds / 1e9 : 0;
        }
    }

    /**
     * Creates the channel, waits for readers if asked, publishes the frames and closes the writer
     * (which removes the channel file).
     *
     * @param status receives progress messages for a human (e.g. "waiting for 2 readers")
     * @throws FramebusException when a claim times out, naming the readers that hold the writer back
     */
    public static Result run(Options o, Consumer<String> status) {
        long frameBytes = o.frameBytes();
        ChannelConfig config = ChannelConfig.of(o.channel(), frameBytes)
                .withSlots(o.slots())
                .withMaxReaders(o.maxReaders())
                .withBacking(o.backing())
                .withDirectory(o.directory())
                .withHoldLimit(o.holdLimit())
                .withGroup(o.group());
        try (ChannelWriter writer = FrameChannel.create(config)) {
            writer.note("framebus pub: " + o.width() + "x" + o.height() + " " + o.format().name().toLowerCase()
                    + " sequence pattern, pid " + ProcessHandle.current().pid());
            if (o.waitReaders() > 0 && writer.readerCount() < o.waitReaders()) {
                status.accept("waiting up to " + o.waitReadersTimeout().toSeconds() + " s for " + o.waitReaders()
                        + " reader(s) on channel '" + o.channel() + "' (" + writer.path() + ")");
                if (!writer.awaitReaders(o.waitReaders(), o.waitReadersTimeout())) {
                    throw new FramebusException("only " + writer.readerCount() + " of " + o.waitReaders()
                            + " readers attached to channel '" + o.channel() + "' within "
                            + o.waitReadersTimeout().toMillis() + " ms; start them with 'framebus sub --channel "
                            + o.channel() + "' or raise --wait-timeout-ms");
                }
            }
            long periodNanos = o.fps() > 0 ? Math.max(1, Math.round(1e9 / o.fps())) : 0;
            int stride = o.stride();
            long start = System.nanoTime();
            AtomicLong published = new AtomicLong();
            Thread onSignal = Thread.ofPlatform().unstarted(() -> status.accept("stopped by a signal after "
                    + published.get() + " of " + o.frames() + " frames; the channel was closed and its file removed"));
            Runtime.getRuntime().addShutdownHook(onSignal);
            try {
                for (long i = 0; i < o.frames(); i++) {
                    if (periodNanos > 0) {
                        pace(start + i * periodNanos); // a fixed schedule: lateness does not accumulate
                    }
                    FrameClaim claim = writer.claim(o.claimTimeout());
                    if (claim == null) {
                        throw new FramebusException(claimTimeoutMessage(o, writer));
                    }
                    FramePattern.fill(claim.segment(), frameBytes, claim.sequence());
                    claim.video(o.width(), o.height(), stride, o.format()).publish();
                    published.lazySet(i + 1);
                }
            } catch (IllegalStateException e) {
                if (shuttingDown()) {
                    // Ctrl-C or kill: the writer's shutdown hook closed the channel under us and ours
                    // reports it; the JVM halts once the hooks are done.
                    while (true) {
                        LockSupport.park();
                    }
                }
                throw e;
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(onSignal);
                } catch (IllegalStateException e) {
                    // shutting down: the hook reports the stop
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Result(o.channel(), writer.path().toString(), o.frames(), frameBytes, seconds,
                    writer.backing(), writer.pageReport(), writer.placementReason(), writer.generation(),
                    writer.tookOver(), writer.maxStallNanos() / 1e6);
        }
    }

    private static boolean shuttingDown() {
        try {
            Thread probe = Thread.ofPlatform().unstarted(() -> { });
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    private static void pace(long deadline) {
        long wait;
        while ((wait = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    /** Names the lossless readers that are behind: they are what keeps every slot busy. */
    private static String claimTimeoutMessage(Options o, ChannelWriter writer) {
        StringBuilder m = new StringBuilder("no free slot in channel '").append(o.channel()).append("' within ")
                .append(o.claimTimeout().toMillis()).append(" ms (after ").append(writer.published())
                .append(" frames): lossless readers back-pressure the writer, and the slowest has not taken the"
                        + " frames it is owed");
        try {
            ChannelSnapshot s = FrameChannel.inspect(o.channel(), writer.path().getParent());
            StringBuilder who = new StringBuilder();
            for (ChannelSnapshot.Reader r : s.readers()) {
                if (r.mode().equals("lossless") || !r.holds().isEmpty()) {
                    who.append(who.isEmpty() ? "" : ", ").append("pid ").append(r.pid()).append(" (")
                            .append(r.mode()).append(", ").append(r.lag()).append(" behind, holding ")
                            .append(r.holds().size()).append(')');
                }
            }
            if (!who.isEmpty()) {
                m.append(": ").append(who);
            }
        } catch (RuntimeException e) {
            // the diagnosis is a bonus; the timeout is the error
        }
        return m.append("; speed up or stop the slow reader, use --mode latest for it, or raise --claim-timeout-ms")
                .toString();
    }
}
