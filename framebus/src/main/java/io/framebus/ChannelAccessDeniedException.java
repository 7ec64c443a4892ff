package io.framebus;

/** The operating system refused access to the channel file (file mode, owner or group). */
public class ChannelAccessDeniedException extends FramebusException {
    public ChannelAccessDeniedException(String message) {
        super(message);
    }

    public ChannelAccessDeniedException(String message, Throwable cause) {
        super(message, cause);
    }
}
