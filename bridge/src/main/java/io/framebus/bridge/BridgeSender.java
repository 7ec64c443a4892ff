package io.framebus.bridge;

import io.aeron.AeronCounters;
import io.aeron.ExclusivePublication;
import io.aeron.exceptions.RegistrationException;
import io.framebus.ChannelNotFoundException;
import io.framebus.ChannelReader;
import io.framebus.ChannelSnapshot;
import io.framebus.FrameChannel;
import io.framebus.ReaderMode;
import io.framebus.ReaderOptions;
import io.framebus.pipeline.StageLoop;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * {@code framebus bridge send}: attaches to a local channel as a reader (latest or lossless) and publishes every
 * frame it takes over Aeron UDP to a {@link BridgeReceiver}, with a HELLO every
 * {@value SenderOptions#HELLO_MILLIS} ms that describes the channel. Its reader row is labelled
 * {@code bridge send to HOST:PORT} and carries the last time the receiver was heard (Aeron's status messages),
 * which {@code framebus inspect} shows.
 *
 * <p>It fails, with a message that says so, when it cannot start its driver, when the address cannot be used,
 * and when no receiver answers within the connect timeout at start. Once a receiver was heard, losing it is not
 * an error: the sender carries on and the next receiver resumes at the next whole frame. When the local channel
 * is closed, it forwards the close, waits until the last frames were sent and repaired, and returns.
 *
 * <pre>{@code
 * SenderStats stats = new BridgeSender(SenderOptions.of("cam", "10.0.0.2:40123"), System.err::println).run();
 * }</pre>
 */
public final class BridgeSender {
    private static final Duration POLL = Duration.ofMillis(20);
    private static final long HELLO_NANOS = SenderOptions.HELLO_MILLIS * 1_000_000;

    private final SenderOptions o;
    private final Consumer<String> log;
    private final StageLoop loop = StageLoop.untilClosed();
    private final IdleStrategy idle = new BackoffIdleStrategy(10, 10, 1_000, 100_000);
    private final Hello hello = new Hello();
    private final UnsafeBuffer helloBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect(Hello.LENGTH));
    private final UnsafeBuffer closedBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect(Wire.CLOSED_LENGTH));
    private AeronMedia media;
    private ExclusivePublication publication;
    private ChannelReader reader;
    private ChunkPublisher publisher;
    private String peer;
    private long lastHelloNanos;
    private boolean connected;

    /**
     * @param options what to send and how
     * @param log     receives messages for a human: connected, receiver gone, closed
     */
    public BridgeSender(SenderOptions options, Consumer<String> log) {
        this.o = options;
        this.log = log;
    }

    /**
     * Sends until the local channel is closed or {@link #stop()}.
     *
     * @return what was sent
     * @throws BridgeException when the driver, the address or the receiver fails as described above
     */
    public SenderStats run() {
        Endpoint endpoint = Endpoint.forSender(o);
        peer = endpoint.address();
        ChannelSnapshot source = awaitChannel();
        try (AeronMedia m = AeronMedia.start(o.aeron(), log)) {
            media = m;
            publication = publish(m, endpoint);
            log.accept("sending channel '" + o.channel() + "' (" + o.mode().name().toLowerCase(Locale.ROOT) + ") to "
                    + endpoint + " through the " + m.description() + "; waiting for the receiver");
            awaitFirstReceiver();
            // Frames published before the attach may have been sent by a sender this one replaces; the ones after
            // it are this sender's, including those published before it read anything.
            long before = FrameChannel.inspect(o.channel(), o.directory()).published();
            try (ChannelReader r = FrameChannel.attach(o.channel(), readerOptions())) {
                reader = r;
                describe(source, r);
                publisher = new ChunkPublisher(publication, o.mode(), hello.senderId,
                        Math.min(o.chunkBytes(), publication.maxMessageLength() - ChunkHeader.LENGTH), this::pause);
                publisher.startAfter(before);
                sayHello(System.nanoTime());
                StageLoop.End end = loop.withPollInterval(POLL).withListener(status -> housekeeping()).run(r,
                        publisher);
                if (end == StageLoop.End.CLOSED) {
                    forwardClose();
                }
                return publisher.stats(r.skipped(), r.lost(), end == StageLoop.End.CLOSED ? "closed" : "stopped");
            }
        }
    }

    /** Ends {@link #run()} within a poll interval; safe from any thread (a shutdown hook). */
    public void stop() {
        loop.stop();
    }

    private ChannelSnapshot awaitChannel() {
        long deadline = System.nanoTime() + o.connectTimeout().toNanos();
        boolean told = false;
        while (true) {
            try {
                return FrameChannel.inspect(o.channel(), o.directory());
            } catch (ChannelNotFoundException e) {
                if (!o.connectTimeout().isZero() && System.nanoTime() - deadline >= 0) {
                    throw e;
                }
                if (!told) {
                    log.accept("waiting for channel '" + o.channel() + "' to appear");
                    told = true;
                }
                if (loop.isStopped()) {
                    throw e;
                }
                LockSupport.parkNanos(50_000_000);
            }
        }
    }

    private ExclusivePublication publish(AeronMedia m, Endpoint endpoint) {
        try {
            return m.aeron().addExclusivePublication(endpoint.uri(), o.aeron().streamId());
        } catch (RegistrationException e) {
            throw new BridgeException("cannot send to " + endpoint + ": " + e.getMessage()
                    + (o.aeron().networkInterface() != null ? " (is " + o.aeron().networkInterface()
                    + " an address of this host?)" : ""), e);
        }
    }

    private void awaitFirstReceiver() {
        long deadline = System.nanoTime() + o.connectTimeout().toNanos();
        while (!publication.isConnected()) {
            media.checkHealthy();
            if (loop.isStopped()) {
                return;
            }
            if (!o.connectTimeout().isZero() && System.nanoTime() - deadline >= 0) {
                throw new BridgeException("no receiver answered at " + peer + " within " + o.connectTimeout().toMillis()
                        + " ms: start 'framebus bridge receive --from ADDRESS:PORT' on that host (same port and stream"
                        + " id " + o.aeron().streamId() + "), check that UDP to it is not blocked, or raise"
                        + " --connect-timeout-ms (0 waits for ever)");
            }
            LockSupport.parkNanos(10_000_000);
        }
        connected = true;
        log.accept("receiver connected at " + peer);
    }

    private ReaderOptions readerOptions() {
        ReaderOptions r = ReaderOptions.of(o.mode()).withLabel("bridge send to " + peer).withDirectory(o.directory())
                .withGroup(o.group()).withAttachTimeout(o.connectTimeout().isZero() ? Duration.ofDays(365)
                        : o.connectTimeout());
        return o.mode() == ReaderMode.LOSSLESS ? r.withStallBudget(o.stallBudget()) : r;
    }

    private void describe(ChannelSnapshot source, ChannelReader r) {
        ChannelSnapshot s = source;
        if (s.slotCount() != r.slotCount() || s.slotSize() != r.slotSize()) {
            s = FrameChannel.inspect(o.channel(), o.directory()); // recreated between the look and the attach
        }
        hello.senderId = ThreadLocalRandom.current().nextLong() | 1;
        hello.lossless = o.mode() == ReaderMode.LOSSLESS;
        hello.slotCount = r.slotCount();
        hello.slotSize = r.slotSize();
        hello.ringCapacity = s.ringCapacity();
        hello.maxReaders = s.maxReaders();
        hello.channel = o.channel();
        hello.host = hostName();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown host";
        }
    }

    /** After every take and while Aeron back-pressures: HELLO, the receiver's contact, the driver's health. */
    private void housekeeping() {
        long now = System.nanoTime();
        media.checkHealthy();
        boolean up = publication.isConnected();
        if (up) {
            reader.reportContact(now);
        }
        if (up != connected) {
            connected = up;
            log.accept(up ? "receiver connected at " + peer : "the receiver at " + peer + " went away; "
                    + (o.mode() == ReaderMode.LOSSLESS ? "holding the writer until one is back" : "skipping frames"
                    + " until one is back"));
        }
        if (now - lastHelloNanos >= HELLO_NANOS) {
            sayHello(now);
        }
    }

    private boolean sayHello(long now) {
        hello.sent = publisher.sent();
        hello.skipped = reader.skipped() + reader.lost() + publisher.skippedHere();
        hello.lastSequence = publisher.lastSequence();
        hello.encode(helloBuffer);
        if (publication.offer(helloBuffer, 0, Hello.LENGTH) > 0) {
            lastHelloNanos = now;
            return true;
        }
        return false;
    }

    /**
     * Waits, then does the housekeeping: a HELLO that is due goes first when Aeron has room again, before the
     * chunk that waits (otherwise a link that is always full would never carry one).
     */
    private boolean pause() {
        idle.idle();
        housekeeping();
        return !loop.isStopped();
    }

    /**
     * The local channel was closed: says HELLO with the final counters and CLOSED, waits until the driver has sent
     * everything, then lingers while a receiver is connected so that lost datagrams of the last frames are
     * repaired.
     */
    private void forwardClose() {
        Wire.writeClosed(closedBuffer, hello.senderId, publisher.lastSequence());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!sayHello(System.nanoTime()) || publication.offer(closedBuffer, 0, Wire.CLOSED_LENGTH) < 0) {
            if (!publication.isConnected() || System.nanoTime() - deadline >= 0 || !pause()) {
                log.accept("the local channel closed; could not tell the receiver (it is gone)");
                return;
            }
        }
        long position = publication.position();
        CountersReader counters = media.aeron().countersReader();
        int sent = counters.findByTypeIdAndRegistrationId(AeronCounters.DRIVER_SENDER_POSITION_TYPE_ID,
                publication.registrationId());
        while (sent != CountersReader.NULL_COUNTER_ID && counters.getCounterValue(sent) < position
                && publication.isConnected() && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(1_000_000);
        }
        long lingerEnd = System.nanoTime() + o.linger().toNanos();
        while (publication.isConnected() && System.nanoTime() - lingerEnd < 0) {
            LockSupport.parkNanos(10_000_000);
        }
        log.accept("the local channel closed; told the receiver after " + publisher.sent() + " frame(s)");
    }
}
