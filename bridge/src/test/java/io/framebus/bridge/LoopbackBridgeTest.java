package io.framebus.bridge;

import io.framebus.Backing;
import io.framebus.ChannelConfig;
import io.framebus.ChannelReader;
import io.framebus.ChannelSnapshot;
import io.framebus.ChannelWriter;
import io.framebus.DType;
import io.framebus.Frame;
import io.framebus.FrameChannel;
import io.framebus.FrameClaim;
import io.framebus.FrameKind;
import io.framebus.PixelFormat;
import io.framebus.ReadStatus;
import io.framebus.ReaderMode;
import io.framebus.ReaderOptions;
import io.framebus.testkit.FramePattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.DatagramSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A sender and a receiver in this JVM, each with its own embedded media driver, over real UDP on the loopback
 * interface: frames larger than Aeron's largest message and split into chunks that do not line up with the
 * MTU arrive whole, with every byte and all their metadata; the close travels; errors say what failed.
 */
class LoopbackBridgeTest {
    private static final Path SHM = Path.of("/dev/shm");
    /** One platform thread per bridge: the common pool may have a single thread on a small machine. */
    private static final Executor THREADS = task -> Thread.ofPlatform().daemon().start(task);
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> open = new ArrayList<>();
    private final List<CompletableFuture<?>> running = new ArrayList<>();

    private static int freePort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String name(String what) {
        return "bridge-" + what + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 100_000;
    }

    @AfterEach
    void closeWhatIsOpen() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        for (CompletableFuture<?> f : running) {
            try {
                f.get(60, TimeUnit.SECONDS); // its driver and channel are closed when it returns
            } catch (java.util.concurrent.ExecutionException e) {
                // the test reported it, or it was stopped
            }
        }
    }

    @Test
    void framesOfAnySizeArriveWholeWithTheirMetadata() throws Exception {
        String source = name("src");
        String far = name("far");
        int port = freePort();
        long slot = 3L * 1024 * 1024 + 100; // above Aeron's 2 MiB messages at the default term length
        int frames = 12;
        ChannelWriter writer = FrameChannel.create(ChannelConfig.of(source, slot).withSlots(4)
                .withBacking(Backing.PLAIN).withDirectory(SHM));
        open.add(writer);
        {
            SenderOptions so = SenderOptions.of(source, "127.0.0.1:" + port);
            so = new SenderOptions(source, SHM, null, ReaderMode.LOSSLESS, so.to(), so.aeron(), so.mtu(),
                    so.termLength(), 300_007, Duration.ofSeconds(20), Duration.ZERO, Duration.ofMillis(200));
            ReceiverOptions ro = new ReceiverOptions(far, SHM, null, Backing.PLAIN, "127.0.0.1:" + port,
                    AeronSettings.defaults(), 0, Duration.ofSeconds(20), true);
            BridgeReceiver receiver = new BridgeReceiver(ro, log::add);
            CompletableFuture<ReceiverStats> received = CompletableFuture.supplyAsync(receiver::run, THREADS);
            running.add(received);
            BridgeSender sender = new BridgeSender(so, log::add);
            CompletableFuture<SenderStats> sent = CompletableFuture.supplyAsync(sender::run, THREADS);
            running.add(sent);
            open.add(sender::stop);
            open.add(receiver::stop);
            assertTrue(writer.awaitReaders(1, Duration.ofSeconds(30)), "the sender attached: " + log);
            ChannelReader reader = FrameChannel.attach(far, ReaderOptions.lossless().withDirectory(SHM)
                    .withAttachTimeout(Duration.ofSeconds(30)));
            open.add(0, reader);
            for (int i = 1; i <= frames; i++) {
                publish(writer, i);
            }
            for (int i = 1; i <= frames; i++) {
                Frame f = reader.tryTake(Duration.ofSeconds(30));
                assertNotNull(f, "frame " + i + " arrived; " + log);
                try (f) {
                    check(f, i);
                }
            }
            writer.close();
            assertEquals(ReadStatus.CLOSED, reader.take(f -> fail("no frame after the close"), Duration.ofSeconds(30)),
                    "the close travelled");
            SenderStats s = sent.get(60, TimeUnit.SECONDS);
            ReceiverStats r = received.get(60, TimeUnit.SECONDS);
            assertEquals("closed", s.end());
            assertEquals("closed", r.end());
            assertEquals(frames, s.sent());
            assertEquals(frames, r.received());
            assertEquals(0, r.incomplete());
            assertEquals(0, r.refused());
        }
    }

    /** Frame i: video, tensor or raw in turn, of a size that changes, every byte the pattern of i. */
    private static void publish(ChannelWriter writer, int i) {
        FrameClaim c = writer.claim(Duration.ofSeconds(30));
        assertNotNull(c, "a free slot for frame " + i);
        long length;
        switch (i % 3) {
            case 0 -> {
                length = 1024L * 1024 * 3;
                FramePattern.fill(c.segment(), length, i);
                c.video(1024, 1024, 3072, PixelFormat.BGR24);
            }
            case 1 -> {
                length = 4L * 2 * 3 * 50 * (40 + i);
                FramePattern.fill(c.segment(), length, i);
                c.tensor(DType.FLOAT32, 2, 3, 50, 40 + i).label("logits " + i);
            }
            default -> {
                length = i == 2 ? 0 : 1_000_003;
                FramePattern.fill(c.segment(), length, i);
                c.length(length).kind(FrameKind.RAW);
            }
        }
        c.pts(i * 33_333L).tag(1000 + i).origin(500 + i).publish();
    }

    private static void check(Frame f, int i) {
        assertEquals(i, f.upstreamSequence(), "the source's sequence");
        assertEquals(-1, FramePattern.verify(f.segment(), f.length(), i), "every byte of frame " + i);
        assertEquals(i * 33_333L, f.pts());
        assertEquals(1000 + i, f.tag());
        assertEquals(500 + i, f.origin());
        switch (i % 3) {
            case 0 -> {
                assertEquals(FrameKind.VIDEO, f.kind());
                assertEquals(1024, f.width());
                assertEquals(3072, f.stride());
                assertEquals(PixelFormat.BGR24, f.pixelFormat());
            }
            case 1 -> {
                assertEquals(FrameKind.TENSOR, f.kind());
                assertArrayEquals(new long[] {2, 3, 50, 40 + i}, f.shape());
                assertEquals("logits " + i, f.label());
            }
            default -> {
                assertEquals(FrameKind.RAW, f.kind());
                assertEquals(i == 2 ? 0 : 1_000_003, f.length());
            }
        }
    }

    @Test
    void theFarChannelIsMarkedBridgedAndTheSenderRowHasAContactTime() throws Exception {
        String source = name("src");
        String far = name("far");
        int port = freePort();
        try (ChannelWriter writer = FrameChannel.create(ChannelConfig.of(source, 4096).withSlots(4)
                .withBacking(Backing.PLAIN).withDirectory(SHM))) {
            SenderOptions so = SenderOptions.of(source, "127.0.0.1:" + port);
            so = new SenderOptions(source, SHM, null, ReaderMode.LATEST, so.to(), so.aeron(), so.mtu(),
                    so.termLength(), so.chunkBytes(), Duration.ofSeconds(20), Duration.ZERO, Duration.ZERO);
            ReceiverOptions ro = new ReceiverOptions(far, SHM, null, Backing.PLAIN, "127.0.0.1:" + port,
                    AeronSettings.defaults(), 0, Duration.ZERO, false);
            BridgeReceiver receiver = new BridgeReceiver(ro, log::add);
            CompletableFuture<ReceiverStats> received = CompletableFuture.supplyAsync(receiver::run, THREADS);
            running.add(received);
            BridgeSender sender = new BridgeSender(so, log::add);
            CompletableFuture<SenderStats> sent = CompletableFuture.supplyAsync(sender::run, THREADS);
            running.add(sent);
            open.add(sender::stop);
            open.add(receiver::stop);
            ChannelSnapshot.Link link = awaitLink(far);
            assertEquals(0, writer.published(), "a HELLO needs no frame");
            assertEquals("bridge", link.kind());
            assertTrue(link.source().startsWith(source), link.source());
            assertFalse(link.sourceGone(), link.toString());
            long deadline = System.nanoTime() + 30_000_000_000L;
            ChannelSnapshot.Reader row;
            do {
                row = FrameChannel.inspect(source, SHM).readers().getFirst();
            } while (row.lastContactMs() < 0 && System.nanoTime() < deadline);
            assertEquals("bridge send to 127.0.0.1:" + port, row.label());
            assertTrue(row.lastContactMs() >= 0, "the sender heard the receiver: " + row);
            sender.stop();
            assertEquals("stopped", sent.get(60, TimeUnit.SECONDS).end());
            deadline = System.nanoTime() + 30_000_000_000L;
            while (!FrameChannel.inspect(far, SHM).link().sourceGone() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(FrameChannel.inspect(far, SHM).link().sourceGone(), "a stopped sender is gone upstream");
            assertEquals("open", FrameChannel.inspect(far, SHM).state(), "and the far channel stays open");
            receiver.stop();
            assertEquals("stopped", received.get(60, TimeUnit.SECONDS).end());
        }
    }

    private static ChannelSnapshot.Link awaitLink(String far) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                ChannelSnapshot.Link link = FrameChannel.inspect(far, SHM).link();
                if (link != null && link.lastHeardMs() >= 0) {
                    return link;
                }
            } catch (io.framebus.ChannelNotFoundException e) {
                // not created yet
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the receiver never created channel " + far);
    }
}
