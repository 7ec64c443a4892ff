package io.framebus;

import io.framebus.testkit.FramePattern;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.framebus.TestChannels.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Hammers the hold/reuse protocol with a writer thread and several reader threads (each with its own
 * mapping and row, as separate processes would have) holding frames for random times. Few slots,
 * so the writer constantly recycles slots that readers are racing to take.
 */
class ConcurrencyStressTest {
    private static final io.framebus.wait.WaitStrategy[] WAITS = {io.framebus.wait.WaitStrategy.futex(),
        io.framebus.wait.WaitStrategy.busySpin(), io.framebus.wait.WaitStrategy.yielding(),
        io.framebus.wait.WaitStrategy.backoff(), io.framebus.wait.WaitStrategy.adaptive()};


    @Test
    void writerAndReadersRaceOverFewSlotsWithoutTornOrLostFrames() throws Exception {
        String name = uniqueName("stress");
        int size = 16 * 1024;
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        AtomicBoolean writerDone = new AtomicBoolean();
        long[] published = new long[1];
        List<Thread> readers = new ArrayList<>();
        long[][] stats = new long[5][2];
        try (ChannelWriter writer = FrameChannel.create(plain(name, size).withSlots(5).withMaxReaders(8))) {
            for (int r = 0; r < 5; r++) {
                ReaderMode mode = r < 2 ? ReaderMode.LOSSLESS : ReaderMode.LATEST;
                int id = r;
                ChannelReader reader = FrameChannel.attach(name, ReaderOptions.of(mode).withHoldLimit(r == 4 ? 2 : 1)
                        .withWaitStrategy(WAITS[r % WAITS.length]).withDirectory(SHM));
                readers.add(Thread.ofPlatform().name("reader-" + r).start(() -> read(reader, id, mode, errors, stats)));
            }
            Thread w = Thread.ofPlatform().name("writer").start(() -> {
                long deadline = System.nanoTime() + Duration.ofSeconds(4).toNanos();
                while (System.nanoTime() < deadline) {
                    FrameClaim claim = writer.claim(Duration.ofSeconds(10));
                    if (claim == null) {
                        errors.add("writer starved for 10 s");
                        break;
                    }
                    FramePattern.fill(claim.segment(), size, claim.sequence());
                    claim.length(size).publish();
                }
                published[0] = writer.published();
                writerDone.set(true);
            });
            w.join();
        } // closing the writer: readers drain and end on ChannelClosedException
        for (Thread t : readers) {
            t.join(60_000);
            assertFalse(t.isAlive(), t.getName() + " did not finish");
        }
        assertTrue(errors.isEmpty(), String.join("\n", errors));
        assertTrue(published[0] > 1000, "the writer made progress: " + published[0]);
        for (int r = 0; r < 2; r++) {
            assertEquals(published[0], stats[r][0], "lossless reader " + r + " saw every frame");
        }
        System.out.printf("stress: %d frames published; lossless %d/%d; latest took %d, %d, %d%n", published[0],
                stats[0][0], stats[1][0], stats[2][0], stats[3][0], stats[4][0]);
    }

    private static void read(ChannelReader reader, int id, ReaderMode mode, ConcurrentLinkedQueue<String> errors,
                             long[][] stats) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long last = 0;
        List<Frame> held = new ArrayList<>();
        try (reader) {
            while (true) {
                Frame frame;
                try {
                    frame = takeFrame(reader, Duration.ofSeconds(10));
                } catch (ChannelClosedException e) {
                    break;
                }
                if (frame == null) {
                    errors.add("reader " + id + " timed out");
                    break;
                }
                long seq = frame.sequence();
                if (mode == ReaderMode.LOSSLESS && seq != last + 1) {
                    errors.add("reader " + id + " expected " + (last + 1) + " got " + seq);
                }
                if (seq <= last) {
                    errors.add("reader " + id + " went backwards: " + last + " then " + seq);
                }
                last = seq;
                held.add(frame);
                if (random.nextInt(8) == 0) {
                    Thread.onSpinWait();
                    Thread.yield();
                }
                if (held.size() == reader.holdLimit() || random.nextBoolean()) {
                    for (Frame f : held) {
                        long bad = FramePattern.verify(f.segment(), f.length(), f.sequence());
                        if (bad >= 0) {
                            errors.add("reader " + id + " frame " + f.sequence() + " torn at " + bad);
                        }
                        f.close();
                    }
                    held.clear();
                }
                stats[id][0]++;
            }
            for (Frame f : held) {
                if (FramePattern.verify(f.segment(), f.length(), f.sequence()) >= 0) {
                    errors.add("reader " + id + " frame " + f.sequence() + " torn");
                }
                f.close();
            }
        } catch (RuntimeException e) {
            errors.add("reader " + id + ": " + e);
        }
    }
}
