package io.framebus;

/**
 * The channel file is not a valid framebus channel: wrong magic or version, corrupted fields, truncated, or
 * inconsistent with its own geometry.
 */
public class ChannelFormatException extends FramebusException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception without a cause.
     *
     * @param message what was found and, where there is one, how to fix it
     */
    public ChannelFormatException(String message) {
        super(message);
    }

    /**
     * Creates the exception for a lower-level failure, such as an I/O or libc error.
     *
     * @param message what was found and, where there is one, how to fix it
     * @param cause   the failure that led to this one
     */
    public ChannelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
