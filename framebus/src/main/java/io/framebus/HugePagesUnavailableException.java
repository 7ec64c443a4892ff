package io.framebus;

/** A huge-page backing was requested explicitly but the host cannot provide it. */
public class HugePagesUnavailableException extends FramebusException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception without a cause.
     *
     * @param message what was found and, where there is one, how to fix it
     */
    public HugePagesUnavailableException(String message) {
        super(message);
    }

    /**
     * Creates the exception for a lower-level failure, such as an I/O or libc error.
     *
     * @param message what was found and, where there is one, how to fix it
     * @param cause   the failure that led to this one
     */
    public HugePagesUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
