package io.framebus.mains;

import io.framebus.Backing;
import io.framebus.ChannelConfig;
import io.framebus.ChannelWriter;
import io.framebus.FrameChannel;
import io.framebus.FrameClaim;
import io.framebus.testkit.FramePattern;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Test child: creates a channel and publishes frames whose every byte follows {@link FramePattern}.
 * Args: name dir slots slotSize frames waitReaders periodMs [exitWithoutClose] [pauseAtFrame:readers]
 * Prints READY, then PUBLISHED n after each frame, then DONE published=n.
 */
public final class PatternWriterMain {
    public static void main(String[] args) throws Exception {
        String name = args[0];
        Path dir = Path.of(args[1]);
        int slots = Integer.parseInt(args[2]);
        long slotSize = Long.parseLong(args[3]);
        int frames = Integer.parseInt(args[4]);
        int waitReaders = Integer.parseInt(args[5]);
        long periodMs = Long.parseLong(args[6]);
        boolean exitWithoutClose = args.length > 7 && Boolean.parseBoolean(args[7]);
        long pauseAt = args.length > 8 ? Long.parseLong(args[8].split(":")[0]) : -1;
        int pauseReaders = args.length > 8 ? Integer.parseInt(args[8].split(":")[1]) : 0;
        ChannelWriter writer = FrameChannel.create(ChannelConfig.of(name, slotSize).withSlots(slots)
                .withBacking(Backing.AUTO).withDirectory(dir));
        System.out.println("READY generation=" + writer.generation() + " tookOver=" + writer.tookOver()
                + " published=" + writer.published());
        if (!writer.awaitReaders(waitReaders, Duration.ofSeconds(60))) {
            System.out.println("FAILED readers did not attach");
            System.exit(3);
        }
        for (int i = 0; i < frames; i++) {
            FrameClaim claim = writer.claim(Duration.ofSeconds(60));
            if (claim == null) {
                System.out.println("FAILED no slot within 60 s");
                System.exit(4);
            }
            FramePattern.fill(claim.segment(), slotSize, claim.sequence());
            long seq = claim.length(slotSize).publish();
            System.out.println("PUBLISHED " + seq);
            if (seq == pauseAt && !writer.awaitReaders(pauseReaders, Duration.ofSeconds(60))) {
                System.out.println("FAILED readers did not attach at frame " + seq);
                System.exit(3);
            }
            if (periodMs > 0) {
                Thread.sleep(periodMs);
            }
        }
        System.out.println("DONE published=" + writer.published() + " stallMs=" + writer.maxStallNanos() / 1_000_000);
        if (exitWithoutClose) {
            Runtime.getRuntime().halt(0);
        }
        writer.close();
    }
}
