package io.framebus.bridge;

import io.framebus.ReaderMode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@link BridgeSender} sends, and how.
 *
 * @param channel        the local channel to send
 * @param directory      its directory, or null for the usual search path
 * @param group          a group whose members' channels to trust, or null
 * @param mode           {@link ReaderMode#LATEST}: never slow the local writer, skip whole frames when the link or
 *                       the receiver is slower; {@link ReaderMode#LOSSLESS}: back-pressure end to end
 * @param to             where to send: {@code HOST:PORT} (unicast), {@code GROUP:PORT} (a multicast group), or an
 *                       Aeron channel URI ({@code aeron:udp?endpoint=...})
 * @param aeron          the media driver, stream and interface
 * @param mtu            Aeron's MTU in bytes (a multiple of 32, at most 65504); the UDP datagrams carry this much;
 *                       the default {@value #DEFAULT_MTU} fits a 1500-byte Ethernet MTU
 * @param termLength     Aeron's term buffer length (a power of two, 64 KiB to 1 GiB); a message is at most an eighth
 * @param chunkBytes     frame bytes per Aeron message (Aeron fragments each message into MTU-sized datagrams)
 * @param connectTimeout how long to wait for the local channel to appear and for a receiver to answer at start;
 *                       zero waits for ever
 * @param stallBudget    lossless only: how long the sender may hold the local writer back before the writer demotes
 *                       it to latest; zero for ever
 * @param linger         after the local channel closed: how long to keep repairing losses of the last frames once
 *                       they were all sent
 */
public record SenderOptions(String channel, Path directory, String group, ReaderMode mode, String to,
                            AeronSettings aeron, int mtu, int termLength, int chunkBytes, Duration connectTimeout,
                            Duration stallBudget, Duration linger) {
    /** Aeron's own default MTU. */
    public static final int DEFAULT_MTU = 1408;
    /** 16 MiB terms: messages of up to 2 MiB. */
    public static final int DEFAULT_TERM = 16 * 1024 * 1024;
    /** One MiB of frame per message. */
    public static final int DEFAULT_CHUNK = 1024 * 1024;
    /** How often the sender says HELLO: the receiver's evidence that its source lives. */
    public static final long HELLO_MILLIS = 100;

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException when one is out of range
     */
    public SenderOptions {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(aeron, "aeron");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(stallBudget, "stallBudget");
        Objects.requireNonNull(linger, "linger");
        if (mtu < 64 || mtu > 65504 || mtu % 32 != 0) {
            throw new IllegalArgumentException("--mtu must be a multiple of 32 from 64 to 65504, got " + mtu);
        }
        if (termLength < 64 * 1024 || termLength > 1 << 30 || Integer.bitCount(termLength) != 1) {
            throw new IllegalArgumentException("--term-length must be a power of two from 64 KiB to 1 GiB, got "
                    + termLength);
        }
        if (chunkBytes < 1 || chunkBytes > termLength / 8 - ChunkHeader.LENGTH) {
            throw new IllegalArgumentException("--chunk-bytes must be 1.." + (termLength / 8 - ChunkHeader.LENGTH)
                    + " (an Aeron message is at most an eighth of the term length, less the chunk header), got "
                    + chunkBytes);
        }
        if (connectTimeout.isNegative() || stallBudget.isNegative() || linger.isNegative()) {
            throw new IllegalArgumentException("timeouts must be >= 0");
        }
    }

    /**
     * The defaults: latest, an embedded driver, Aeron's MTU, 16 MiB terms, 1 MiB chunks, 10 s to connect.
     *
     * @param channel the local channel to send
     * @param to      where to send
     * @return the options
     */
    public static SenderOptions of(String channel, String to) {
        return new SenderOptions(channel, null, null, ReaderMode.LATEST, to, AeronSettings.defaults(), DEFAULT_MTU,
                DEFAULT_TERM, DEFAULT_CHUNK, Duration.ofSeconds(10), Duration.ZERO, Duration.ofSeconds(1));
    }
}
