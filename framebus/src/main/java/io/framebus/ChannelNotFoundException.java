package io.framebus;

/** No channel file exists under the name (or it did not appear before the timeout). */
public class ChannelNotFoundException extends FramebusException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception without a cause.
     *
     * @param message what was found and, where there is one, how to fix it
     */
    public ChannelNotFoundException(String message) {
        super(message);
    }

    /**
     * Creates the exception for a lower-level failure, such as an I/O or libc error.
     *
     * @param message what was found and, where there is one, how to fix it
     * @param cause   the failure that led to this one
     */
    public ChannelNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
