package io.framebus.bridge;

import io.aeron.Image;
import io.aeron.Subscription;
import io.aeron.exceptions.RegistrationException;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * {@code framebus bridge receive}: listens on an Aeron UDP channel, creates a local channel with the geometry
 * its {@link BridgeSender} describes, and writes every frame that arrives whole into it ({@link FrameAssembler}).
 * Readers of that channel use the ordinary API; each frame carries the sequence it had at the source
 * ({@link io.framebus.Frame#upstreamSequence()}).
 *
 * <ul>
 *   <li>A sender that dies leaves the channel open: {@code inspect} shows its upstream as gone, and the frames
 *       resume when a sender is back (a restarted sender is a new Aeron session; the frame the dead one left
 *       half-sent is dropped).</li>
 *   <li>A receiver killed and restarted takes its channel over (its readers carry on) and resumes at the next
 *       whole frame.</li>
 *   <li>When the source channel is closed, so is this one; with {@link ReceiverOptions#once()} the receiver then
 *       returns, otherwise it waits for the next source.</li>
 *   <li>It fails, saying so, when it cannot start its driver or bind its address, and when no sender is heard
 *       within the connect timeout (if one is set).</li>
 * </ul>
 */
public final class BridgeReceiver {
    private static final int FRAGMENT_LIMIT = 256;
    private static final long REPORT_NANOS = 10_000_000;

    private final ReceiverOptions o;
    private final Consumer<String> log;
    private final IdleStrategy idle = new BackoffIdleStrategy(10, 10, 1_000, 50_000);
    private final AtomicInteger newestSession = new AtomicInteger();
    private final AtomicLong imagesSeen = new AtomicLong();
    private volatile boolean stopped;

    /**
     * @param options where to listen and what to create
     * @param log     receives messages for a human: senders heard and gone, the channel created and closed
     */
    public BridgeReceiver(ReceiverOptions options, Consumer<String> log) {
        this.o = options;
        this.log = log;
    }

    /**
     * Receives until {@link #stop()}, or (with {@code once}) until the source channel closed.
     *
     * @return what was received
     * @throws BridgeException when the driver or the address fails, or no sender is heard in time
     */
    public ReceiverStats run() {
        Endpoint endpoint = Endpoint.forReceiver(o);
        int window = ReceiveWindow.effective(o.window());
        if (window < o.window()) {
            log.accept("the receive window is " + window + " bytes, not " + o.window() + ": this host's"
                    + " net.core.rmem_max caps it; for full speed raise it (as root: sysctl -w net.core.rmem_max="
                    + o.window() + ")");
        }
        try (AeronMedia media = AeronMedia.start(o.aeron(), log); FarChannel far = new FarChannel(o, log)) {
            Subscription subscription = subscribe(media, endpoint);
            FrameAssembler assembler = new FrameAssembler(far, log, session -> source(subscription, session));
            log.accept("receiving " + endpoint + " into channel '" + o.channel() + "' through the "
                    + media.description() + "; waiting for a sender");
            long start = System.nanoTime();
            long seenImages = 0;
            long lastReport = 0;
            String end = "stopped";
            while (!stopped) {
                int fragments = subscription.controlledPoll(assembler, FRAGMENT_LIMIT);
                long now = System.nanoTime();
                media.checkHealthy();
                long images = imagesSeen.get();
                if (images != seenImages) {
                    seenImages = images;
                    int session = assembler.sessionInProgress();
                    if (session != -1 && session != newestSession.get()) {
                        assembler.abandon(); // a new sender took over: the old one's half frame never completes
                    }
                }
                int session = assembler.sessionInProgress();
                if (session != -1 && subscription.imageBySessionId(session) == null) {
                    assembler.abandon(); // its sender is gone
                }
                if (now - lastReport >= REPORT_NANOS) {
                    lastReport = now;
                    far.report(assembler.heardNanos(), assembler.received(), assembler.incomplete());
                    checkHeard(assembler, endpoint, now - start);
                }
                if (assembler.takeClosed() && o.once()) {
                    end = "closed";
                    break;
                }
                idle.idle(fragments);
            }
            assembler.abandon();
            return assembler.stats(end);
        }
    }

    /** Ends {@link #run()} soon; safe from any thread (a shutdown hook). */
    public void stop() {
        stopped = true;
    }

    private Subscription subscribe(AeronMedia media, Endpoint endpoint) {
        try {
            return media.aeron().addSubscription(endpoint.uri(), o.aeron().streamId(), this::available,
                    this::unavailable);
        } catch (RegistrationException e) {
            throw new BridgeException("cannot receive on " + endpoint + ": " + e.getMessage() + "; the address must"
                    + " be one of this host's (ip addr), 0.0.0.0 for all, or a multicast group, and the port free", e);
        }
    }

    private void available(Image image) {
        newestSession.set(image.sessionId());
        imagesSeen.incrementAndGet();
        log.accept("a sender connected from " + image.sourceIdentity() + " (session " + image.sessionId() + ")");
    }

    private void unavailable(Image image) {
        log.accept("the sender at " + image.sourceIdentity() + " (session " + image.sessionId() + ") is gone"
                + (image.isEndOfStream() ? " (it stopped)" : ""));
    }

    private static String source(Subscription subscription, int session) {
        Image image = subscription.imageBySessionId(session);
        return image == null ? "session " + session : image.sourceIdentity();
    }

    private void checkHeard(FrameAssembler assembler, Endpoint endpoint, long waitedNanos) {
        if (assembler.heardNanos() == 0 && !o.connectTimeout().isZero()
                && waitedNanos >= o.connectTimeout().toNanos()) {
            throw new BridgeException("no sender was heard on " + endpoint + " within "
                    + o.connectTimeout().toMillis() + " ms: start 'framebus bridge send --to ADDRESS:PORT' on the"
                    + " sending host with this host's address and port (stream id " + o.aeron().streamId()
                    + "), check that UDP to it is not blocked, or raise --connect-timeout-ms (0 waits for ever)");
        }
    }
}
