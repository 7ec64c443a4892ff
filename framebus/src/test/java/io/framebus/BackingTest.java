package io.framebus;

import io.framebus.memory.BackingSelector;
import io.framebus.memory.MountTable;
import io.framebus.mains.Host;
import io.framebus.testkit.FramePattern;
import org.junit.jupiter.api.Test;

import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.framebus.TestChannels.*;
import static org.junit.jupiter.api.Assertions.*;

/** The three backings, the fallback between them, space errors, and very large slots. */
class BackingTest {
    private static final long HUGE = 2L << 20;

    @Test
    void plainBackingReportsSmallPages() {
        String name = uniqueName("plain");
        try (ChannelWriter writer = FrameChannel.create(plain(name, 4 << 20).withSlots(2))) {
            assertEquals(Backing.PLAIN, writer.backing());
            assertEquals(4096, writer.pageReport().kernelPageSize());
            assertEquals(4096, FrameChannel.inspect(name, SHM).obtainedPageSize());
        }
    }

    @Test
    void hugetlbfsBackingGivesTwoMegabytePagesToWriterAndReader() {
        var mount = Host.hugetlbfs(16);
        Host.require(mount.isPresent(), "a hugetlbfs mount with 16 free 2 MiB pages");
        String name = uniqueName("huge");
        long frame = 3840L * 2160 * 3;
        ChannelConfig config = ChannelConfig.of(name, frame).withSlots(2).withBacking(Backing.HUGETLBFS);
        try (ChannelWriter writer = FrameChannel.create(config)) {
            assertEquals(Backing.HUGETLBFS, writer.backing());
            assertEquals(mount.get(), writer.path().getParent());
            PageReport pages = writer.pageReport();
            assertEquals(HUGE, pages.kernelPageSize(), "read back from smaps, not assumed: " + pages);
            assertEquals(HUGE, pages.effectivePageSize());
            FrameClaim claim = writer.tryClaim();
            FramePattern.fill(claim.segment(), frame, claim.sequence());
            claim.length(frame).publish();
            try (ChannelReader reader = FrameChannel.attach(name, ReaderOptions.lossless());
                 Frame f = takeFrame(reader, SECOND)) {
                assertEquals(Backing.HUGETLBFS, reader.backing());
                assertEquals(-1, FramePattern.verify(f.segment(), f.length(), f.sequence()));
            }
            ChannelSnapshot s = FrameChannel.inspect(name, null);
            assertEquals("hugetlbfs", s.backing());
            assertEquals(HUGE, s.obtainedPageSize());
            System.out.println("hugetlbfs: " + pages + " in " + writer.path());
        }
        assertFalse(Files.exists(mount.get().resolve("framebus-" + name)));
    }

    @Test
    void autoPrefersHugetlbfsWhenItHasEnoughPages() {
        Host.require(Host.hugetlbfs(8).isPresent(), "a hugetlbfs mount with 8 free 2 MiB pages");
        String name = uniqueName("auto");
        try (ChannelWriter writer = FrameChannel.create(ChannelConfig.of(name, 1 << 20).withSlots(4))) {
            assertEquals(Backing.HUGETLBFS, writer.backing(), writer.placementReason());
        }
    }

    @Test
    void explicitHugetlbfsWithoutEnoughPagesSaysHowToGetThem() {
        HugePagesUnavailableException e = assertThrows(HugePagesUnavailableException.class,
                () -> FrameChannel.create(ChannelConfig.of(uniqueName("toohuge"), 1L << 30).withSlots(64)
                        .withBacking(Backing.HUGETLBFS)));
        assertTrue(e.getMessage().contains("nr_hugepages"), e.getMessage());
    }

    @Test
    void thpBackingOnAHugeTmpfsGetsTransparentHugePages() throws Exception {
        Host.require(Host.isRoot(), "root, to mount a tmpfs with huge=always");
        try (Host.Mounted thp = Host.mountTmpfs("huge=always,size=256m,mode=1777")) {
            String name = uniqueName("thp");
            ChannelConfig config = ChannelConfig.of(name, 8 << 20).withSlots(4).withBacking(Backing.THP)
                    .withDirectory(thp.dir());
            try (ChannelWriter writer = FrameChannel.create(config);
                 ChannelReader reader = FrameChannel.attach(name, ReaderOptions.latest().withDirectory(thp.dir()))) {
                assertEquals(Backing.THP, writer.backing());
                PageReport pages = writer.pageReport();
                assertTrue(pages.hugeMappedBytes() > 0, "ShmemPmdMapped shows huge pages: " + pages);
                writer.tryClaim().length(16).publish();
                try (Frame f = takeFrame(reader, SECOND)) {
                    assertEquals(1, f.sequence());
                }
                System.out.println("thp: " + pages);
            }
        }
    }

    @Test
    void autoFallsBackFromHugetlbfsToThpToPlain() {
        var thpMount = new MountTable.Mount(Path.of("/dev/shm"), "tmpfs", Map.of("huge", "always"));
        var plainMount = new MountTable.Mount(Path.of("/dev/shm"), "tmpfs", Map.of());
        BackingSelector withThp = new BackingSelector(MountTable.of(List.of(thpMount)));
        BackingSelector withNothing = new BackingSelector(MountTable.of(List.of(plainMount)));
        var thp = withThp.select(Backing.AUTO, null, page -> 64L << 20);
        assertEquals(Backing.THP, thp.backing(), thp.reason());
        assertEquals(HUGE, thp.pageSize());
        var plain = withNothing.select(Backing.AUTO, null, page -> 64L << 20);
        assertEquals(Backing.PLAIN, plain.backing());
        assertEquals(BackingSelector.DEV_SHM, plain.directory());
        assertTrue(plain.reason().contains("no tmpfs mounted with huge="), plain.reason());
        assertThrows(HugePagesUnavailableException.class, () -> withNothing.select(Backing.THP, null, p -> 1));
    }

    @Test
    void tooSmallDirectoryFailsAtCreationWithTheBytesNeededAndHowToGetThem() throws Exception {
        Host.require(Host.isRoot(), "root, to mount a small tmpfs");
        try (Host.Mounted small = Host.mountTmpfs("size=16m,mode=1777")) {
            String name = uniqueName("small");
            InsufficientSpaceException e = assertThrows(InsufficientSpaceException.class,
                    () -> FrameChannel.create(ChannelConfig.of(name, 8 << 20).withSlots(4)
                            .withDirectory(small.dir())));
            long needed = new io.framebus.layout.ChannelLayout(4, 8 << 20, 16, 16, 4096).totalSize();
            assertTrue(e.getMessage().contains("needs " + needed + " bytes"), e.getMessage());
            assertTrue(e.getMessage().contains("--shm-size="), e.getMessage());
            try (var files = Files.list(small.dir())) {
                assertEquals(0, files.count(), "nothing is left behind");
            }
        }
    }

    @Test
    void gigabyteSlotsAndAChannelLargerThanTwoGigabytes() {
        String name = uniqueName("big");
        long slot = 1L << 30;
        try (ChannelWriter writer = FrameChannel.create(plain(name, slot).withSlots(3).withHoldLimit(1));
             ChannelReader reader = FrameChannel.attach(name, lossless())) {
            assertTrue(ChannelNames.dataFile(SHM, name).toFile().length() >= 3L * slot,
                    "a data file of 3 GiB, beside a control file of " + writer.path().toFile().length() + " bytes");
            for (int i = 0; i < 3; i++) {
                FrameClaim claim = writer.tryClaim();
                claim.segment().set(ValueLayout.JAVA_LONG, slot - 8, 1000L + i);
                claim.length(slot).publish();
                try (Frame f = reader.tryTake()) {
                    assertEquals(slot, f.length());
                    assertEquals(1000L + i, f.segment().get(ValueLayout.JAVA_LONG, slot - 8));
                    assertEquals(slot, f.byteBuffer().remaining());
                    java.nio.ByteBuffer bytes = f.byteBuffer().order(java.nio.ByteOrder.nativeOrder());
                    assertEquals(1000L + i, bytes.getLong((int) slot - 8));
                }
            }
        }
        assertFalse(fileExists(name));
    }
}
