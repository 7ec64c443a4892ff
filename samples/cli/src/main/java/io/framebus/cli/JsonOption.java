package io.framebus.cli;

import picocli.CommandLine.Option;

/** {@code --json}: machine-readable output. */
public final class JsonOption {
    @Option(names = "--json", description = "Print JSON on stdout instead of text (messages still go to stderr).")
    boolean json;

    public boolean json() {
        return json;
    }
}
