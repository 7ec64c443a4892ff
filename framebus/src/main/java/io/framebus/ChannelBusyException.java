package io.framebus;

/** The channel already has a live writer, so a second writer cannot take it. */
public class ChannelBusyException extends FramebusException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception without a cause.
     *
     * @param message what was found and, where there is one, how to fix it
     */
    public ChannelBusyException(String message) {
        super(message);
    }

    /**
     * Creates the exception for a lower-level failure, such as an I/O or libc error.
     *
     * @param message what was found and, where there is one, how to fix it
     * @param cause   the failure that led to this one
     */
    public ChannelBusyException(String message, Throwable cause) {
        super(message, cause);
    }
}
