package io.framebus;

/**
 * The directory (tmpfs, hugetlbfs) cannot hold the channel; the message names the bytes needed and how to
 * get them.
 */
public class InsufficientSpaceException extends FramebusException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception without a cause.
     *
     * @param message what was found and, where there is one, how to fix it
     */
    public InsufficientSpaceException(String message) {
        super(message);
    }

    /**
     * Creates the exception for a lower-level failure, such as an I/O or libc error.
     *
     * @param message what was found and, where there is one, how to fix it
     * @param cause   the failure that led to this one
     */
    public InsufficientSpaceException(String message, Throwable cause) {
        super(message, cause);
    }
}
