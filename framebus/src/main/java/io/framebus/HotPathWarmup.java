package io.framebus;

import io.framebus.memory.BackingSelector;

import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the hot path of a channel on a private channel until the JIT has seen it often enough to compile
 * it: the writer's claim (and its wait for a slot), the frame's description, publish and its wake-up, and
 * the take of a {@link ReaderMode#LOSSLESS lossless} and a {@link ReaderMode#LATEST latest} reader (with
 * their futex wait), the accessors a handler reads and the release. The writer publishes on the calling
 * thread; each reader takes on a thread of its own, as in another process. See
 * {@link FrameChannel#warmUp(int)}.
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

    private HotPathWarmup() {
    }

    /**
     * Publishes {@code frames} frames on a private channel to two readers, then closes it (its files are
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
        Thread lossless;
        Thread latest;
        try (ChannelWriter writer = FrameChannel.create(config)) {
            lossless = reader(name, ReaderOptions.lossless(), failure);
            latest = reader(name, ReaderOptions.latest(), failure);
            if (!writer.awaitReaders(2, READER_ATTACH_TIMEOUT)) {
                throw new IllegalStateException("warm-up: its readers did not attach to " + name);
            }
            for (int i = 0; i < frames && failure.get() == null; i++) {
                publish(writer, i);
            }
        } // closing the writer closes the channel: the readers take what is left, then stop
        join(lossless);
        join(latest);
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
        }, "framebus-warmup-" + options.mode().name().toLowerCase(Locale.ROOT));
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
