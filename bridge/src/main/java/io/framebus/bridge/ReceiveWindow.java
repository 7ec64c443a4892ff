package io.framebus.bridge;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The receiver's flow-control window and socket receive buffer. Aeron's own default window (128 KiB) holds
 * a fiftieth of a 1080p frame: the sender then waits a round trip every 128 KiB and the bridge carries less
 * than half of what it does with 4 MiB. The kernel caps a socket's receive buffer at
 * {@code net.core.rmem_max}; a window larger than the buffer only makes the kernel drop datagrams (which Aeron
 * repairs, slowly) whenever the receiving thread is not scheduled, so the window is capped there too.
 */
final class ReceiveWindow {
    private static final Path RMEM_MAX = Path.of("/proc/sys/net/core/rmem_max");

    private ReceiveWindow() {
    }

    /**
     * @param asked the window asked for, in bytes (0: Aeron's defaults)
     * @return what to use: {@code asked}, or {@code net.core.rmem_max} when that is smaller
     */
    static int effective(int asked) {
        OptionalLong max = rmemMax();
        return asked > 0 && max.isPresent() && max.getAsLong() < asked ? (int) max.getAsLong() : asked;
    }

    /** @return this host's {@code net.core.rmem_max}, if it can be read */
    static OptionalLong rmemMax() {
        try {
            // a line reader: Files.readString reads a /proc file (size 0) only in part
            try (BufferedReader in = Files.newBufferedReader(RMEM_MAX)) {
                return OptionalLong.of(Long.parseLong(String.valueOf(in.readLine()).strip()));
            }
        } catch (IOException | NumberFormatException | SecurityException e) {
            return OptionalLong.empty();
        }
    }
}
