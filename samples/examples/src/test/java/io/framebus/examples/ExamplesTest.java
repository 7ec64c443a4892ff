package io.framebus.examples;

import io.framebus.testkit.ChildProcess;
import io.framebus.testkit.JavaLauncher;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The examples the README quotes: the README shows them verbatim, and they run as JPMS modules with
 * native access granted to {@code io.framebus} alone, without Netty, as real processes.
 */
class ExamplesTest {
    private static final Duration LONG = Duration.ofMinutes(2);

    @Test
    void theReadmeQuotesTheExamplesVerbatim() throws IOException {
        String readme = Files.readString(Path.of(System.getProperty("framebus.readme")));
        for (String[] example : new String[][] {{"MinimalWriter", "writer"}, {"MinimalReader", "reader"}}) {
            Path source = Path.of(System.getProperty("framebus.examples"), example[0] + ".java");
            String region = region(Files.readString(source), example[1]);
            assertTrue(readme.contains("```java\n" + region + "```"), "the README must quote the '" + example[1]
                    + "' region of " + source.getFileName() + " exactly, as a java block:\n" + region);
        }
    }

    /** The lines between "// README:name" and "// README:end", without their common indentation. */
    private static String region(String source, String name) {
        List<String> lines = source.lines().toList();
        int start = lines.indexOf(lines.stream().filter(l -> l.trim().equals("// README:" + name)).findFirst()
                .orElseThrow(() -> new AssertionError("no // README:" + name + " marker")));
        int end = start + 1;
        while (!lines.get(end).trim().equals("// README:end")) {
            end++;
        }
        List<String> body = lines.subList(start + 1, end);
        int indent = body.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length())
                .min().orElse(0);
        StringBuilder out = new StringBuilder();
        body.forEach(l -> out.append(l.isBlank() ? "" : l.substring(indent)).append('\n'));
        return out.toString();
    }

    @Test
    void theExamplesRunAsModulesWithNativeAccessForFramebusOnly() throws Exception {
        String name = "examples-" + ProcessHandle.current().pid();
        String modulePath = modulePath();
        assertFalse(modulePath.contains("netty"), "Netty is optional: the core runs without it");
        try (ChildProcess reader = start("reader", modulePath, "MinimalReader", name);
             ChildProcess writer = start("writer", modulePath, "MinimalWriter", name, "100")) {
            assertEquals(0, writer.waitFor(LONG), writer.output());
            assertEquals(0, reader.waitFor(LONG), reader.output());
            assertTrue(writer.output().contains("published 100 frames on " + name), writer.output());
            // frame i is filled with byte i: the last bytes of frames 0..99 sum to 4950
            assertTrue(reader.output().contains("read 100 frames from " + name + ", checksum 4950"), reader.output());
            for (ChildProcess p : List.of(reader, writer)) {
                // the JDK's warning; the core's own log records (a stall on a busy machine) may say WARNING too
                assertFalse(p.output().contains("restricted method"), "no restricted-method warning: " + p.output());
            }
        }
        assertFalse(Files.exists(Path.of("/dev/shm/framebus-" + name)), "the writer removed its file");
    }

    /**
     * The core's JFR events live in a package the module does not export (io.framebus.internal.diagnostics):
     * JFR must still record them when the core runs as a named module.
     */
    @Test
    void jfrRecordsTheCoresEventsWhenItRunsAsANamedModule() throws Exception {
        String name = "examples-jfr-" + ProcessHandle.current().pid();
        String modulePath = modulePath();
        Path jfr = Files.createTempFile("framebus-examples-", ".jfr");
        List<String> recording = List.of("-XX:StartFlightRecording:filename=" + jfr
                + ",+io.framebus.ChannelStatistics#period=10ms");
        Map<String, String> env = Map.of("FRAMEBUS_DIR", "/dev/shm");
        try (ChildProcess reader = start("reader", modulePath, List.of(), env, "MinimalReader", name);
             ChildProcess writer = start("writer", modulePath, recording, env, "MinimalWriter", name, "100")) {
            assertEquals(0, writer.waitFor(LONG), writer.output());
            assertEquals(0, reader.waitFor(LONG), reader.output());
            // FRAMEBUS_DIR=/dev/shm: auto backing gets plain pages there, worse than the hugetlbfs auto prefers
            List<RecordedEvent> downgrades = RecordingFile.readAllEvents(jfr).stream()
                    .filter(e -> e.getEventType().getName().equals("io.framebus.BackingDowngrade")).toList();
            assertEquals(1, downgrades.size(), writer.output());
            assertEquals(name, downgrades.get(0).getString("channel"));
            assertEquals("plain", downgrades.get(0).getString("obtained"));
            try (RecordingFile file = new RecordingFile(jfr)) {
                assertTrue(file.readEventTypes().stream().anyMatch(t -> t.getName().equals(
                        "io.framebus.ChannelStatistics")), "the periodic events are registered too");
            }
        } finally {
            Files.deleteIfExists(jfr);
        }
    }

    private static ChildProcess start(String label, String modulePath, String main, String... args) throws IOException {
        return start(label, modulePath, List.of(), Map.of(), main, args);
    }

    private static ChildProcess start(String label, String modulePath, List<String> jvmOptions,
                                      Map<String, String> env, String main, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(JavaLauncher.javaExecutable(),
                "--enable-native-access=io.framebus"));
        command.addAll(jvmOptions);
        command.addAll(List.of("--module-path", modulePath,
                "--module", "io.framebus.examples/io.framebus.examples." + main));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        return ChildProcess.wrap(label, builder.start());
    }

    /** The core and the examples, from this test's class path: nothing else. */
    private static String modulePath() throws IOException {
        List<String> path = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (holds(entry, "io/framebus/FrameChannel.class")
                    || holds(entry, "io/framebus/examples/MinimalReader.class")) {
                path.add(entry);
            }
        }
        assertEquals(2, path.size(), "the core and the examples on the class path: " + path);
        return String.join(File.pathSeparator, path);
    }

    private static boolean holds(String entry, String classFile) throws IOException {
        Path p = Path.of(entry);
        if (Files.isDirectory(p)) {
            return Files.exists(p.resolve(classFile));
        }
        if (!Files.isRegularFile(p) || !entry.endsWith(".jar")) {
            return false;
        }
        try (JarFile jar = new JarFile(p.toFile())) {
            return jar.getEntry(classFile) != null;
        }
    }
}
