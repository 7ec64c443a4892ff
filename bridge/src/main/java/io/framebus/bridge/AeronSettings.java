package io.framebus.bridge;

import java.nio.file.Path;

/**
 * How a bridge uses Aeron, on either side.
 *
 * @param directory        an external media driver's directory ({@code aeron.dir}), or null to embed a driver in
 *                         the bridge's own process (the default)
 * @param streamId         the Aeron stream id; sender and receiver must agree (default {@value #DEFAULT_STREAM})
 * @param networkInterface the local address to send from, or for multicast the interface to use; null for the
 *                         operating system's choice
 */
public record AeronSettings(Path directory, int streamId, String networkInterface) {
    /** The stream id both sides use unless told otherwise. */
    public static final int DEFAULT_STREAM = 4123;

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException when the stream id is 0
     */
    public AeronSettings {
        if (streamId == 0) {
            throw new IllegalArgumentException("--stream-id must not be 0 (Aeron reserves it)");
        }
        if (networkInterface != null && networkInterface.isBlank()) {
            networkInterface = null;
        }
    }

    /** @return an embedded driver, the default stream, the operating system's choice of interface */
    public static AeronSettings defaults() {
        return new AeronSettings(null, DEFAULT_STREAM, null);
    }
}
