package io.framebus;

import io.framebus.mains.Host;
import io.framebus.mains.OtherUser;
import io.framebus.mains.TruncationVictimMain;
import io.framebus.testkit.ChildProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;

import static io.framebus.TestChannels.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Another user on the host: /dev/shm and /dev/hugepages are writable by everyone, so a channel's name
 * proves nothing about who made its files. A writer must never adopt a file it did not create, and a
 * reader must never trust frames from a file of a user it does not trust. Run as root, with user
 * nobody as the neighbour.
 */
class HostileNeighbourTest {
    private static OtherUser nobody;

    @BeforeAll
    static void neighbour() throws IOException {
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

    private static void giveTo(Path file, String user, String group) throws IOException {
        UserPrincipalLookupService users = file.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        UserPrincipal owner = users.lookupPrincipalByName(user);
        GroupPrincipal g = users.lookupPrincipalByGroupName(group);
        view.setOwner(owner);
        view.setGroup(g);
    }

    @Test
    void aWriterNeverAdoptsAControlFileASquatterCreated() throws IOException {
        Host.require(Host.isRoot(), "root, to play another user");
        String name = uniqueName("squat");
        Path squat = ChannelNames.file(SHM, name);
        String made = OtherUser.run("sh", "-c", "umask 000; touch " + squat + " && chmod 666 " + squat);
        assertTrue(made.startsWith("0\n"), made);
        try {
            ChannelAccessDeniedException e = assertThrows(ChannelAccessDeniedException.class,
                    () -> FrameChannel.create(plain(name, 4096)));
            assertTrue(e.getMessage().contains("owned by uid " + OtherUser.UID), e.getMessage());
            assertTrue(e.getMessage().contains("never writes into another user's"), e.getMessage());
            assertEquals(0, Files.size(squat), "the squatter's file is untouched");
            assertEquals(OtherUser.UID, ((Number) Files.getAttribute(squat, "unix:uid")).intValue());
            assertFalse(Files.exists(ChannelNames.dataFile(SHM, name)), "nothing was created beside it");
        } finally {
            Files.deleteIfExists(squat);
        }
    }

    @Test
    void aWriterNeverAdoptsADataFileASquatterCreated() throws IOException {
        Host.require(Host.isRoot(), "root, to play another user");
        String name = uniqueName("squatdata");
        Path squat = ChannelNames.dataFile(SHM, name);
        String made = OtherUser.run("sh", "-c", "umask 000; touch " + squat);
        assertTrue(made.startsWith("0\n"), made);
        try {
            ChannelAccessDeniedException e = assertThrows(ChannelAccessDeniedException.class,
                    () -> FrameChannel.create(plain(name, 4096)));
            assertTrue(e.getMessage().contains("another user holds this channel's name"), e.getMessage());
            assertFalse(fileExistsControl(name), "no control file pointing at the squatter's data file");
            try (var files = Files.list(SHM)) {
                assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith(".framebus-" + name)),
                        "no temporary file left behind");
            }
        } finally {
            Files.deleteIfExists(squat);
        }
    }

    private static boolean fileExistsControl(String name) {
        return Files.exists(ChannelNames.file(SHM, name));
    }

    @Test
    void aReaderRefusesAChannelOfAnotherUserUnlessItNamesItsGroup() throws IOException {
        Host.require(Host.isRoot(), "root, to play another user");
        String name = uniqueName("spoof");
        try (ChannelWriter writer = FrameChannel.create(plain(name, 4096).withGroup(OtherUser.GROUP))) {
            writer.tryClaim().length(8).publish();
            giveTo(ChannelNames.file(SHM, name), "nobody", OtherUser.GROUP);
            giveTo(ChannelNames.dataFile(SHM, name), "nobody", OtherUser.GROUP);
            ChannelAccessDeniedException e = assertThrows(ChannelAccessDeniedException.class,
                    () -> FrameChannel.attach(name, latest()));
            assertTrue(e.getMessage().contains("owned by uid " + OtherUser.UID), e.getMessage());
            assertTrue(e.getMessage().contains("--group NAME"), e.getMessage());
            try (ChannelReader reader = FrameChannel.attach(name, latest().withGroup(OtherUser.GROUP))) {
                assertNotNull(reader.tryTake(SECOND), "a member's group channel is trusted when the group is named");
            }
            ChannelAccessDeniedException other = assertThrows(ChannelAccessDeniedException.class,
                    () -> FrameChannel.attach(name, latest().withGroup("root")));
            assertTrue(other.getMessage().contains("group 'root'"), other.getMessage());
            Files.setPosixFilePermissions(ChannelNames.file(SHM, name), PosixFilePermissions.fromString("rw-rw-rw-"));
            ChannelAccessDeniedException world = assertThrows(ChannelAccessDeniedException.class,
                    () -> FrameChannel.attach(name, latest().withGroup(OtherUser.GROUP)));
            assertTrue(world.getMessage().contains("world-writable"), world.getMessage());
        }
    }

    @Test
    void aReaderRefusesADataFileThatIsNotTheChannels() throws IOException {
        String name = uniqueName("swap");
        try (ChannelWriter writer = FrameChannel.create(plain(name, 4096))) {
            writer.tryClaim().length(8).publish();
            Path data = ChannelNames.dataFile(SHM, name);
            Path planted = SHM.resolve("planted-" + name);
            Files.write(planted, new byte[(int) Files.size(data)]);
            Files.move(planted, data, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            ChannelFormatException e = assertThrows(ChannelFormatException.class,
                    () -> FrameChannel.attach(name, latest()));
            assertTrue(e.getMessage().contains("not the file the channel was created with"), e.getMessage());
        }
        Path data = ChannelNames.dataFile(SHM, name);
        assertTrue(Files.exists(data), "the writer removed its own files only, not the one planted in its place");
        Files.delete(data);
        assertFalse(fileExists(name));
    }

    @Test
    void groupChannelsLetMembersReadFramesButNotWriteThem() throws IOException {
        Host.require(Host.isRoot(), "root, to play another user");
        String name = uniqueName("groupmode");
        try (ChannelWriter writer = FrameChannel.create(plain(name, 4096).withGroup(OtherUser.GROUP))) {
            Path control = ChannelNames.file(SHM, name);
            Path data = ChannelNames.dataFile(SHM, name);
            assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(control)));
            assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
            long size = Files.size(data);
            String truncate = OtherUser.run("truncate", "-s", "0", data.toString());
            assertFalse(truncate.startsWith("0\n"), "a member cannot shrink the frames file: " + truncate);
            assertTrue(truncate.contains("Permission denied"), truncate);
            assertEquals(size, Files.size(data));
            writer.tryClaim().length(8).publish();
        }
    }

    @Test
    void aGroupMemberWhoTruncatesTheControlFileGetsTypedErrorsInEveryProcess() throws Exception {
        Host.require(Host.isRoot(), "root, to play another user");
        String name = uniqueName("trunc");
        try (ChildProcess writer = ChildProcess.start("writer", TruncationVictimMain.class, "writer", name,
                SHM.toString(), OtherUser.GROUP)) {
            writer.awaitLine("READY", Duration.ofSeconds(60));
            try (ChildProcess reader = ChildProcess.start("reader", TruncationVictimMain.class, "reader", name,
                    SHM.toString(), OtherUser.GROUP)) {
                reader.awaitLine("READY", Duration.ofSeconds(60));
                Thread.sleep(200);
                String truncated = OtherUser.run("truncate", "-s", "0", ChannelNames.file(SHM, name).toString());
                assertTrue(truncated.startsWith("0\n"), "a group member may write the control file: " + truncated);
                for (ChildProcess victim : java.util.List.of(writer, reader)) {
                    String verdict = victim.awaitLine("TYPED", Duration.ofSeconds(30));
                    assertTrue(verdict.contains("was truncated while mapped"), verdict);
                    victim.awaitLine("ALIVE", Duration.ofSeconds(30));
                    assertEquals(0, victim.waitFor(Duration.ofSeconds(30)), victim.output());
                    assertFalse(victim.output().contains("UNTYPED"), victim.output());
                }
            }
        }
        assertFalse(fileExists(name), "the writer still removed its files");
    }
}
