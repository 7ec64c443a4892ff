package io.framebus;

/** The writer closed the channel cleanly and every frame it published has been read. */
public class ChannelClosedException extends FramebusException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception without a cause.
     *
     * @param message what was found and, where there is one, how to fix it
     */
    public ChannelClosedException(String message) {
        super(message);
    }

    /**
     * Creates the exception for a lower-level failure, such as an I/O or libc error.
     *
     * @param message what was found and, where there is one, how to fix it
     * @param cause   the failure that led to this one
     */
    public ChannelClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
