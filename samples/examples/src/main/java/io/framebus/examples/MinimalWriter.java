package io.framebus.examples;

import io.framebus.ChannelConfig;
import io.framebus.ChannelWriter;
import io.framebus.FrameChannel;
import io.framebus.FrameClaim;
import io.framebus.PixelFormat;

import java.lang.foreign.MemorySegment;
import java.time.Duration;

/**
 * The smallest writer: creates channel {@code args[0]} (default "example") of 640x480 BGR24 frames,
 * waits for one reader, publishes {@code args[1]} frames (default 100) and closes the channel.
 *
 * <pre>
 * java --enable-native-access=io.framebus -p framebus.jar:examples.jar \
 *      -m io.framebus.examples/io.framebus.examples.MinimalWriter
 * </pre>
 */
public final class MinimalWriter {
    private MinimalWriter() {
    }

    /**
     * @param args channel name, frame count
     */
    public static void main(String[] args) {
        String name = args.length > 0 ? args[0] : "example";
        int frames = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        // README:writer
        ChannelConfig config = ChannelConfig.of(name, 640 * 480 * 3).withSlots(4); // one BGR24 frame per slot
        try (ChannelWriter writer = FrameChannel.create(config)) {
            writer.awaitReaders(1, Duration.ofSeconds(30));
            for (int i = 0; i < frames; i++) {
                FrameClaim claim = writer.claim(Duration.ofSeconds(5));  // null if readers hold every slot
                if (claim == null) {
                    throw new IllegalStateException("no free slot for 5 s");
                }
                MemorySegment pixels = claim.segment();                   // the slot itself: write in place
                pixels.fill((byte) i);
                claim.video(640, 480, 640 * 3, PixelFormat.BGR24).pts(i * 33_333L).publish();
            }
        } // close() tells readers the channel is closed, and removes its file
        // README:end
        System.out.println("published " + frames + " frames on " + name);
    }
}
