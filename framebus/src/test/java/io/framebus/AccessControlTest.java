package io.framebus;

import io.framebus.mains.AttachProbeMain;
import io.framebus.mains.Host;
import io.framebus.mains.OtherUser;
import io.framebus.testkit.ChildProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import static io.framebus.TestChannels.*;
import static org.junit.jupiter.api.Assertions.*;

/** File modes, groups, and another user's process trying to attach (run through setpriv as root). */
class AccessControlTest {
    private static OtherUser nobody;

    @BeforeAll
    static void otherUser() throws IOException {
        if (Host.isRoot()) {
            nobody = OtherUser.nobody();
        }
    }

    @AfterAll
    static void done() throws IOException {
        if (nobody != null) {
            nobody.close();
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
            String line = runAsNobody(name);
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
            String line = runAsNobody(name);
            assertTrue(line.startsWith("ATTACHED"), line);
        }
    }

    private static String runAsNobody(String name) {
        try (ChildProcess child = nobody.java("nobody", AttachProbeMain.class, name, SHM.toString())) {
            child.waitFor(Duration.ofSeconds(60));
            String out = child.output();
            return out.lines().filter(l -> l.startsWith("ATTACHED") || l.startsWith("DENIED")).findFirst()
                    .orElseThrow(() -> new AssertionError("no verdict from the child:\n" + out));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
