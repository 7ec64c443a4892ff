package io.framebus.bridge;

import io.framebus.Backing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@link BridgeReceiver} receives, and where it writes it.
 *
 * @param channel        the local channel to create and write
 * @param directory      its directory, or null to choose by backing
 * @param group          a group to share the channel with, or null
 * @param backing        the channel's memory
 * @param from           where to receive: {@code ADDRESS:PORT} of this host to listen on ({@code 0.0.0.0} for every
 *                       interface), {@code GROUP:PORT} of a multicast group, or an Aeron channel URI
 * @param aeron          the media driver, stream and (for multicast) interface
 * @param window         Aeron's receiver window and socket receive buffer in bytes ({@link #DEFAULT_WINDOW}), 0
 *                       for Aeron's defaults (128 KiB: too small for frames); a larger window carries more over a
 *                       long link; it is capped by {@code net.core.rmem_max}
 * @param connectTimeout how long to wait for a first sender; zero waits for ever
 * @param once           end after the source channel was closed, instead of waiting for the next
 */
public record ReceiverOptions(String channel, Path directory, String group, Backing backing, String from,
                              AeronSettings aeron, int window, Duration connectTimeout, boolean once) {
    /** 4 MiB: two thirds of a 1080p frame in flight; the bridge carries about 2.5x what Aeron's 128 KiB does. */
    public static final int DEFAULT_WINDOW = 4 * 1024 * 1024;

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException when one is out of range
     */
    public ReceiverOptions {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(backing, "backing");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(aeron, "aeron");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (window < 0) {
            throw new IllegalArgumentException("--window must be >= 0, got " + window);
        }
        if (connectTimeout.isNegative()) {
            throw new IllegalArgumentException("--connect-timeout-ms must be >= 0");
        }
    }

    /**
     * The defaults: automatic backing, an embedded driver, a 4 MiB window, waiting for ever, running until stopped.
     *
     * @param channel the local channel to create
     * @param from    where to receive
     * @return the options
     */
    public static ReceiverOptions of(String channel, String from) {
        return new ReceiverOptions(channel, null, null, Backing.AUTO, from, AeronSettings.defaults(), DEFAULT_WINDOW,
                Duration.ZERO, false);
    }
}
