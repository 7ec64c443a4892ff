package io.framebus.layout;

import io.framebus.Backing;
import io.framebus.ChannelConfig;
import io.framebus.ChannelFormatException;
import io.framebus.ChannelReader;
import io.framebus.ChannelWriter;
import io.framebus.FrameChannel;
import io.framebus.ReaderOptions;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The channel's default hold limit is read from shared memory once, checked, and used as checked: a
 * hostile process flipping it in a loop while readers attach can only make an attach fail with a typed
 * error, never attach a reader with an impossible limit.
 */
class HoldLimitRaceTest {
    private static final Path SHM = Path.of("/dev/shm");
    private static final int[] VALUES = {0, -1, 1, 2, 3, 7, 8, 100, Integer.MIN_VALUE, Integer.MAX_VALUE};

    @Test
    void aHoldLimitFlippedDuringAttachNeverReachesAReader() throws Exception {
        String name = "holdrace-" + ProcessHandle.current().pid();
        int slots = 8;
        try (ChannelWriter writer = FrameChannel.create(ChannelConfig.of(name, 4096).withSlots(slots)
                .withBacking(Backing.PLAIN).withDirectory(SHM));
             FileChannel file = FileChannel.open(writer.path(), StandardOpenOption.READ, StandardOpenOption.WRITE);
             Arena arena = Arena.ofShared()) {
            writer.tryClaim().length(8).publish();
            MemorySegment header = file.map(FileChannel.MapMode.READ_WRITE, 0, HeaderFlyweight.HEADER_SIZE, arena);
            AtomicBoolean running = new AtomicBoolean(true);
            Thread flipper = Thread.ofPlatform().start(() -> {
                int i = 0;
                while (running.get()) {
                    header.set(ValueLayout.JAVA_INT, HeaderFlyweight.HOLD_LIMIT, VALUES[i++ % VALUES.length]);
                }
                header.set(ValueLayout.JAVA_INT, HeaderFlyweight.HOLD_LIMIT, 2);
            });
            int attached = 0;
            int refused = 0;
            try {
                for (int i = 0; i < 400; i++) {
                    try (ChannelReader reader = FrameChannel.attach(name, ReaderOptions.latest().withDirectory(SHM))) {
                        int limit = reader.holdLimit();
                        assertTrue(limit >= 1 && limit < slots, "an attached reader's hold limit: " + limit);
                        assertNotNull(reader.tryTake(), "and it can take frames");
                        attached++;
                    } catch (ChannelFormatException e) {
                        assertTrue(e.getMessage().contains("hold limit"), e.getMessage());
                        refused++;
                    }
                }
            } finally {
                running.set(false);
                flipper.join();
            }
            System.out.printf("hold-limit race: %d attaches succeeded, %d refused with a typed error%n", attached,
                    refused);
            assertTrue(attached > 0 && refused > 0, attached + " attached, " + refused + " refused");
        }
    }
}
