package io.framebus;

/** The directory (tmpfs, hugetlbfs) cannot hold the channel; the message names the bytes needed and how to get them. */
public class InsufficientSpaceException extends FramebusException {
    public InsufficientSpaceException(String message) {
        super(message);
    }

    public InsufficientSpaceException(String message, Throwable cause) {
        super(message, cause);
    }
}
