package io.framebus.pipeline;

import io.framebus.Backing;
import io.framebus.ChannelConfig;
import io.framebus.ChannelReader;
import io.framebus.ChannelWriter;
import io.framebus.FrameChannel;
import io.framebus.ReadStatus;
import io.framebus.ReaderOptions;
import io.framebus.testkit.ChildProcess;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/** The shared stage loop against real channels, and against a writer process killed with SIGKILL. */
class StageLoopTest {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Path SHM = Path.of("/dev/shm");

    private static String name() {
        return "loop-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
    }

    private static ChannelConfig config(String name) {
        return ChannelConfig.of(name, 64).withSlots(4).withBacking(Backing.PLAIN).withDirectory(SHM);
    }

    @Test
    // "try": closes the writer early on purpose (that is the close under test);
    // the try-with-resources still closes it if an assertion fails first.
    @SuppressWarnings("try")
    void aClosedChannelEndsTheLoopAfterEveryFrameWasHandedOver() {
        String name = name();
        List<Long> seen = new ArrayList<>();
        try (ChannelWriter writer = FrameChannel.create(config(name));
             ChannelReader reader = FrameChannel.attach(name, ReaderOptions.lossless().withDirectory(SHM))) {
            for (int i = 0; i < 3; i++) {
                writer.tryClaim().length(8).publish();
            }
            writer.close();
            StageLoop.End end = StageLoop.untilClosed().run(reader, frame -> seen.add(frame.sequence()));
            assertEquals(StageLoop.End.CLOSED, end);
        }
        assertEquals(List.of(1L, 2L, 3L), seen);
    }

    @Test
    void stopFromTheHandlerEndsTheLoop() {
        String name = name();
        try (ChannelWriter writer = FrameChannel.create(config(name));
             ChannelReader reader = FrameChannel.attach(name, ReaderOptions.lossless().withDirectory(SHM))) {
            writer.tryClaim().length(8).publish();
            writer.tryClaim().length(8).publish();
            StageLoop loop = StageLoop.untilClosed();
            AtomicInteger handled = new AtomicInteger();
            assertEquals(StageLoop.End.STOPPED, loop.run(reader, frame -> {
                handled.incrementAndGet();
                loop.stop();
            }));
            assertEquals(1, handled.get(), "no frame after stop()");
        }
    }

    @Test
    void silenceWhileTheWriterLivesEndsOnlyWithAnIdleLimit() {
        String name = name();
        try (ChannelWriter writer = FrameChannel.create(config(name));
             ChannelReader reader = FrameChannel.attach(name, ReaderOptions.latest().withDirectory(SHM))) {
            List<ReadStatus> statuses = new ArrayList<>();
            StageLoop loop = StageLoop.untilClosed().withPollInterval(Duration.ofMillis(20))
                    .withIdleLimit(Duration.ofMillis(100)).withListener(statuses::add);
            assertEquals(StageLoop.End.IDLE, loop.run(reader, frame -> fail("no frame was published")));
            assertTrue(statuses.stream().allMatch(s -> s == ReadStatus.TIMEOUT), statuses.toString());
            assertFalse(writer.isClosed());
        }
    }

    @Test
    void aDeadWriterEndsTheLoopOnlyAfterThePatience() throws Exception {
        String name = name();
        try (ChildProcess writer = ChildProcess.start("writer", HangingWriterMain.class, name, SHM.toString())) {
            writer.awaitLine("READY", Duration.ofSeconds(60));
            try (ChannelReader reader = FrameChannel.attach(name, ReaderOptions.lossless().withDirectory(SHM))) {
                writer.kill();
                List<ReadStatus> statuses = new ArrayList<>();
                AtomicInteger frames = new AtomicInteger();
                StageLoop.End end = StageLoop.untilClosed().withDeadWriterPatience(Duration.ofMillis(300))
                        .withListener(statuses::add).run(reader, frame -> frames.incrementAndGet());
                assertEquals(StageLoop.End.WRITER_GONE, end);
                assertEquals(1, frames.get(), "the frame published before the kill is still handed over");
                assertTrue(statuses.contains(ReadStatus.WRITER_DEAD), statuses.toString());
            }
        } finally {
            FrameChannel.remove(name, SHM, true);
        }
    }

    /** Publishes one frame, then waits to be killed. Args: name dir. */
    public static final class HangingWriterMain {
        private HangingWriterMain() {
        }

        /**
         * @param args name, directory
         * @throws InterruptedException never in practice
         */
        public static void main(String[] args) throws InterruptedException {
            ChannelWriter writer = FrameChannel.create(ChannelConfig.of(args[0], 64).withSlots(4)
                    .withBacking(Backing.PLAIN).withDirectory(Path.of(args[1])));
            writer.tryClaim().length(8).publish();
            System.out.println("READY");
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
