package io.framebus.cli;

import io.framebus.ReaderOptions;
import picocli.CommandLine.Option;

import java.time.Duration;

/** {@code --attach-timeout-ms}: how long a reading stage waits for its input channels to appear. */
public final class AttachOption {
    @Option(names = "--attach-timeout-ms", defaultValue = "120000", paramLabel = "T",
            description = "How long to wait for input channels to appear, in ms (default: ${DEFAULT-VALUE}).")
    long attachTimeoutMs;

    Duration attachTimeout() {
        if (attachTimeoutMs < 0) {
            throw new IllegalArgumentException("--attach-timeout-ms must be >= 0, got " + attachTimeoutMs);
        }
        return Duration.ofMillis(attachTimeoutMs);
    }

    /**
     * A stage's reader options for one input: labelled for {@code inspect}, in the stage's directory, waiting
     * {@code --attach-timeout-ms} for the channel to appear.
     */
    ReaderOptions apply(ReaderOptions options, String label, DirOption dir) {
        return options.withLabel(label).withDirectory(dir.dir()).withAttachTimeout(attachTimeout());
    }
}
