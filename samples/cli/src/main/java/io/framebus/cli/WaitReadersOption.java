package io.framebus.cli;

import io.framebus.ChannelWriter;
import io.framebus.FramebusException;
import io.framebus.cli.stage.StageRun;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code --wait-readers K} and {@code --wait-timeout-ms T}: a writing stage waits until K readers have
 * attached to its output channel before it publishes anything, so that lossless readers downstream see
 * the first frame too.
 */
public final class WaitReadersOption {
    @Option(names = "--wait-readers", defaultValue = "0", paramLabel = "K",
            description = "Wait until K readers have attached before the first frame (e.g. so that a lossless"
                    + " reader sees every frame).")
    int readers;

    @Option(names = "--wait-timeout-ms", defaultValue = "120000", paramLabel = "T",
            description = "How long --wait-readers waits, in ms (default: ${DEFAULT-VALUE}).")
    long timeoutMs;

    /** Checks the values. */
    void validate() {
        if (readers < 0 || timeoutMs < 0) {
            throw new IllegalArgumentException("--wait-readers and --wait-timeout-ms must be >= 0");
        }
    }

    /** How many readers to wait for. */
    int readers() {
        return readers;
    }

    /** How long to wait. */
    Duration timeout() {
        return Duration.ofMillis(timeoutMs);
    }

    /** Waits for the readers of {@code writer}, giving up on a stop request or after the timeout. */
    void await(ChannelWriter writer, StageRun run) {
        if (readers == 0) {
            return;
        }
        long deadline = System.nanoTime() + timeout().toNanos();
        while (writer.readerCount() < readers && !run.stopRequested()) {
            if (System.nanoTime() - deadline >= 0) {
                throw new FramebusException("only " + writer.readerCount() + " of " + readers
                        + " readers attached to channel '" + writer.name() + "' within " + timeoutMs + " ms");
            }
            LockSupport.parkNanos(5_000_000);
        }
    }
}
