package io.framebus.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Options every pipeline stage command shares: progress lines, and the demo's hidden hooks. */
public final class StageOptions {
    @Option(names = "--progress", description = "Print machine-readable 'PROGRESS {json}' lines every 250 ms (frames"
            + " done, fps so far, skipped) and one 'SUMMARY {json}' line at the end, on stdout.")
    boolean progress;

    /** Per-frame times for the demo's exact publish-to-take join (see StageMetrics). */
    @Option(names = "--timings", hidden = true, paramLabel = "FILE")
    Path timings;

    /** Stop on a 'stop' line or at the end of stdin (the demo's children: no orphan outlives its parent). */
    @Option(names = "--control-stdin", hidden = true)
    boolean controlStdin;

    boolean progress() {
        return progress;
    }
}
