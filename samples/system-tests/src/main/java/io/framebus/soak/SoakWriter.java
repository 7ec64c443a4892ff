package io.framebus.soak;

import io.framebus.ChannelConfig;
import io.framebus.ChannelWriter;
import io.framebus.FrameChannel;
import io.framebus.FrameClaim;
import io.framebus.PixelFormat;
import io.framebus.testkit.FramePattern;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The soak's writer process: publishes patterned BGR24 frames as fast as the readers allow, reports
 * STAT lines, and on stdin "pause" stops publishing (PAUSED published=n), on "close" closes the
 * channel cleanly (CLOSED). Started again after being killed, it takes the channel over.
 * Args: channel dir|- width height slots
 */
public final class SoakWriter {
    private static final long STAT_NANOS = 250_000_000L;

    public static void main(String[] args) throws Exception {
        String channel = args[0];
        Path dir = args[1].equals("-") ? null : Path.of(args[1]);
        int width = Integer.parseInt(args[2]);
        int height = Integer.parseInt(args[3]);
        int slots = Integer.parseInt(args[4]);
        int stride = width * 3;
        long bytes = (long) stride * height;
        StdinCommands commands = new StdinCommands();
        ChannelWriter writer = FrameChannel.create(ChannelConfig.of(channel, bytes).withSlots(slots)
                .withMaxReaders(32).withDirectory(dir));
        System.out.println("READY generation=" + writer.generation() + " tookOver=" + writer.tookOver()
                + " published=" + writer.published() + " backing=" + writer.backing());
        long nextStat = System.nanoTime();
        boolean paused = false;
        while (!commands.has("close") && !commands.parentGone()) {
            if (commands.has("pause")) {
                if (!paused) {
                    paused = true;
                    System.out.println("PAUSED published=" + writer.published());
                }
                Thread.sleep(5);
                continue;
            }
            FrameClaim claim = writer.claim(Duration.ofMillis(100));
            if (claim != null) {
                FramePattern.fill(claim.segment(), bytes, claim.sequence());
                claim.video(width, height, stride, PixelFormat.BGR24).publish();
            }
            if (System.nanoTime() - nextStat >= 0) {
                System.out.println("STAT published=" + writer.published() + " stallMs="
                        + writer.maxStallNanos() / 1_000_000);
                nextStat = System.nanoTime() + STAT_NANOS;
            }
        }
        long published = writer.published();
        writer.close();
        System.out.println("CLOSED published=" + published);
    }
}
