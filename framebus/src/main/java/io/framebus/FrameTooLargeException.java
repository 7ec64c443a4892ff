package io.framebus;

/** A frame length or tensor shape does not fit the slot or the descriptor. */
public class FrameTooLargeException extends FramebusException {
    public FrameTooLargeException(String message) {
        super(message);
    }

    public FrameTooLargeException(String message, Throwable cause) {
        super(message, cause);
    }
}
