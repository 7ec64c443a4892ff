package io.framebus.systemtest;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Errors: one "framebus: ..." line on stderr, no stack trace; exit 1, or 2 for a bad command line. */
class ErrorsCliTest extends CliTestSupport {

    private static void assertCleanError(CliProcess c, int exitCode, String expected) {
        assertEquals(exitCode, c.exitCode(), c.describe());
        String err = c.stderr();
        assertTrue(err.startsWith("framebus: "), c.describe());
        assertTrue(err.contains(expected), "expected '" + expected + "' in: " + c.describe());
        assertFalse(err.contains("Exception") || err.contains("\tat "), "no stack trace: " + c.describe());
        assertEquals("", c.stdout(), c.describe());
    }

    @Test
    void invalidChannelNamesExitOneWithTheReason() {
        try (CliProcess sub = CliProcess.run("sub", "--channel", "../x", "--timeout-ms", "0");
             CliProcess pub = CliProcess.run("pub", "--channel", "", "--size", "64x48", "--frames", "1");
             CliProcess inspect = CliProcess.run("inspect", "a/b");
             CliProcess rm = CliProcess.run("rm", "..")) {
            assertCleanError(sub, 1, "channel name '../x' contains '/' at position 2");
            assertCleanError(pub, 1, "channel name is empty");
            assertCleanError(inspect, 1, "channel name 'a/b' contains '/'");
            assertCleanError(rm, 1, "channel name '..' may not start with '.'");
        }
    }

    @Test
    void missingChannelExitsOneAndNamesIt() {
        String name = uniqueName("absent");
        try (CliProcess sub = CliProcess.run("sub", "--channel", name, "--timeout-ms", "100", "--dir", SHM_DIR)) {
            assertCleanError(sub, 1, "no channel '" + name + "'");
        }
    }

    @Test
    void badCommandLinesExitTwo() {
        try (CliProcess missing = CliProcess.run("pub", "--channel", "x", "--frames", "1");
             CliProcess badSize = CliProcess.run("pub", "--channel", "x", "--size", "64by48", "--frames", "1");
             CliProcess badMode = CliProcess.run("sub", "--channel", "x", "--mode", "sometimes");
             CliProcess unknown = CliProcess.run("frobnicate")) {
            assertCleanError(missing, 2, "Missing required option: '--size=WxH'");
            assertCleanError(badSize, 2, "frame size '64by48' is not WIDTHxHEIGHT");
            assertCleanError(badMode, 2, "unknown mode 'sometimes'; use latest or lossless");
            assertCleanError(unknown, 2, "Unmatched argument at index 0: 'frobnicate'");
        }
    }

    @Test
    void helpAndVersionExitZero() {
        try (CliProcess help = CliProcess.run("--help");
             CliProcess subHelp = CliProcess.run("sub", "--help");
             CliProcess version = CliProcess.run("--version")) {
            assertEquals(0, help.exitCode(), help.describe());
            assertTrue(help.stdout().contains("pub") && help.stdout().contains("gc"), help.describe());
            assertEquals(0, subHelp.exitCode(), subHelp.describe());
            assertTrue(subHelp.stdout().contains("--hold-ms"), subHelp.describe());
            assertEquals(0, version.exitCode(), version.describe());
            assertTrue(version.stdout().startsWith("framebus 0."), version.describe());
        }
    }
}
