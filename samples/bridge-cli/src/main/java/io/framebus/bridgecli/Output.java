package io.framebus.bridgecli;

import io.framebus.cli.Json;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.Map;
import java.util.function.Consumer;

/** The bridge commands' output: messages for a human on stderr, the closing report on stdout. */
final class Output {
    private Output() {
    }

    /** @return where a command's messages go: stderr, one line each */
    static Consumer<String> messages(CommandSpec spec) {
        PrintWriter err = spec.commandLine().getErr();
        return message -> {
            err.println("framebus: " + message);
            err.flush();
        };
    }

    /** Prints the closing report: one JSON object, or one {@code key: value} line per entry. */
    static void report(CommandSpec spec, boolean json, Map<String, Object> report) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Json.print(out, report);
        } else {
            report.forEach((k, v) -> out.println(k.replace('_', ' ') + ": " + v));
        }
        out.flush();
    }
}
