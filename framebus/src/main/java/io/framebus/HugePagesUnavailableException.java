package io.framebus;

/** A huge-page backing was requested explicitly but the host cannot provide it. */
public class HugePagesUnavailableException extends FramebusException {
    public HugePagesUnavailableException(String message) {
        super(message);
    }

    public HugePagesUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
