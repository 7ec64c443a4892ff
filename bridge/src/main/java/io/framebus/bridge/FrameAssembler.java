package io.framebus.bridge;

import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.FrameDescriptor;
import io.aeron.logbuffer.Header;
import io.framebus.ChannelWriter;
import io.framebus.FrameClaim;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * The receiver's fragment handler: puts each fragment of a frame straight into its place in a claimed slot
 * (the copy from Aeron's term buffer into the slot is the only one), and publishes the frame when its last
 * byte arrived. A frame is published only whole: one whose sender went away half-way, or whose chunks do not
 * follow each other, is given back unpublished and counted incomplete.
 *
 * <p>Aeron delivers one sender's fragments in order; fragments of different senders (a sender restarted, two
 * senders on one multicast group) may interleave, so a frame in progress belongs to one session and another
 * session's frame waits ({@link Action#ABORT}: Aeron delivers that fragment again) until it is done. ABORT is
 * returned only before anything of the waiting fragment was used, and every fragment that completes a frame
 * or a HELLO commits, so a fragment delivered again never counts twice.
 */
final class FrameAssembler implements ControlledFragmentHandler {
    private static final Duration CLAIM_WAIT = Duration.ofMillis(2);

    private final FarChannel far;
    private final Consumer<String> log;
    private final IntFunction<String> sourceOfSession;
    private final Hello hello = new Hello();
    private final ChunkHeader chunk = new ChunkHeader();
    private final UnsafeBuffer slot = new UnsafeBuffer(new byte[0]);
    private FrameClaim claim;
    private int session;
    private long senderId;
    private long sequence;
    private long frameLength;
    /** Bytes of the frame in the slot so far; the next fragment goes here. */
    private long cursor;
    /** Where the chunk being received ends in the frame; -1 between chunks. */
    private long chunkEnd = -1;
    private long lastSender;
    private long lastSequence;
    private boolean closedBySource;
    private long heardNanos;
    private long received;
    private long bytes;
    private long incomplete;
    private long duplicates;
    private long refused;
    private long firstNanos;
    private long lastNanos;
    private String lastRefusal;

    /**
     * @param far             the local channel
     * @param log             told about refused messages (the first of each kind)
     * @param sourceOfSession the source identity ({@code ip:port}) of an Aeron session
     */
    FrameAssembler(FarChannel far, Consumer<String> log, IntFunction<String> sourceOfSession) {
        this.far = far;
        this.log = log;
        this.sourceOfSession = sourceOfSession;
    }

    @Override
    public Action onFragment(DirectBuffer buffer, int offset, int length, Header header) {
        heardNanos = System.nanoTime();
        byte flags = header.flags();
        if ((flags & FrameDescriptor.BEGIN_FRAG_FLAG) == 0) {
            return continuation(buffer, offset, length, header.sessionId(), flags);
        }
        int type = Wire.type(buffer, offset, length);
        if (type == Wire.CHUNK) {
            return chunkStart(buffer, offset, length, header.sessionId(), flags);
        }
        if ((flags & FrameDescriptor.END_FRAG_FLAG) == 0) {
            return refuse("a fragmented message that is not a chunk");
        }
        if (type == Wire.HELLO) {
            String problem = hello.decode(buffer, offset, length);
            if (problem != null) {
                return refuse(problem);
            }
            if (claim != null && far.wouldReplace(hello)) {
                abandon(); // the channel the frame was claimed in is about to close
            }
            far.onHello(hello, sourceOfSession.apply(header.sessionId()));
            return Action.COMMIT;
        }
        if (type == Wire.CLOSED) {
            abandon();
            far.onClosed();
            closedBySource = true;
            return Action.COMMIT;
        }
        return refuse("a message that is not the bridge's (type " + type + ")");
    }

    private Action chunkStart(DirectBuffer buffer, int offset, int length, int fromSession, byte flags) {
        ChannelWriter writer = far.writer();
        if (writer == null) {
            return Action.CONTINUE; // no HELLO yet: no channel to write into; the frame is not ours to count
        }
        if (claim != null && fromSession != session) {
            return Action.ABORT; // another sender's frame waits until this one is done
        }
        String problem = chunk.decode(buffer, offset, length, far.slotSize());
        if (problem != null) {
            if (claim != null) {
                abandon();
            }
            return refuse(problem);
        }
        long id = Wire.senderId(buffer, offset);
        if (chunk.chunkOffset == 0) {
            if (claim != null) {
                abandon(); // the sender gave this frame up (a latest sender whose receiver went away)
            }
            if (id == lastSender && chunk.sequence <= lastSequence) {
                duplicates++; // sent again after a reconnection, but already published
                return Action.CONTINUE;
            }
            Action action = begin(writer, fromSession, id);
            if (action != null) {
                return action;
            }
        } else if (claim == null || id != senderId || chunk.sequence != sequence || chunk.frameLength != frameLength
                || chunk.chunkOffset != cursor) {
            if (claim != null) {
                abandon(); // a chunk is missing: this frame can never be whole
            }
            return Action.CONTINUE; // joined in the middle of a frame: wait for the next one
        }
        chunkEnd = chunk.chunkOffset + chunk.chunkLength;
        return copy(buffer, offset + ChunkHeader.LENGTH, length - ChunkHeader.LENGTH, flags);
    }

    /** Claims a slot for a new frame and describes it; ABORT when no slot is free yet, null when ready. */
    private Action begin(ChannelWriter writer, int fromSession, long id) {
        FrameClaim c = writer.claim(CLAIM_WAIT);
        if (c == null) {
            return Action.ABORT; // readers hold every slot: Aeron keeps the fragment, the sender is back-pressured
        }
        try {
            chunk.applyTo(c);
        } catch (IllegalArgumentException e) {
            c.abort();
            refuse("frame " + chunk.sequence + " with impossible metadata: " + e.getMessage());
            return Action.CONTINUE;
        }
        claim = c;
        session = fromSession;
        senderId = id;
        sequence = chunk.sequence;
        frameLength = chunk.frameLength;
        cursor = 0;
        slot.wrap(c.address(), (int) c.capacity());
        return null;
    }

    private Action continuation(DirectBuffer buffer, int offset, int length, int fromSession, byte flags) {
        if (claim == null || fromSession != session || chunkEnd < 0) {
            return Action.CONTINUE; // the rest of a message we did not start (joined late, or refused it)
        }
        return copy(buffer, offset, length, flags);
    }

    private Action copy(DirectBuffer buffer, int offset, int length, byte flags) {
        if (length < 0 || cursor + length > chunkEnd) {
            abandon();
            return refuse("a chunk longer than its header says");
        }
        buffer.getBytes(offset, slot, (int) cursor, length); // term buffer -> slot: the one copy
        cursor += length;
        if ((flags & FrameDescriptor.END_FRAG_FLAG) == 0) {
            return Action.CONTINUE;
        }
        if (cursor != chunkEnd) {
            abandon();
            return refuse("a chunk shorter than its header says");
        }
        chunkEnd = -1;
        return cursor == frameLength ? publish() : Action.CONTINUE;
    }

    private Action publish() {
        claim.publish();
        claim = null;
        lastSender = senderId;
        lastSequence = sequence;
        long now = System.nanoTime();
        if (received++ == 0) {
            firstNanos = now;
        }
        lastNanos = now;
        bytes += frameLength;
        return Action.COMMIT;
    }

    /** Gives the frame in progress back unpublished. */
    void abandon() {
        if (claim != null) {
            claim.abort();
            claim = null;
            chunkEnd = -1;
            incomplete++;
        }
    }

    /** The frame in progress belongs to {@code sessionId}'s sender (-1: none). */
    int sessionInProgress() {
        return claim != null ? session : -1;
    }

    private Action refuse(String what) {
        refused++;
        if (!what.equals(lastRefusal)) {
            lastRefusal = what;
            log.accept("refused " + what);
        }
        return Action.CONTINUE;
    }

    /** @return whether a CLOSED arrived since the last call */
    boolean takeClosed() {
        boolean c = closedBySource;
        closedBySource = false;
        return c;
    }

    long heardNanos() {
        return heardNanos;
    }

    long received() {
        return received;
    }

    long incomplete() {
        return incomplete;
    }

    ReceiverStats stats(String end) {
        return new ReceiverStats(received, bytes, incomplete, duplicates, refused, far.sourceSkipped(),
                far.sessions(), far.channels(), (lastNanos - firstNanos) / 1e9, end);
    }
}
