package io.framebus;

import io.framebus.mains.CrashingWriterMain;
import io.framebus.testkit.ChildProcess;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    @Test
    void aCreatorKilledHalfWayLeavesNoChannelAndGcRemovesItsTemporaryFiles() throws Exception {
        String name = uniqueName("halfmade");
        long slot = 256L << 20; // 1 GiB to reserve and pre-touch: long enough to be caught at it
        List<Path> seen;
        try (ChildProcess creator = ChildProcess.start("creator", CrashingWriterMain.class, name, SHM.toString(),
                "4", String.valueOf(slot), "0")) {
            long deadline = System.nanoTime() + 60_000_000_000L;
            do {
                seen = filesOf(name);
            } while (seen.isEmpty() && System.nanoTime() < deadline);
            creator.kill(); // SIGKILL, and waits for the exit
        }
        assertFalse(seen.isEmpty(), "the creator was caught while creating");
        assertTrue(seen.stream().allMatch(f -> f.getFileName().toString().startsWith(".framebus-" + name + ".tmp-")),
                "while it works, only temporary names exist: " + seen);
        List<Path> left = filesOf(name);
        assertFalse(left.isEmpty(), "a killed creator leaves its temporary files");
        assertFalse(fileExists(name), "but never a channel file");
        ChannelNotFoundException absent = assertThrows(ChannelNotFoundException.class,
                () -> FrameChannel.attach(name, latest().withDirectory(SHM)));
        assertTrue(absent.getMessage().contains(name), absent.getMessage());
        FrameChannel.gc(SHM);
        assertEquals(List.of(), filesOf(name), "gc removed the dead creator's files");
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
