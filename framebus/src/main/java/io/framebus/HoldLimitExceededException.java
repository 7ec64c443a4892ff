package io.framebus;

/** A reader tried to hold more frames at once than its configured limit. */
public class HoldLimitExceededException extends FramebusException {
    public HoldLimitExceededException(String message) {
        super(message);
    }

    public HoldLimitExceededException(String message, Throwable cause) {
        super(message, cause);
    }
}
