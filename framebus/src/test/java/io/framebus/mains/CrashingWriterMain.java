package io.framebus.mains;

import io.framebus.ChannelConfig;
import io.framebus.ChannelWriter;
import io.framebus.FrameChannel;
import io.framebus.FrameClaim;
import io.framebus.testkit.FramePattern;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Test child: publishes {@code frames} patterned frames, then claims one more slot, writes half of
 * the next frame's pattern into it, prints CLAIMED seq and waits to be killed.
 * Args: name dir slots slotSize frames [waitReaders]
 */
public final class CrashingWriterMain {
    public static void main(String[] args) throws Exception {
        String name = args[0];
        long slotSize = Long.parseLong(args[3]);
        int frames = Integer.parseInt(args[4]);
        ChannelWriter writer = FrameChannel.create(ChannelConfig.of(name, slotSize)
                .withSlots(Integer.parseInt(args[2])).withDirectory(Path.of(args[1])));
        System.out.println("READY generation=" + writer.generation() + " tookOver=" + writer.tookOver());
        writer.awaitReaders(args.length > 5 ? Integer.parseInt(args[5]) : 0, Duration.ofSeconds(60));
        for (int i = 0; i < frames; i++) {
            FrameClaim claim = writer.claim(Duration.ofSeconds(30));
            FramePattern.fill(claim.segment(), slotSize, claim.sequence());
            claim.length(slotSize).publish();
        }
        FrameClaim claim = writer.claim(Duration.ofSeconds(30));
        FramePattern.fill(claim.segment(), slotSize / 2, claim.sequence());
        System.out.println("CLAIMED " + claim.sequence() + " slot=" + claim.slot());
        Thread.sleep(Long.MAX_VALUE);
    }
}
