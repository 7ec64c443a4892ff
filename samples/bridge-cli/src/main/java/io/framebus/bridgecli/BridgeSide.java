package io.framebus.bridgecli;

import io.framebus.cli.DirOption;
import io.framebus.cli.GroupOption;
import io.framebus.cli.Json;
import io.framebus.cli.JsonOption;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What both ends of a bridge share on the command line: the Aeron, directory, group and JSON options, the
 * messages on stderr, and the closing report on stdout.
 */
abstract class BridgeSide {
    @Spec
    CommandSpec spec;

    @Mixin
    AeronOptions aeron;

    @Mixin
    DirOption dir;

    @Mixin
    GroupOption group;

    @Mixin
    JsonOption json;

    /** @return where the bridge's messages for a human go: stderr, one line each */
    Consumer<String> messages() {
        PrintWriter err = spec.commandLine().getErr();
        return message -> {
            err.println("framebus: " + message);
            err.flush();
        };
    }

    /** Prints the closing report: one JSON object, or one {@code key: value} line per entry. */
    void report(Map<String, Object> report) {
        PrintWriter out = spec.commandLine().getOut();
        if (json.json()) {
            Json.print(out, report);
        } else {
            report.forEach((k, v) -> out.println(k.replace('_', ' ') + ": " + v));
        }
        out.flush();
    }
}
