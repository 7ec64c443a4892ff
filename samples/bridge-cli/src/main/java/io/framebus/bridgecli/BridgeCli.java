package io.framebus.bridgecli;

import io.framebus.cli.CliPlugin;

import java.util.List;

/** Adds {@code framebus bridge}. */
public final class BridgeCli implements CliPlugin {
    @Override
    public List<Object> commands() {
        return List.of(new BridgeCommand());
    }
}
