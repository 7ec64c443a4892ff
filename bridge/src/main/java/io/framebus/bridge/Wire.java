package io.framebus.bridge;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The bridge's messages on its Aeron stream. Every field is little-endian; every message starts with the
 * same 16-byte prefix. Aeron delivers the messages of one sender reliably and in order, and splits each into
 * fragments of at most one MTU; a frame travels as {@link #CHUNK} messages of at most
 * {@link SenderOptions#chunkBytes()} payload bytes each, and every chunk names its frame and offset, so the
 * receiver copies each fragment straight to its place in a claimed slot.
 *
 * <pre>
 *  prefix (every message)
 *  0    4 s32  magic "FBR1"
 *  4    2 u16  version (1)
 *  6    2 u16  type: 1 HELLO, 2 CHUNK, 3 CLOSED
 *  8    8 s64  sender id: random, one per run of a sender
 *
 *  HELLO ({@link Hello}): sent when the sender starts and every 100 ms; the geometry of the source channel and
 *  the sender's counters (see Hello for the fields)
 *
 *  CHUNK ({@link ChunkHeader}): a {@value ChunkHeader#LENGTH}-byte header, then the chunk's bytes
 *
 *  CLOSED: the source channel was closed by its writer; the receiver closes its channel too
 *  16   8 s64  last sequence sent
 * </pre>
 *
 * <p>Nothing received is trusted: each decoder copies the fields it reads once, then checks them.
 */
final class Wire {
    static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    /** "FBR1" read as a little-endian int. */
    static final int MAGIC = 'F' | 'B' << 8 | 'R' << 16 | '1' << 24;
    static final int VERSION = 1;
    static final int HELLO = 1;
    static final int CHUNK = 2;
    static final int CLOSED = 3;
    static final int PREFIX = 16;
    static final int CLOSED_LENGTH = 24;

    private static final int MAGIC_OFFSET = 0;
    private static final int VERSION_OFFSET = 4;
    private static final int TYPE_OFFSET = 6;
    private static final int SENDER_OFFSET = 8;
    private static final int CLOSED_LAST_SEQUENCE = 16;

    private Wire() {
    }

    static void writePrefix(MutableDirectBuffer buffer, int type, long senderId) {
        buffer.putInt(MAGIC_OFFSET, MAGIC, ORDER);
        buffer.putShort(VERSION_OFFSET, (short) VERSION, ORDER);
        buffer.putShort(TYPE_OFFSET, (short) type, ORDER);
        buffer.putLong(SENDER_OFFSET, senderId, ORDER);
    }

    /**
     * @return the message type of a bridge message of this version, or -1 for anything else (too short, another
     *         protocol, another version)
     */
    static int type(DirectBuffer buffer, int offset, int length) {
        if (length < PREFIX || buffer.getInt(offset + MAGIC_OFFSET, ORDER) != MAGIC
                || (buffer.getShort(offset + VERSION_OFFSET, ORDER) & 0xffff) != VERSION) {
            return -1;
        }
        return buffer.getShort(offset + TYPE_OFFSET, ORDER) & 0xffff;
    }

    static long senderId(DirectBuffer buffer, int offset) {
        return buffer.getLong(offset + SENDER_OFFSET, ORDER);
    }

    static void writeClosed(MutableDirectBuffer buffer, long senderId, long lastSequence) {
        writePrefix(buffer, CLOSED, senderId);
        buffer.putLong(CLOSED_LAST_SEQUENCE, lastSequence, ORDER);
    }

    /** Writes {@code text} as UTF-8 into a zero-padded field of {@code bytes}, cut to {@code bytes - 1} bytes. */
    static void putText(MutableDirectBuffer buffer, int offset, int bytes, String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(utf8.length, bytes - 1);
        buffer.putBytes(offset, utf8, 0, n);
        buffer.setMemory(offset + n, bytes - n, (byte) 0);
    }

    /** Reads a zero-padded UTF-8 field; invalid bytes become U+FFFD. */
    static String getText(DirectBuffer buffer, int offset, int bytes) {
        int n = 0;
        while (n < bytes && buffer.getByte(offset + n) != 0) {
            n++;
        }
        byte[] utf8 = new byte[n];
        buffer.getBytes(offset, utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
