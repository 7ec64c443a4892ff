package io.framebus.mains;

import io.framebus.ChannelReader;
import io.framebus.Frame;
import io.framebus.FrameChannel;
import io.framebus.ReaderOptions;

import java.nio.file.Path;
import java.time.Duration;

/** Test child: attaches, takes one frame, prints HOLDING with its sequence and holds it until killed. Args: name dir */
public final class HoldingReaderMain {
    private HoldingReaderMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        ReaderOptions options = ReaderOptions.latest().withDirectory(Path.of(args[1]))
                .withAttachTimeout(Duration.ofSeconds(30)).withLabel("holding reader");
        ChannelReader reader = FrameChannel.attach(args[0], options);
        Frame frame = reader.tryTake(Duration.ofSeconds(30));
        System.out.println("HOLDING seq=" + (frame == null ? 0 : frame.sequence()) + " pid="
                + ProcessHandle.current().pid());
        Thread.sleep(Long.MAX_VALUE);
    }
}
