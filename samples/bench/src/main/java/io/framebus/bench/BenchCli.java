package io.framebus.bench;

import io.framebus.cli.CliPlugin;

import java.util.List;

/** Adds {@code framebus bench} and {@code framebus jmh}. */
public final class BenchCli implements CliPlugin {
    @Override
    public List<Object> commands() {
        return List.of(new BenchCommand(), new JmhCommand());
    }
}
