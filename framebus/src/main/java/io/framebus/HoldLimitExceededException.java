package io.framebus;

/** A reader tried to hold more frames at once than its configured limit. */
public class HoldLimitExceededException extends FramebusException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception without a cause.
     *
     * @param message what was found and, where there is one, how to fix it
     */
    public HoldLimitExceededException(String message) {
        super(message);
    }

    /**
     * Creates the exception for a lower-level failure, such as an I/O or libc error.
     *
     * @param message what was found and, where there is one, how to fix it
     * @param cause   the failure that led to this one
     */
    public HoldLimitExceededException(String message, Throwable cause) {
        super(message, cause);
    }
}
