package io.framebus;

/** The channel's writer died (its liveness lock was released) and no new writer has taken over yet; a later call may succeed once one does. */
public class WriterDeadException extends FramebusException {
    public WriterDeadException(String message) {
        super(message);
    }

    public WriterDeadException(String message, Throwable cause) {
        super(message, cause);
    }
}
