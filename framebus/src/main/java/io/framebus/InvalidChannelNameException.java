package io.framebus;

/** A channel name is empty, too long, or contains a character that is not allowed. */
public class InvalidChannelNameException extends FramebusException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception without a cause.
     *
     * @param message what was found and, where there is one, how to fix it
     */
    public InvalidChannelNameException(String message) {
        super(message);
    }

    /**
     * Creates the exception for a lower-level failure, such as an I/O or libc error.
     *
     * @param message what was found and, where there is one, how to fix it
     * @param cause   the failure that led to this one
     */
    public InvalidChannelNameException(String message, Throwable cause) {
        super(message, cause);
    }
}
