package io.framebus;

/** No channel file exists under the name (or it did not appear before the timeout). */
public class ChannelNotFoundException extends FramebusException {
    public ChannelNotFoundException(String message) {
        super(message);
    }

    public ChannelNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
