package io.framebus.mains;

import io.framebus.ChannelAccessDeniedException;
import io.framebus.ChannelReader;
import io.framebus.FrameChannel;
import io.framebus.ReaderOptions;

import java.nio.file.Path;

/** Test child: tries to attach to a channel; prints ATTACHED, or DENIED with the message. Args: name dir */
public final class AttachProbeMain {
    public static void main(String[] args) {
        ReaderOptions options = ReaderOptions.latest().withDirectory(Path.of(args[1]));
        try (ChannelReader reader = FrameChannel.attach(args[0], options)) {
            System.out.println("ATTACHED row=" + reader.row());
        } catch (ChannelAccessDeniedException e) {
            System.out.println("DENIED " + e.getMessage());
        }
    }
}
