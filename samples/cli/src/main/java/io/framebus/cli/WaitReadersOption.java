package io.framebus.cli;

import io.framebus.ChannelWriter;
import io.framebus.FramebusException;
import io.framebus.cli.stage.StageRun;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code --wait-readers K} and {@code --wait-timeout-ms T}: a writing stage waits until K readers have attached to
 * the channel it created before it publishes, so that readers started at the same time miss nothing.
 */
public final class WaitReadersOption {
    @Option(names = "--wait-readers", defaultValue = "0", paramLabel = "K",
            description = "Wait until K readers have attached to the output channel before the first frame (e.g. so"
                    + " that a lossless encoder sees every frame; default: ${DEFAULT-VALUE}, no wait).")
    int waitReaders;

    @Option(names = "--wait-timeout-ms", defaultValue = "120000", paramLabel = "T",
            description = "How long --wait-readers waits, in ms (default: ${DEFAULT-VALUE}).")
    long waitTimeoutMs;

    /** Fails on a negative count or timeout, before anything is created. */
    void validate() {
        if (waitReaders < 0 || waitTimeoutMs < 0) {
            throw new IllegalArgumentException("--wait-readers and --wait-timeout-ms must be >= 0, got "
                    + waitReaders + " and " + waitTimeoutMs);
        }
    }

    /** How many readers to wait for: what a stage that waits on several channels itself passes on. */
    int readers() {
        return waitReaders;
    }

    /** How long to wait. */
    Duration timeout() {
        return Duration.ofMillis(waitTimeoutMs);
    }

    /**
     * Waits for the readers, giving up early on a stop request.
     *
     * @param writer  the stage's output
     * @param run     the stage's run, whose stop request ends the wait
     * @param channel the output's name, for the error
     * @throws FramebusException when fewer than K readers attached within the timeout
     */
    void await(ChannelWriter writer, StageRun run, String channel) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitTimeoutMs);
        while (writer.readerCount() < waitReaders && !run.stopRequested()) {
            if (System.nanoTime() - deadline >= 0) {
                throw new FramebusException("only " + writer.readerCount() + " of " + waitReaders
                        + " readers attached to channel '" + channel + "' within " + waitTimeoutMs + " ms");
            }
            LockSupport.parkNanos(5_000_000);
        }
    }
}
