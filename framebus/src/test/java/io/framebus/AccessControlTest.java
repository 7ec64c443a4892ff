package io.framebus;

import io.framebus.mains.AttachProbeMain;
import io.framebus.testkit.ChildProcess;
import io.framebus.mains.Host;
import io.framebus.testkit.JavaLauncher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.framebus.TestChannels.*;
import static org.junit.jupiter.api.Assertions.*;

/** File modes, groups, and another user's process trying to attach (run through setpriv as root). */
class AccessControlTest {
    private static Path classPathCopy;

    @BeforeAll
    static void copyClassPathForOtherUsers() throws IOException {
        // /root/.m2 is private to root; give the unprivileged child a world-readable copy of our class path.
        classPathCopy = Files.createTempDirectory("framebus-test-cp");
        Files.setPosixFilePermissions(classPathCopy, PosixFilePermissions.fromString("rwxr-xr-x"));
        int i = 0;
        for (String entry : System.getProperty("java.class.path").split(":")) {
            Path source = Path.of(entry);
            if (!Files.exists(source)) {
                continue;
            }
            Path target = classPathCopy.resolve((i++) + "-" + source.getFileName());
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
        Host.run(List.of("chmod", "-R", "a+rX", classPathCopy.toString()));
    }

    @AfterAll
    static void removeCopy() throws IOException {
        if (classPathCopy != null) {
            Host.run(List.of("rm", "-rf", classPathCopy.toString()));
        }
    }

    @Test
    void channelFilesArePrivateByDefault() throws IOException {
        String name = uniqueName("mode");
        try (ChannelWriter writer = FrameChannel.create(plain(name, 4096))) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(writer.path())));
            assertEquals("0600", FrameChannel.inspect(name, SHM).fileMode());
        }
    }

    @Test
    void anotherUserCannotAttachToAPrivateChannel() {
        Host.require(Host.isRoot(), "root, to run a child as user nobody");
        String name = uniqueName("private");
        try (ChannelWriter _ = FrameChannel.create(plain(name, 4096))) {
            String line = runAsNobody(name, "nogroup");
            assertTrue(line.startsWith("DENIED"), line);
            assertTrue(line.contains("permission denied") && line.contains("0600") && line.contains("--group"), line);
        }
    }

    @Test
    void groupMembersCanAttachToAGroupChannel() throws IOException {
        Host.require(Host.isRoot(), "root, to run a child as user nobody");
        String name = uniqueName("group");
        try (ChannelWriter writer = FrameChannel.create(plain(name, 4096).withGroup("nogroup"))) {
            assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(writer.path())));
            assertEquals(65534, ((Number) Files.getAttribute(writer.path(), "unix:gid")).intValue());
            String line = runAsNobody(name, "nogroup");
            assertTrue(line.startsWith("ATTACHED"), line);
        }
    }

    private String runAsNobody(String name, String group) {
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=nobody", "--regid=" + group,
                "--clear-groups", JavaLauncher.javaExecutable(), "--enable-native-access=ALL-UNNAMED", "-cp"));
        try (Stream<Path> entries = Files.list(classPathCopy)) {
            command.add(String.join(":", entries.map(Path::toString).sorted().toList()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        command.addAll(List.of(AttachProbeMain.class.getName(), name, SHM.toString()));
        try (ChildProcess child = ChildProcess.wrap("nobody",
                new ProcessBuilder(command).redirectErrorStream(true).start())) {
            child.waitFor(Duration.ofSeconds(60));
            String out = child.output();
            return out.lines().filter(l -> l.startsWith("ATTACHED") || l.startsWith("DENIED")).findFirst()
                    .orElseThrow(() -> new AssertionError("no verdict from the child:\n" + out));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
