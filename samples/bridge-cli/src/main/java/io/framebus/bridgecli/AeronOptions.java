package io.framebus.bridgecli;

import io.framebus.bridge.AeronSettings;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --aeron-dir}, {@code --stream-id}, {@code --interface}: how a bridge uses Aeron. */
final class AeronOptions {
    @Option(names = "--aeron-dir", paramLabel = "DIR",
            description = "Use the external Aeron media driver running in DIR (its aeron.dir). Default: a driver"
                    + " embedded in this process, in its own directory under /dev/shm.")
    Path aeronDir;

    @Option(names = "--stream-id", defaultValue = "" + AeronSettings.DEFAULT_STREAM, paramLabel = "N",
            description = "Aeron stream id; sender and receiver must agree (default: ${DEFAULT-VALUE}).")
    int streamId;

    @Option(names = "--interface", paramLabel = "ADDRESS",
            description = "Local address to send from, or for multicast the interface to join on. Default: the"
                    + " operating system's choice.")
    String networkInterface;

    AeronSettings settings() {
        return new AeronSettings(aeronDir, streamId, networkInterface);
    }
}
