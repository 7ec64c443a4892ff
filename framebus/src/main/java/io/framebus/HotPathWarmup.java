package io.framebus;

import io.framebus.memory.BackingSelector;
import io.framebus.wait.WaitStrategy;

import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the hot path of a channel on a private channel until the JIT has seen it often enough to compile
 * it: the writer's claim (and its wait for a slot), the frame's description, publish and its wake-up, and
 * the take of {@link ReaderMode#LOSSLESS lossless} and {@link ReaderMode#LATEST latest} readers, the
 * accessors a handler reads and the release. The readers wait in each of the three ways a reader can: on the
 * futex, {@link WaitStrategy#adaptive() adaptively} (spin, yield, then the futex) and with an
 * {@link WaitStrategy#backoff() idle strategy}. Without the last two, the JIT would compile the wait with
 * their branches never taken, and a reader that spins or polls would leave the compiled code (deoptimise)
 * on its first wait. The writer publishes on the calling thread; each reader takes on a thread of its own,
 * as in another process. See {@link FrameChannel#warmUp(int)}.
 */
final class HotPathWarmup {
    /** Slots of the private channel: a few, so that the writer also waits for its lossless reader. */
    private static final int SLOTS = 4;
    private static final long SLOT_BYTES = 4096;
    private static final Path DIRECTORY = BackingSelector.DEV_SHM;
    private static final Duration READER_TAKE_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration READER_ATTACH_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(10);
    private static final AtomicInteger RUNS = new AtomicInteger();
    /** One reader per way of waiting, in both modes. */
    private static final List<ReaderOptions> READERS = List.of(
            ReaderOptions.lossless(),
            ReaderOptions.latest().withWaitStrategy(WaitStrategy.adaptive()),
            ReaderOptions.lossless().withWaitStrategy(WaitStrategy.backoff()));

    private HotPathWarmup() {
    }

    /**
     * Publishes {@code frames} frames on a private channel to its readers, then closes it (its files are
     * removed, as for any channel closed by its writer).
     *
     * @param frames frames to publish
     * @return how long it took
     */
    static Duration run(int frames) {
        if (frames < 1) {
            throw new IllegalArgumentException("frames must be at least 1, not " + frames);
        }
        long start = System.nanoTime();
        String name = "warmup-" + ProcessHandle.current().pid() + "-" + RUNS.incrementAndGet();
        ChannelConfig config = ChannelConfig.of(name, SLOT_BYTES).withSlots(SLOTS).withBacking(Backing.PLAIN)
                .withDirectory(DIRECTORY);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> readers = new ArrayList<>(READERS.size());
        try (ChannelWriter writer = FrameChannel.create(config)) {
            for (ReaderOptions options : READERS) {
                readers.add(reader(name, options, failure));
            }
            if (!writer.awaitReaders(READERS.size(), READER_ATTACH_TIMEOUT)) {
                throw new IllegalStateException("warm-up: its readers did not attach to " + name);
            }
            for (int i = 0; i < frames && failure.get() == null; i++) {
                publish(writer, i);
            }
        } // closing the writer closes the channel: the readers take what is left, then stop
        for (Thread t : readers) {
            join(t);
        }
        Throwable t = failure.get();
        if (t != null) {
            throw new IllegalStateException("warm-up on channel " + name + " failed: " + t, t);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** One frame, described in turn as a video frame, a tensor and plain bytes, as applications do. */
    private static void publish(ChannelWriter writer, int i) {
        FrameClaim claim = writer.claim(CLAIM_TIMEOUT);
        if (claim == null) {
            throw new IllegalStateException("warm-up: no slot came free in " + CLAIM_TIMEOUT);
        }
        claim.segment().set(ValueLayout.JAVA_LONG, 0, i);
        switch (i % 3) {
            case 0 -> claim.video(32, 32, 96, PixelFormat.BGR24);
            case 1 -> claim.tensor(DType.FLOAT32, 1, 1, 32, 32);
            default -> claim.length(SLOT_BYTES);
        }
        claim.pts(i).tag(i).publish();
    }

    /** A reader thread: attaches, takes until the channel closes, reading what a handler reads. */
    private static Thread reader(String name, ReaderOptions options, AtomicReference<Throwable> failure) {
        Thread t = new Thread(() -> {
            try (ChannelReader reader = FrameChannel.attach(name, options.withDirectory(DIRECTORY)
                    .withAttachTimeout(READER_ATTACH_TIMEOUT))) {
                long[] sink = new long[1];
                FrameHandler handler = frame -> sink[0] += frame.sequence() + frame.publishNanos()
                        + frame.takeNanos() + frame.tag() + frame.pts() + frame.length()
                        + frame.segment().get(ValueLayout.JAVA_LONG, 0);
                while (reader.take(handler, READER_TAKE_TIMEOUT) != ReadStatus.CLOSED) {
                    if (failure.get() != null) {
                        return;
                    }
                }
            } catch (RuntimeException | Error e) {
                failure.compareAndSet(null, e);
            }
        }, "framebus-warmup-" + options.mode().name().toLowerCase(Locale.ROOT) + "-" + options.waitStrategy());
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the warm-up's readers finished", e);
        }
    }
}
