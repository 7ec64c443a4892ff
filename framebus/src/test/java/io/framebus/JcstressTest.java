package io.framebus;

import io.framebus.testkit.ChildProcess;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Runs the jcstress tests of the hold protocol (package {@code io.framebus.jcstress}) in quick mode,
 * in forked JVMs as jcstress requires, and fails if any forbidden outcome was observed.
 */
class JcstressTest {
    @Test
    void holdProtocolHasNoForbiddenOutcomes() throws java.io.IOException {
        java.nio.file.Path workDir = java.nio.file.Files.createDirectories(java.nio.file.Path.of("target/jcstress"));
        try (ChildProcess jcstress = ChildProcess.startIn(workDir, "jcstress", org.openjdk.jcstress.Main.class,
                java.util.List.of(), "-t", "io\\.framebus\\.jcstress\\..*", "-m", "quick", "-r", "results", "-sc",
                "false")) {
            int exit = jcstress.waitFor(Duration.ofMinutes(15));
            String output = jcstress.output();
            System.out.println(output.lines().filter(l -> l.contains("RESULT") || l.contains("Results:")
                    || l.contains("FAILED") || l.contains("ERROR") || l.contains("PASSED"))
                    .reduce("", (a, b) -> a + b + "\n"));
            assertEquals(0, exit, "jcstress exit code; output:\n" + output);
            String last = output.lines().filter(l -> l.startsWith("(Results:")).reduce((a, b) -> b)
                    .orElseThrow(() -> new AssertionError("no results line:\n" + output));
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                    "\\(Results: (\\d+) planned; (\\d+) passed, 0 failed, 0 soft errs, 0 hard errs\\)").matcher(last);
            assertTrue(m.matches() && m.group(1).equals(m.group(2)) && Integer.parseInt(m.group(1)) > 0,
                    "every planned jcstress run passed: " + last);
            for (String test : new String[] {"HoldVersusReuseTest", "LosslessRegistrationVersusReuseTest"}) {
                assertTrue(java.nio.file.Files.exists(workDir.resolve("results/io.framebus.jcstress."
                        + test + ".html")), test + " ran");
            }
        }
    }
}
