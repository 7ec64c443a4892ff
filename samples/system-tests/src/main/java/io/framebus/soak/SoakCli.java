package io.framebus.soak;

import io.framebus.cli.CliPlugin;

import java.util.List;

/** Adds {@code framebus soak}. */
public final class SoakCli implements CliPlugin {
    @Override
    public List<Object> commands() {
        return List.of(new SoakCommand());
    }
}
