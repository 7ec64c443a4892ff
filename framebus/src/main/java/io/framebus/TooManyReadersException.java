package io.framebus;

/** Every reader row of the channel is held by a live reader. */
public class TooManyReadersException extends FramebusException {
    public TooManyReadersException(String message) {
        super(message);
    }

    public TooManyReadersException(String message, Throwable cause) {
        super(message, cause);
    }
}
