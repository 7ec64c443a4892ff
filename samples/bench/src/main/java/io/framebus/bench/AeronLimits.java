package io.framebus.bench;

import java.util.Locale;

/**
 * Aeron's message size rules, without loading Aeron: the largest message a publication accepts is
 * {@code min(termLength / 8, 16 MiB)} ({@code io.aeron.logbuffer.FrameDescriptor.computeMaxMessageLength}),
 * and a term is a power of two from 64 KiB to 1 GiB. The bench uses the smallest power of two of at
 * least 8 times the message.
 */
public final class AeronLimits {
    public static final int MIN_TERM = 64 * 1024;
    public static final int MAX_TERM = 1 << 30;
    /** {@code FrameDescriptor.MAX_MESSAGE_LENGTH}. */
    public static final int MAX_MESSAGE = 16 * 1024 * 1024;

    private AeronLimits() {
    }

    /** {@code FrameDescriptor.computeMaxMessageLength(termLength)}. */
    public static int maxMessage(int termLength) {
        return Math.min(termLength / 8, MAX_MESSAGE);
    }

    /** Why a message of {@code messageBytes} cannot be sent over Aeron, or null if it can. */
    public static String problem(long messageBytes) {
        if (messageBytes <= MAX_MESSAGE) {
            return null;
        }
        return String.format(Locale.ROOT, "Aeron's largest message is min(term length / 8, 16 MiB) = %,d B even with"
                + " the largest term length (1 GiB); this frame is %,d B (payload + %d B header), so Aeron cannot"
                + " send it as one message", MAX_MESSAGE, messageBytes, WireHeader.BYTES);
    }

    /** The smallest power-of-two term length of at least {@code 8 * messageBytes} (64 KiB .. 1 GiB). */
    public static int termLength(long messageBytes) {
        long term = MIN_TERM;
        while (term < 8 * messageBytes && term < MAX_TERM) {
            term <<= 1;
        }
        return (int) term;
    }
}
