package io.framebus;

/** A channel name is empty, too long, or contains a character that is not allowed. */
public class InvalidChannelNameException extends FramebusException {
    public InvalidChannelNameException(String message) {
        super(message);
    }

    public InvalidChannelNameException(String message, Throwable cause) {
        super(message, cause);
    }
}
