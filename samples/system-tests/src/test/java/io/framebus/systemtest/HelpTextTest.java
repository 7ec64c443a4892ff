package io.framebus.systemtest;

import io.framebus.cli.FramebusCli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every command's {@code --help}, with every plugin's commands ({@code bench}, {@code bridge}, ...) on the class
 * path: it renders, and picocli warns about none of it (a lone {@code %} in a description is a format error that
 * picocli only reports on stderr, printing the text unformatted). Rendered in a child JVM ({@link CliProcess}), so
 * that picocli's warnings reach a stderr of their own.
 */
class HelpTextTest {

    /** Renders the help of every command and subcommand; prints each one's qualified name and help size. */
    public static void main(String[] args) {
        walk(FramebusCli.commandLine());
    }

    private static void walk(CommandLine command) {
        StringWriter help = new StringWriter();
        command.usage(new PrintWriter(help));
        System.out.println(command.getCommandSpec().qualifiedName() + " " + help.toString().length());
        command.getSubcommands().values().stream().distinct().forEach(HelpTextTest::walk);
    }

    @Test
    void everyCommandsHelpRendersWithoutAWarning() {
        try (CliProcess walk = CliProcess.startMain(HelpTextTest.class.getName(), List.of(), List.of())) {
            assertEquals(0, walk.waitFor(), walk.describe());
            String stdout = walk.stdout();
            assertFalse(walk.stderr().contains("WARN"), "picocli warned about a help text:\n" + walk.describe());
            for (String command : List.of("framebus ", "framebus bench ", "framebus demo ", "framebus pub ",
                    "framebus bridge send ")) {
                assertTrue(stdout.lines().anyMatch(l -> l.startsWith(command)), command + "not rendered:\n" + stdout);
            }
        }
    }
}
