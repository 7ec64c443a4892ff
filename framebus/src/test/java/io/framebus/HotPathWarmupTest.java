package io.framebus;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link FrameChannel#warmUp(int)}: runs on a private channel, leaves nothing behind, refuses nonsense. */
class HotPathWarmupTest {
    private static final String PREFIX = "framebus-warmup-" + ProcessHandle.current().pid() + "-";

    private static List<Path> leftovers() throws IOException {
        try (Stream<Path> files = Files.list(TestChannels.SHM)) {
            return files.filter(p -> p.getFileName().toString().startsWith(PREFIX)
                    || p.getFileName().toString().startsWith("." + PREFIX)).toList();
        }
    }

    @Test
    void warmsUpAndRemovesItsChannel() throws Exception {
        Duration took = FrameChannel.warmUp(2_000);
        assertTrue(took.toNanos() > 0, "a duration is reported");
        assertEquals(List.of(), leftovers(), "the private channel's files are removed");
    }

    @Test
    void aChannelWorksAfterTheWarmUp() throws Exception {
        FrameChannel.warmUp(500);
        String name = TestChannels.uniqueName("after-warmup");
        try (ChannelWriter writer = FrameChannel.create(TestChannels.plain(name, 4096));
             ChannelReader reader = FrameChannel.attach(name, TestChannels.lossless())) {
            writer.claim(TestChannels.SECOND).tag(42).publish();
            try (Frame frame = TestChannels.takeFrame(reader, TestChannels.SECOND)) {
                assertEquals(42, frame.tag());
                assertEquals(writer.published(), frame.sequence(), "the warm-up did not touch this channel");
            }
        }
        assertEquals(List.of(), leftovers());
    }

    @Test
    void concurrentWarmUpsUseChannelsOfTheirOwn() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Duration>> runs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                runs.add(pool.submit(() -> FrameChannel.warmUp(1_000)));
            }
            for (Future<Duration> run : runs) {
                assertTrue(run.get().toNanos() > 0);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(), leftovers());
    }

    @Test
    void refusesAFrameCountBelowOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FrameChannel.warmUp(0));
        assertTrue(e.getMessage().contains("at least 1"), e.getMessage());
    }
}
