package io.framebus.bridge;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The sender's HELLO: what the receiver needs to create a channel like the source, and the sender's counters.
 * Sent when the sender starts and every {@value SenderOptions#HELLO_MILLIS} ms, so it is also the heartbeat that
 * tells the receiver its source is alive while no frame is published.
 *
 * <pre>
 *  0    16     prefix, type 1 (see Wire)
 *  16   4 s32  flags: bit 0 set when the sender is lossless
 *  20   4 s32  slot count of the source channel
 *  24   8 s64  slot size
 *  32   4 s32  ring capacity
 *  36   4 s32  max readers
 *  40   8 s64  frames sent whole so far
 *  48   8 s64  frames skipped so far: passed over by a latest sender, abandoned half-sent when the receiver
 *              went away, or lost by a demoted lossless sender
 *  56   8 s64  source sequence of the last frame sent
 *  64   64     source channel name, UTF-8, zero-padded
 *  128  64     sender's host name, UTF-8, zero-padded
 * </pre>
 *
 * <p>Mutable and reused; {@link #decode} copies every field once and checks the copy.
 */
final class Hello {
    static final int LENGTH = 192;
    static final int TEXT_BYTES = 64;
    private static final int FLAGS = 16;
    private static final int SLOT_COUNT = 20;
    private static final int SLOT_SIZE = 24;
    private static final int RING_CAPACITY = 32;
    private static final int MAX_READERS = 36;
    private static final int SENT = 40;
    private static final int SKIPPED = 48;
    private static final int LAST_SEQUENCE = 56;
    private static final int CHANNEL = 64;
    private static final int HOST = 128;
    private static final int LOSSLESS = 1;

    long senderId;
    boolean lossless;
    int slotCount;
    long slotSize;
    int ringCapacity;
    int maxReaders;
    long sent;
    long skipped;
    long lastSequence;
    String channel;
    String host;

    void encode(MutableDirectBuffer buffer) {
        Wire.writePrefix(buffer, Wire.HELLO, senderId);
        buffer.putInt(FLAGS, lossless ? LOSSLESS : 0, Wire.ORDER);
        buffer.putInt(SLOT_COUNT, slotCount, Wire.ORDER);
        buffer.putLong(SLOT_SIZE, slotSize, Wire.ORDER);
        buffer.putInt(RING_CAPACITY, ringCapacity, Wire.ORDER);
        buffer.putInt(MAX_READERS, maxReaders, Wire.ORDER);
        buffer.putLong(SENT, sent, Wire.ORDER);
        buffer.putLong(SKIPPED, skipped, Wire.ORDER);
        buffer.putLong(LAST_SEQUENCE, lastSequence, Wire.ORDER);
        Wire.putText(buffer, CHANNEL, TEXT_BYTES, channel);
        Wire.putText(buffer, HOST, TEXT_BYTES, host);
    }

    /**
     * Copies a received HELLO into this object and checks it.
     *
     * @return null when it is valid, else what is wrong with it
     */
    String decode(DirectBuffer buffer, int offset, int length) {
        if (length < LENGTH) {
            return "a HELLO of " + length + " bytes (expected " + LENGTH + ")";
        }
        senderId = Wire.senderId(buffer, offset);
        lossless = (buffer.getInt(offset + FLAGS, Wire.ORDER) & LOSSLESS) != 0;
        slotCount = buffer.getInt(offset + SLOT_COUNT, Wire.ORDER);
        slotSize = buffer.getLong(offset + SLOT_SIZE, Wire.ORDER);
        ringCapacity = buffer.getInt(offset + RING_CAPACITY, Wire.ORDER);
        maxReaders = buffer.getInt(offset + MAX_READERS, Wire.ORDER);
        sent = buffer.getLong(offset + SENT, Wire.ORDER);
        skipped = buffer.getLong(offset + SKIPPED, Wire.ORDER);
        lastSequence = buffer.getLong(offset + LAST_SEQUENCE, Wire.ORDER);
        channel = Wire.getText(buffer, offset + CHANNEL, TEXT_BYTES);
        host = Wire.getText(buffer, offset + HOST, TEXT_BYTES);
        if (slotCount < 2 || slotSize <= 0 || ringCapacity < slotCount || maxReaders < 1 || sent < 0 || skipped < 0
                || lastSequence < 0) {
            return "a HELLO with an impossible geometry or counters: " + slotCount + " slots of " + slotSize
                    + " bytes, ring " + ringCapacity + ", " + maxReaders + " readers, sent " + sent + ", skipped "
                    + skipped;
        }
        return null;
    }

    /** Whether {@code other} describes a channel of the same geometry. */
    boolean sameGeometry(Hello other) {
        return slotCount == other.slotCount && slotSize == other.slotSize && ringCapacity == other.ringCapacity
                && maxReaders == other.maxReaders;
    }

    void copyFrom(Hello other) {
        senderId = other.senderId;
        lossless = other.lossless;
        slotCount = other.slotCount;
        slotSize = other.slotSize;
        ringCapacity = other.ringCapacity;
        maxReaders = other.maxReaders;
        sent = other.sent;
        skipped = other.skipped;
        lastSequence = other.lastSequence;
        channel = other.channel;
        host = other.host;
    }
}
