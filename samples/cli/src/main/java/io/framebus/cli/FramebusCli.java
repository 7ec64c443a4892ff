package io.framebus.cli;

import io.framebus.FramebusException;
import io.framebus.inference.InferenceException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.ServiceLoader;

/**
 * {@code framebus}: publish, subscribe to and administer shared-memory channels.
 *
 * <p>Exit codes: 0 success, 1 failure (a framebus error, bad values, or a failed verification),
 * 2 invalid command line.
 */
@Command(name = "framebus",
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = FramebusCli.Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = "Zero-copy shared-memory frame bus: publish frames, read them in other processes, inspect"
                + " and clean up channels, and run a computer-vision pipeline of separate processes (try"
                + " 'framebus demo').",
        subcommands = {PubCommand.class, SubCommand.class, InspectCommand.class, LsCommand.class, RmCommand.class,
                GcCommand.class, CaptureCommand.class, DetectCommand.class, MotionCommand.class, EncodeCommand.class,
                DemoCommand.class, ProbeCommand.class, TopCommand.class, ResizeCommand.class, PreprocessCommand.class,
                InferCommand.class, PostprocessCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:framebus error, or a failed check (sub --verify, lossless loss)",
                "2:invalid command line"})
public final class FramebusCli implements Runnable {
    /** Exit code of a framebus error or a failed check. */
    public static final int FAILURE = 1;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    public static void main(String[] args) {
        // The core logs through System.Logger (java.util.logging here): one "framebus: LEVEL: message" line
        // per record on stderr, like the command line's own messages, instead of JUL's two-line default.
        if (System.getProperty(LOG_FORMAT) == null) {
            System.setProperty(LOG_FORMAT, "framebus: %4$s: %5$s%6$s%n");
        }
        System.exit(execute(args));
    }

    private static final String LOG_FORMAT = "java.util.logging.SimpleFormatter.format";

    /** Runs one command line and returns its exit code. */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /**
     * The configured command line, with the commands of every {@link CliPlugin} on the class path: errors
     * print as one "framebus: ..." line, without a stack trace.
     *
     * @return the command line
     */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new FramebusCli());
        List<CliPlugin> plugins = new ArrayList<>();
        ServiceLoader.load(CliPlugin.class).forEach(plugins::add);
        plugins.sort(Comparator.comparing(p -> p.getClass().getName()));
        for (CliPlugin plugin : plugins) {
            for (Object command : plugin.commands()) {
                cli.addSubcommand(command);
            }
        }
        cli.setExecutionExceptionHandler(EXECUTION_ERRORS);
        cli.setParameterExceptionHandler(USAGE_ERRORS);
        return cli;
    }

    private static final IExecutionExceptionHandler EXECUTION_ERRORS = (ex, cmd, parseResult) -> {
        cmd.getOut().flush();
        if (ex instanceof FramebusException || ex instanceof IllegalArgumentException
                || ex instanceof InferenceException || ex instanceof UncheckedIOException) {
            cmd.getErr().println("framebus: " + (ex.getMessage() != null ? ex.getMessage() : ex.toString()));
        } else {
            cmd.getErr().println("framebus: internal error, please report it:");
            ex.printStackTrace(cmd.getErr());
        }
        cmd.getErr().flush();
        return FAILURE;
    };

    private static final IParameterExceptionHandler USAGE_ERRORS = (ex, args) -> {
        CommandLine cmd = ex.getCommandLine();
        cmd.getErr().println("framebus: " + ex.getMessage());
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, cmd.getErr())) {
            cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        }
        cmd.getErr().flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    };

    /** The version from the build (resource filtered by Maven). */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties p = new Properties();
            try (InputStream in = FramebusCli.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException e) {
                // fall back to "unknown"
            }
            return new String[] {
                "framebus " + p.getProperty("version", "unknown"),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ", "
                        + System.getProperty("java.home") + ")"
            };
        }
    }
}
