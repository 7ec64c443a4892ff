package io.framebus;

import io.framebus.layout.ChannelLayout;
import io.framebus.layout.ControlRegion;
import io.framebus.mains.PatternWriterMain;
import io.framebus.testkit.ChildProcess;
import io.framebus.testkit.FramePattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.Arena;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.function.Consumer;

import static io.framebus.TestChannels.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A writer taking over a dead writer's channel checks the published counter, the ring and the slot
 * table against each other: what a dying writer can leave behind is repaired, what it cannot is refused
 * with a typed error, and never does a new writer publish into a state its readers cannot follow.
 */
class TakeoverCorruptionTest {
    private static final int SLOTS = 4;
    private static final int SIZE = 4096;
    private static final Duration LONG = Duration.ofSeconds(60);

    /** A channel whose writer published 5 frames and died without closing it; then {@code corrupt} runs. */
    private static String deadWriterChannel(Consumer<ControlRegion> corrupt) throws Exception {
        String name = uniqueName("takeover");
        try (ChildProcess writer = ChildProcess.start("writer", PatternWriterMain.class, name, SHM.toString(),
                String.valueOf(SLOTS), String.valueOf(SIZE), "5", "0", "0", "true")) {
            writer.awaitLine("DONE", LONG);
            assertEquals(0, writer.waitFor(LONG));
        }
        ChannelLayout layout = new ChannelLayout(SLOTS, SIZE, 16, 16, ChannelLayout.SMALL_PAGE);
        try (FileChannel file = FileChannel.open(ChannelNames.file(SHM, name), StandardOpenOption.READ,
                StandardOpenOption.WRITE); Arena arena = Arena.ofConfined()) {
            corrupt.accept(new ControlRegion(file.map(FileChannel.MapMode.READ_WRITE, 0, layout.controlSize(), arena),
                    layout));
        }
        return name;
    }

    @ParameterizedTest
    @ValueSource(longs = {-1000, -1, Long.MIN_VALUE, Long.MAX_VALUE, (1L << 62) + 1})
    void aPublishedCounterNoWriterCanLeaveIsRefused(long published) throws Exception {
        String name = deadWriterChannel(c -> c.header().publish(published));
        try {
            ChannelFormatException e = assertThrows(ChannelFormatException.class,
                    () -> FrameChannel.create(plain(name, SIZE).withSlots(SLOTS)));
            assertTrue(e.getMessage().contains("published counter of " + published), e.getMessage());
            assertTrue(e.getMessage().contains("framebus rm " + name), e.getMessage());
        } finally {
            FrameChannel.remove(name, SHM, true);
        }
        assertFalse(fileExists(name));
    }

    @Test
    void slotsAndRingEntriesADyingWriterLeftBehindAreRepaired() throws Exception {
        String name = deadWriterChannel(c -> {
            c.slots().setSequence(0, ChannelLayout.SLOT_CLAIMED);  // died while writing
            c.slots().setSequence(1, 99);                          // beyond published: never published
            c.slots().setSequence(2, -7);                          // garbage
            c.ring().announce(7, 3, 23);                           // announces a future frame
            c.ring().announce(6, SLOTS + 5, 6);                    // names a slot outside the geometry
        });
        try (ChannelWriter writer = FrameChannel.create(plain(name, SIZE).withSlots(SLOTS));
             ChannelReader reader = FrameChannel.attach(name, lossless())) {
            assertTrue(writer.tookOver());
            assertEquals(5, writer.published());
            for (int i = 0; i < 40; i++) {
                FrameClaim claim = writer.claim(LONG);
                assertNotNull(claim, "the repaired channel has room");
                FramePattern.fill(claim.segment(), SIZE, claim.sequence());
                claim.length(SIZE).publish();
                try (Frame f = reader.tryTake(LONG)) {
                    assertNotNull(f);
                    assertEquals(6 + i, f.sequence(), "every frame of the new writer, in order");
                    assertEquals(-1, FramePattern.verify(f.segment(), f.length(), f.sequence()));
                }
            }
            assertEquals(0, reader.lost());
        }
        assertFalse(fileExists(name));
    }
}
