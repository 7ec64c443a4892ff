package io.framebus;

/** The channel already has a live writer, so a second writer cannot take it. */
public class ChannelBusyException extends FramebusException {
    public ChannelBusyException(String message) {
        super(message);
    }

    public ChannelBusyException(String message, Throwable cause) {
        super(message, cause);
    }
}
