package io.framebus.examples;

import io.framebus.ChannelReader;
import io.framebus.FrameChannel;
import io.framebus.FrameHandler;
import io.framebus.ReadStatus;
import io.framebus.ReaderOptions;

import java.lang.foreign.ValueLayout;
import java.time.Duration;

/**
 * The smallest reader: attaches to channel {@code args[0]} (default "example") as a LOSSLESS reader,
 * reads every frame in place until the writer closes the channel, and prints what it saw.
 *
 * <pre>
 * java --enable-native-access=io.framebus -p framebus.jar:examples.jar \
 *      -m io.framebus.examples/io.framebus.examples.MinimalReader
 * </pre>
 */
public final class MinimalReader {
    private static long frames;
    private static long checksum;

    private MinimalReader() {
    }

    /**
     * @param args channel name
     */
    public static void main(String[] args) {
        String name = args.length > 0 ? args[0] : "example";
        // README:reader
        ReaderOptions options = ReaderOptions.lossless().withAttachTimeout(Duration.ofSeconds(30));
        try (ChannelReader reader = FrameChannel.attach(name, options)) {
            FrameHandler handler = frame -> {                 // the frame is held while this runs
                frames++;
                checksum += frame.segment().get(ValueLayout.JAVA_BYTE, frame.length() - 1); // read in place
            };
            ReadStatus status;
            do {
                status = reader.take(handler, Duration.ofSeconds(1));
            } while (status != ReadStatus.CLOSED);            // also TIMEOUT, WRITER_DEAD, WRITER_RESTARTED
        }
        // README:end
        System.out.println("read " + frames + " frames from " + name + ", checksum " + checksum);
    }
}
