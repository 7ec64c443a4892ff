package io.framebus.cli;

import java.util.List;

/**
 * A module that adds commands to {@code framebus}. Implementations are found with
 * {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/io.framebus.cli.CliPlugin} of the module's jar. The benchmark and the soak
 * add their commands this way, so the command line does not depend on the transports they compare
 * against or on the system tests.
 */
public interface CliPlugin {
    /**
     * @return new instances of picocli {@code @Command} classes, added as subcommands of {@code framebus}
     */
    List<Object> commands();
}
