package io.framebus.mains;

import io.framebus.ChannelReader;
import io.framebus.Frame;
import io.framebus.FrameChannel;
import io.framebus.ReaderMode;
import io.framebus.ReaderOptions;
import io.framebus.ReadStatus;
import io.framebus.testkit.FramePattern;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Test child: attaches and verifies every byte of every frame it takes.
 * Args: name dir mode count holdMs [idleExitMs]
 * Prints ATTACHED row=r, TOOK seq after each frame, then
 * RESULT received= skipped= lost= failures= gaps= first= last= writerDead=
 */
public final class PatternReaderMain {
    public static void main(String[] args) throws Exception {
        String name = args[0];
        Path dir = Path.of(args[1]);
        ReaderMode mode = ReaderMode.valueOf(args[2].toUpperCase());
        long count = Long.parseLong(args[3]);
        long holdMs = Long.parseLong(args[4]);
        long idleExitMs = args.length > 5 ? Long.parseLong(args[5]) : 30_000;
        long received = 0, failures = 0, gaps = 0, first = -1, last = -1;
        boolean writerDead = false;
        try (ChannelReader reader = FrameChannel.attach(name, ReaderOptions.of(mode).withHoldLimit(1).withDirectory(dir)
                .withAttachTimeout(Duration.ofSeconds(30)))) {
            System.out.println("ATTACHED row=" + reader.row());
            long idleSince = System.nanoTime();
            while (received < count) {
                Frame frame = reader.tryTake();
                if (frame == null) {
                    ReadStatus status = reader.await(Duration.ofMillis(200));
                    if (status == ReadStatus.CLOSED) {
                        break;
                    }
                    if (status == ReadStatus.WRITER_DEAD) {
                        writerDead = true;
                        Thread.sleep(20);
                    }
                    if (status == ReadStatus.FRAME || status == ReadStatus.WRITER_RESTARTED) {
                        continue;
                    }
                    if ((System.nanoTime() - idleSince) / 1_000_000 > idleExitMs) {
                        break;
                    }
                    continue;
                }
                idleSince = System.nanoTime();
                try (Frame held = frame) {
                    long seq = held.sequence();
                    System.out.println("HOLDING " + seq);
                    if (holdMs > 0) {
                        Thread.sleep(holdMs);
                    }
                    long bad = FramePattern.verify(held.segment(), held.length(), seq);
                    if (bad >= 0) {
                        failures++;
                        System.out.println("MISMATCH seq=" + seq + " offset=" + bad + " looksLike="
                                + FramePattern.sequenceAt(held.segment(), bad & ~7));
                    }
                    if (last >= 0 && seq != last + 1) {
                        gaps++;
                    }
                    if (first < 0) {
                        first = seq;
                    }
                    last = seq;
                    received++;
                    System.out.println("TOOK " + seq);
                }
            }
            System.out.println("RESULT received=" + received + " skipped=" + reader.skipped() + " lost=" + reader.lost()
                    + " failures=" + failures + " gaps=" + gaps + " first=" + first + " last=" + last
                    + " writerDead=" + writerDead);
        }
    }
}
