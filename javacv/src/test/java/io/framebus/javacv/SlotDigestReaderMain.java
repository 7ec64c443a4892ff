package io.framebus.javacv;

import io.framebus.ChannelReader;
import io.framebus.Frame;
import io.framebus.FrameChannel;
import io.framebus.ReaderOptions;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;

/**
 * A reader in its own process: attaches LOSSLESS to channel {@code args[0]} in {@code args[1]}, prints
 * {@code READY}, then for each of {@code args[2]} frames one line {@code FRAME seq=.. width=.. height=..
 * stride=.. sha256=..} over the frame's bytes as this process sees them in the slot.
 */
public final class SlotDigestReaderMain {
    private SlotDigestReaderMain() {
    }

    public static void main(String[] args) throws Exception {
        ReaderOptions options = ReaderOptions.lossless().withDirectory(Path.of(args[1]))
                .withAttachTimeout(Duration.ofSeconds(20));
        int frames = Integer.parseInt(args[2]);
        try (ChannelReader reader = FrameChannel.attach(args[0], options)) {
            System.out.println("READY");
            for (int i = 0; i < frames; i++) {
                try (Frame frame = reader.tryTake(Duration.ofSeconds(20))) {
                    if (frame == null) {
                        System.out.println("TIMEOUT");
                        return;
                    }
                    MessageDigest sha = MessageDigest.getInstance("SHA-256");
                    ByteBuffer bytes = frame.byteBuffer();
                    sha.update(bytes);
                    System.out.println("FRAME seq=" + frame.sequence() + " width=" + frame.width() + " height="
                            + frame.height() + " stride=" + frame.stride() + " sha256="
                            + HexFormat.of().formatHex(sha.digest()));
                }
            }
        }
    }
}
