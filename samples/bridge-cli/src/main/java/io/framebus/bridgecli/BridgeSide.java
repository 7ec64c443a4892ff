package io.framebus.bridgecli;

import io.framebus.cli.DirOption;
import io.framebus.cli.GroupOption;
import io.framebus.cli.JsonOption;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.Map;
import java.util.function.Consumer;

/**
 * What both ends of a bridge share on the command line: the Aeron, directory, group and JSON options, and
 * {@link Output}.
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

    Consumer<String> messages() {
        return Output.messages(spec);
    }

    void report(Map<String, Object> report) {
        Output.report(spec, json.json(), report);
    }
}
