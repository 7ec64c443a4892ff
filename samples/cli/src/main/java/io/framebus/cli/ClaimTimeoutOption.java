package io.framebus.cli;

import picocli.CommandLine.Option;

import java.time.Duration;

/**
 * {@code --claim-timeout-ms T}: how long a writing stage waits for a free slot of its output before it drops the
 * frame (and counts it). Lossless readers that fall behind make the stage wait; a chain that must lose nothing
 * gives a long timeout (the demo gives 60 s: a dead stage is seen by the demo, which then stops everything).
 */
public final class ClaimTimeoutOption {
    @Option(names = "--claim-timeout-ms", defaultValue = "1000", paramLabel = "T",
            description = "How long to wait for a free output slot before dropping a frame; lossless readers that"
                    + " fall behind make the stage wait (default: ${DEFAULT-VALUE}).")
    long claimTimeoutMs;

    /**
     * @return the timeout
     * @throws IllegalArgumentException when it is negative
     */
    Duration claimTimeout() {
        if (claimTimeoutMs < 0) {
            throw new IllegalArgumentException("--claim-timeout-ms must be >= 0, got " + claimTimeoutMs);
        }
        return Duration.ofMillis(claimTimeoutMs);
    }
}
