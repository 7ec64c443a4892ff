package io.framebus.mains;

import io.framebus.testkit.ChildProcess;
import io.framebus.testkit.JavaLauncher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs processes as user {@code nobody} (group {@code nogroup}), started by root through {@code setpriv}:
 * the other user of the hostile-neighbour tests. Java children get a world-readable copy of this test's
 * class path (root's Maven repository is private). Close it to remove the copy.
 */
public final class OtherUser implements AutoCloseable {
    /** The other user's uid and group id on Debian: nobody, nogroup. */
    public static final int UID = 65534;
    public static final int GID = 65534;
    public static final String GROUP = "nogroup";

    private final Path classPath;

    private OtherUser(Path classPath) {
        this.classPath = classPath;
    }

    /** Copies the class path for the other user. Call only as root ({@link Host#isRoot()}). */
    public static OtherUser nobody() throws IOException {
        Path copy = Files.createTempDirectory("framebus-test-cp");
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwxr-xr-x"));
        int i = 0;
        for (String entry : System.getProperty("java.class.path").split(":")) {
            Path source = Path.of(entry);
            if (!Files.exists(source)) {
                continue;
            }
            Path target = copy.resolve((i++) + "-" + source.getFileName());
            try (Stream<Path> tree = Files.walk(source)) {
                for (Path p : (Iterable<Path>) tree::iterator) {
                    Path t = target.resolve(source.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(t);
                    } else {
                        Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
        Host.run(List.of("chmod", "-R", "a+rX", copy.toString()));
        return new OtherUser(copy);
    }

    private static List<String> asNobody() {
        return new ArrayList<>(List.of("setpriv", "--reuid=nobody", "--regid=" + GROUP, "--clear-groups"));
    }

    /**
     * Starts {@code main} in a JVM of its own as the other user.
     *
     * @param label for messages
     * @param main  the class to run
     * @param args  its arguments
     * @return the child
     * @throws IOException when it cannot be started
     */
    public ChildProcess java(String label, Class<?> main, String... args) throws IOException {
        List<String> command = asNobody();
        command.addAll(List.of(JavaLauncher.javaExecutable(), "--enable-native-access=ALL-UNNAMED", "-cp"));
        try (Stream<Path> entries = Files.list(classPath)) {
            command.add(String.join(":", entries.map(Path::toString).sorted().toList()));
        }
        command.add(main.getName());
        command.addAll(List.of(args));
        return ChildProcess.wrap(label, new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /**
     * Runs a command as the other user and returns its exit code and output.
     *
     * @param command the program and its arguments
     * @return the exit code, then the output after a newline
     * @throws IOException when it cannot be started
     */
    public static String run(String... command) throws IOException {
        List<String> full = asNobody();
        full.addAll(List.of(command));
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes());
            return p.waitFor() + "\n" + out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        Host.run(List.of("rm", "-rf", classPath.toString()));
    }
}
