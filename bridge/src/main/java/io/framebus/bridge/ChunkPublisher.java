package io.framebus.bridge;

import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.framebus.Frame;
import io.framebus.FrameHandler;
import io.framebus.ReaderMode;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * Sends each frame it is handed as CHUNK messages: a {@link ChunkHeader} and up to
 * {@link SenderOptions#chunkBytes()} bytes of the slot, offered straight from the slot (Aeron copies them into
 * its term buffer; nothing else does). The frame stays held while it is sent.
 *
 * <p>When Aeron back-pressures, it waits ({@link Pause}): a latest sender then skips the frames published
 * meanwhile (the reader takes the newest next), a lossless one holds the local writer back. When the receiver
 * goes away half-way, a latest sender abandons the frame and a lossless one waits for a receiver and sends the
 * frame again from its start. The receiver publishes only frames that arrived whole.
 */
final class ChunkPublisher implements FrameHandler {
    /** What the sender does while it waits: heartbeats, contact reports, health checks, idling. */
    interface Pause {
        /**
         * Waits a little and keeps the link's bookkeeping up to date.
         *
         * @return false when the sender must stop
         */
        boolean pause();
    }

    private enum Outcome { SENT, DISCONNECTED, STOPPED }

    private final ExclusivePublication publication;
    private final boolean lossless;
    private final long senderId;
    private final int chunkBytes;
    private final Pause pause;
    private final ChunkHeader header = new ChunkHeader();
    private final UnsafeBuffer headerBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect(ChunkHeader.LENGTH));
    private final UnsafeBuffer slotBuffer = new UnsafeBuffer(new byte[0]);
    /** Frames at or before this sequence were published before the sender attached: not ours to send. */
    private long startAfter;
    private long sent;
    private long bytes;
    private long skippedDisconnected;
    private long abandoned;
    private long disconnects;
    private long lastSequence;
    private long firstSentNanos;
    private long lastSentNanos;

    ChunkPublisher(ExclusivePublication publication, ReaderMode mode, long senderId, int chunkBytes, Pause pause) {
        this.publication = publication;
        this.lossless = mode == ReaderMode.LOSSLESS;
        this.senderId = senderId;
        this.chunkBytes = chunkBytes;
        this.pause = pause;
    }

    /**
     * Frames up to {@code sequence} are not sent: a sender that replaces a dead one could otherwise send again the
     * frame the dead one sent last.
     */
    void startAfter(long sequence) {
        this.startAfter = sequence;
    }

    @Override
    public void onFrame(Frame frame) {
        if (frame.sequence() <= startAfter) {
            return;
        }
        header.describe(frame);
        long length = frame.length();
        if (length > Integer.MAX_VALUE) {
            throw new BridgeException("frame " + header.sequence + " has " + length + " bytes; the bridge sends frames"
                    + " of up to 2 GiB");
        }
        slotBuffer.wrap(frame.segment().address(), (int) length);
        while (true) {
            if (!publication.isConnected() && !awaitReceiver()) {
                return;
            }
            switch (sendChunks((int) length)) {
                case SENT -> {
                    long now = System.nanoTime();
                    if (sent++ == 0) {
                        firstSentNanos = now;
                    }
                    lastSentNanos = now;
                    bytes += length;
                    lastSequence = header.sequence;
                    return;
                }
                case DISCONNECTED -> {
                    disconnects++;
                    if (!lossless) {
                        abandoned++;
                        return;
                    }
                    abandoned++; // sent again from its start below, once a receiver is back
                }
                case STOPPED -> {
                    return;
                }
            }
        }
    }

    /** Latest: skip the frame. Lossless: wait until a receiver is connected (or the sender stops). */
    private boolean awaitReceiver() {
        if (!lossless) {
            skippedDisconnected++;
            return false;
        }
        while (!publication.isConnected()) {
            if (!pause.pause()) {
                return false;
            }
        }
        return true;
    }

    private Outcome sendChunks(int length) {
        int offset = 0;
        do {
            int n = Math.min(chunkBytes, length - offset);
            header.encode(headerBuffer, senderId, offset, n);
            while (true) {
                long result = publication.offer(headerBuffer, 0, ChunkHeader.LENGTH, slotBuffer, offset, n);
                if (result > 0) {
                    break;
                }
                if (result == Publication.NOT_CONNECTED) {
                    return Outcome.DISCONNECTED;
                }
                if (result != Publication.BACK_PRESSURED && result != Publication.ADMIN_ACTION) {
                    throw new BridgeException("Aeron refused frame " + header.sequence + ": "
                            + Publication.errorString(result));
                }
                if (!pause.pause()) {
                    return Outcome.STOPPED;
                }
            }
            offset += n;
        } while (offset < length);
        return Outcome.SENT;
    }

    /**
     * @param skippedByReader frames the local reader passed over (latest)
     * @param lost            frames the local reader lost (a demoted lossless reader)
     * @param end             why the sender stopped
     */
    SenderStats stats(long skippedByReader, long lost, String end) {
        return new SenderStats(sent, bytes, skippedByReader + skippedDisconnected, abandoned, lost, lastSequence,
                disconnects, (lastSentNanos - firstSentNanos) / 1e9, end);
    }

    /** Frames passed over or abandoned, for HELLO's counter (the reader's own skips are added by the caller). */
    long skippedHere() {
        return skippedDisconnected + (lossless ? 0 : abandoned);
    }

    long sent() {
        return sent;
    }

    long lastSequence() {
        return lastSequence;
    }
}
