package io.framebus.bridgecli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code framebus bridge}: the parent of {@code send} and {@code receive}. */
@Command(name = "bridge", subcommands = {BridgeSendCommand.class, BridgeReceiveCommand.class, BridgeBenchCommand.class},
        description = {"Carry a channel to another host over Aeron UDP: 'bridge send' on the host of the channel,"
                + " 'bridge receive' on the other; readers there use the ordinary API and commands.",
            "Aeron UDP is neither authenticated nor encrypted: use it on a trusted network only, and bind to one"
                + " interface (--from ADDRESS:PORT, --interface ADDRESS)."})
final class BridgeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: send, receive or bench");
    }
}
