package io.framebus;

/** The writer closed the channel cleanly and every frame it published has been read. */
public class ChannelClosedException extends FramebusException {
    public ChannelClosedException(String message) {
        super(message);
    }

    public ChannelClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
