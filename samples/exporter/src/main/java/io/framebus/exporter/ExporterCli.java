package io.framebus.exporter;

import io.framebus.cli.CliPlugin;

import java.util.List;

/** Adds {@code framebus exporter}. */
public final class ExporterCli implements CliPlugin {
    @Override
    public List<Object> commands() {
        return List.of(new ExporterCommand());
    }
}
