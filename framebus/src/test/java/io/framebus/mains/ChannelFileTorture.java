package io.framebus.mains;

import io.framebus.Backing;
import io.framebus.ChannelConfig;
import io.framebus.ChannelReader;
import io.framebus.ChannelWriter;
import io.framebus.DType;
import io.framebus.Frame;
import io.framebus.FrameChannel;
import io.framebus.FrameClaim;
import io.framebus.PixelFormat;
import io.framebus.ReaderMode;
import io.framebus.ReaderOptions;
import io.framebus.ChannelNames;
import io.framebus.layout.ChannelLayout;
import io.framebus.layout.HeaderFlyweight;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;

/**
 * A small channel file with every region populated (frames published, a reader row holding one), and
 * the entry points a mutated copy of it is pushed through: inspect, list, attach and poll/take, and a
 * writer taking the file over. Shared by the seeded and the coverage-guided fuzz tests.
 */
public final class ChannelFileTorture implements AutoCloseable {
    public static final String NAME = "fuzz";
    public static final ChannelLayout LAYOUT = new ChannelLayout(4, 4096, 8, 4, ChannelLayout.SMALL_PAGE);

    private final Path dir;
    private final byte[] base;
    private final byte[] baseData;
    private final long[] baseInode;

    public ChannelFileTorture() throws IOException {
        dir = Files.createTempDirectory(Path.of("/dev/shm"), "fbfuzz");
        try (ChannelWriter writer = FrameChannel.create(config());
             ChannelReader reader = FrameChannel.attach(NAME, ReaderOptions.lossless().withDirectory(dir))) {
            for (int i = 0; i < 6; i++) {
                writer.tryClaim().video(32, 32, 96, PixelFormat.BGR24).publish();
                reader.tryTake().close();
            }
            writer.tryClaim().tensor(DType.FLOAT32, 1, 2, 3).publish();
            reader.tryTake(); // held while the image is taken, so a reader row has a hold in it
            base = Files.readAllBytes(file());
            baseData = Files.readAllBytes(dataFile());
            baseInode = inode(dataFile());
        }
        if (base.length != LAYOUT.controlSize()) {
            throw new IllegalStateException("base image is " + base.length + " bytes, expected "
                    + LAYOUT.controlSize());
        }
    }

    private ChannelConfig config() {
        return ChannelConfig.of(NAME, 4096).withSlots(4).withMaxReaders(4).withRingCapacity(8)
                .withBacking(Backing.PLAIN).withDirectory(dir);
    }

    /** A copy of the valid channel file. */
    public byte[] baseImage() {
        return base.clone();
    }

    public Path file() {
        return ChannelNames.file(dir, NAME);
    }

    private Path dataFile() {
        return ChannelNames.dataFile(dir, NAME);
    }

    private static long[] inode(Path file) throws IOException {
        return new long[] {((Number) Files.getAttribute(file, "unix:ino")).longValue(),
            ((Number) Files.getAttribute(file, "unix:dev")).longValue()};
    }

    /**
     * Writes {@code image} as the channel's control file (and the valid data file beside it) and pushes it
     * through entry point {@code which} (0..3). A writer may have replaced the data file since the base image
     * was taken; unless the mutation itself changed the image's record of the data file, that record is
     * pointed at the data file now on disk, so that the mutation, not the replacement, is what gets tested.
     */
    public void exercise(byte[] image, int which, boolean latest) throws IOException {
        Files.write(dataFile(), baseData);
        long[] now = inode(dataFile());
        if (image.length >= HeaderFlyweight.HEADER_SIZE) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment header = arena.allocate(HeaderFlyweight.HEADER_SIZE, 8);
                MemorySegment.copy(MemorySegment.ofArray(image), 0, header, 0, HeaderFlyweight.HEADER_SIZE);
                HeaderFlyweight h = new HeaderFlyweight(header);
                if (h.dataInode() == baseInode[0] && h.dataDevice() == baseInode[1]) {
                    h.bindDataFile(now[0], now[1]);
                    MemorySegment.copy(header, 0, MemorySegment.ofArray(image), 0, HeaderFlyweight.HEADER_SIZE);
                }
            }
        }
        Files.write(file(), image);
        switch (Math.floorMod(which, 4)) {
            case 0 -> FrameChannel.inspect(NAME, dir);
            case 1 -> FrameChannel.list(dir);
            case 2 -> {
                try (ChannelWriter writer = FrameChannel.create(config())) {
                    FrameClaim claim = writer.tryClaim();
                    if (claim != null) {
                        claim.length(64).publish();
                    }
                }
            }
            default -> {
                ReaderOptions options = ReaderOptions.of(latest ? ReaderMode.LATEST : ReaderMode.LOSSLESS)
                        .withHoldLimit(1).withDirectory(dir);
                try (ChannelReader reader = FrameChannel.attach(NAME, options)) {
                    for (int k = 0; k < 4; k++) {
                        if (k == 3) {
                            reader.await(Duration.ofMillis(1));
                        }
                        Frame frame = reader.tryTake();
                        if (frame != null) {
                            frame.segment();
                            frame.shape();
                            frame.close();
                        }
                    }
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(dir);
    }
}
