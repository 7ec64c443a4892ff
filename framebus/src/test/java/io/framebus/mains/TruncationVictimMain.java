package io.framebus.mains;

import io.framebus.ChannelConfig;
import io.framebus.ChannelReader;
import io.framebus.ChannelTruncatedException;
import io.framebus.ChannelWriter;
import io.framebus.FrameChannel;
import io.framebus.FrameClaim;
import io.framebus.ReaderOptions;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Test child: writes or reads a group channel until its control file is truncated under it, then reports
 * how that surfaced: TYPED with the message of a {@link ChannelTruncatedException}, or UNTYPED with
 * anything else, then ALIVE (the process survived) and exits 0. Args: writer|reader name dir group
 */
public final class TruncationVictimMain {
    private TruncationVictimMain() {
    }

    public static void main(String[] args) throws Exception {
        String name = args[1];
        Path dir = Path.of(args[2]);
        try {
            if (args[0].equals("writer")) {
                write(name, dir, args[3]);
            } else {
                read(name, dir);
            }
            System.out.println("ENDED without an error");
        } catch (ChannelTruncatedException e) {
            System.out.println("TYPED " + e.getMessage());
        } catch (Throwable t) {
            System.out.println("UNTYPED " + t);
            t.printStackTrace(System.out);
        }
        System.out.println("ALIVE");
    }

    private static void write(String name, Path dir, String group) throws InterruptedException {
        try (ChannelWriter writer = FrameChannel.create(ChannelConfig.of(name, 1 << 20).withSlots(4)
                .withDirectory(dir).withGroup(group))) {
            System.out.println("READY");
            while (true) {
                FrameClaim claim = writer.claim(Duration.ofSeconds(1));
                if (claim != null) {
                    claim.segment().fill((byte) 7);
                    claim.video(512, 512, 2048, io.framebus.PixelFormat.BGRA).pts(1).publish();
                }
                Thread.sleep(2);
            }
        }
    }

    private static void read(String name, Path dir) {
        try (ChannelReader reader = FrameChannel.attach(name, ReaderOptions.latest().withDirectory(dir)
                .withAttachTimeout(Duration.ofSeconds(30)))) {
            System.out.println("READY");
            long sum = 0;
            while (true) {
                var status = reader.take(frame -> { }, Duration.ofMillis(100));
                sum += status.ordinal();
                if (sum < 0) {
                    return;
                }
            }
        }
    }
}
