package io.framebus;

/**
 * Base of every error framebus reports. Each subclass names one cause, and its message says
 * what was found and, where there is one, how to fix it.
 */
public class FramebusException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception without a cause.
     *
     * @param message what was found and, where there is one, how to fix it
     */
    public FramebusException(String message) {
        super(message);
    }

    /**
     * Creates the exception for a lower-level failure, such as an I/O or libc error.
     *
     * @param message what was found and, where there is one, how to fix it
     * @param cause   the failure that led to this one
     */
    public FramebusException(String message, Throwable cause) {
        super(message, cause);
    }
}
