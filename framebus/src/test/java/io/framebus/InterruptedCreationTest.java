package io.framebus;

import io.framebus.mains.CrashingWriterMain;
import io.framebus.testkit.ChildProcess;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static io.framebus.TestChannels.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A creator killed half-way, and a file of the right name that no framebus writer completed: neither is
 * ever taken for a channel that is "still being initialised", and {@code gc} removes both.
 */
class InterruptedCreationTest {
    private static List<Path> filesOf(String name) throws IOException {
        try (Stream<Path> files = Files.list(SHM)) {
            return files.filter(f -> f.getFileName().toString().startsWith("framebus-" + name)
                    || f.getFileName().toString().startsWith(".framebus-" + name + ".tmp-")).toList();
        }
    }

    /** A child that creates a 1 GiB channel: long enough to reserve and pre-touch to be caught at it. */
    private static ChildProcess startCreator(String name) {
        return ChildProcess.start("creator", CrashingWriterMain.class, name, SHM.toString(), "4",
                String.valueOf(256L << 20), "0");
    }

    /** Waits until the creation's files appear, and checks that while it works only temporary names exist. */
    private static void awaitTemporaryFilesOnly(String name) throws IOException {
        List<Path> seen;
        long deadline = System.nanoTime() + 60_000_000_000L;
        do {
            seen = filesOf(name);
        } while (seen.isEmpty() && System.nanoTime() < deadline);
        assertFalse(seen.isEmpty(), "the creator was caught while creating");
        String temporary = ".framebus-" + name + ".tmp-";
        assertTrue(seen.stream().allMatch(f -> f.getFileName().toString().startsWith(temporary)),
                "while it works, only temporary names exist: " + seen);
    }

    @Test
    void aCreatorKilledHalfWayLeavesNoChannelAndGcRemovesItsTemporaryFiles() throws Exception {
        String name = uniqueName("halfmade");
        try (ChildProcess creator = startCreator(name)) {
            awaitTemporaryFilesOnly(name);
            creator.kill(); // SIGKILL, and waits for the exit
        }
        List<Path> left = filesOf(name);
        assertFalse(left.isEmpty(), "a killed creator leaves its temporary files");
        assertFalse(fileExists(name), "but never a channel file");
        ChannelNotFoundException absent = assertThrows(ChannelNotFoundException.class,
                () -> FrameChannel.attach(name, latest().withDirectory(SHM)));
        assertTrue(absent.getMessage().contains(name), absent.getMessage());
        FrameChannel.gc(SHM);
        assertEquals(List.of(), filesOf(name), "gc removed the dead creator's files");
    }

    /**
     * SIGTERM (or {@code System.exit}) while the channel is being pre-faulted: the JVM runs its shutdown
     * hooks, and the creation's hook removes the temporary files, so nothing is left for {@code gc}.
     */
    @Test
    void aCreatorTerminatedHalfWayRemovesItsTemporaryFilesAtExit() throws Exception {
        String name = uniqueName("terminated");
        try (ChildProcess creator = startCreator(name)) {
            awaitTemporaryFilesOnly(name);
            creator.terminate();
            creator.waitFor(Duration.ofSeconds(60));
        }
        assertEquals(List.of(), filesOf(name), "the exiting creator removed its temporary files itself");
    }

    /** {@code gc} with a name prefix removes dead leftovers of those names only. */
    @Test
    void gcWithANamePrefixRemovesOnlyTheLeftoversOfThoseNames() throws Exception {
        String mine = uniqueName("mine");
        String other = uniqueName("other");
        Path mineTemp = Files.createFile(SHM.resolve(".framebus-" + mine + "-motion.tmp-1-1"));
        Files.createFile(SHM.resolve(mineTemp.getFileName() + ".data"));
        Path mineEmpty = Files.createFile(SHM.resolve("framebus-" + mine + "-frames"));
        Path otherTemp = Files.createFile(SHM.resolve(".framebus-" + other + ".tmp-1-1"));
        Path otherEmpty = Files.createFile(SHM.resolve("framebus-" + other));
        try {
            List<String> removed = FrameChannel.gc(SHM, mine + "-");
            assertTrue(removed.contains(mine + "-frames"), removed.toString());
            assertTrue(removed.contains(mineTemp.getFileName().toString()), removed.toString());
            assertFalse(Files.exists(mineTemp) || Files.exists(SHM.resolve(mineTemp.getFileName() + ".data")),
                    "the temporary files are gone");
            assertTrue(Files.exists(otherTemp) && Files.exists(otherEmpty), "another name's files are kept");
            assertFalse(Files.exists(mineEmpty));
            assertThrows(InvalidChannelNameException.class, () -> FrameChannel.gc(SHM, "*"),
                    "a glob character is refused, not used as a pattern");
        } finally {
            Files.deleteIfExists(otherTemp);
            Files.deleteIfExists(otherEmpty);
        }
    }

    @Test
    void anEmptyFileOfTheRightNameIsReportedAsNoWritersAndRemovedByGc() throws Exception {
        String name = uniqueName("empty");
        Path file = SHM.resolve("framebus-" + name);
        Files.createFile(file);
        ChannelFormatException e = assertThrows(ChannelFormatException.class,
                () -> FrameChannel.attach(name, latest().withDirectory(SHM)));
        assertTrue(e.getMessage().contains("is empty: no framebus writer completed it"), e.getMessage());
        assertFalse(e.getMessage().contains("initialis"), "not 'still being initialised': " + e.getMessage());
        assertTrue(FrameChannel.gc(SHM).contains(name));
        assertFalse(Files.exists(file));
    }
}
