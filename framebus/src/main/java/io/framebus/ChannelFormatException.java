package io.framebus;

/** The channel file is not a valid framebus channel: wrong magic or version, corrupted fields, truncated, or inconsistent with its own geometry. */
public class ChannelFormatException extends FramebusException {
    public ChannelFormatException(String message) {
        super(message);
    }

    public ChannelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
