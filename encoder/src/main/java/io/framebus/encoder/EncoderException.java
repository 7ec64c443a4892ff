package io.framebus.encoder;

import io.framebus.FramebusException;

/** The encoder could not be opened, or encoding or writing the file failed. The message says why. */
public class EncoderException extends FramebusException {
    private static final long serialVersionUID = 1L;

    public EncoderException(String message) {
        super(message);
    }

    public EncoderException(String message, Throwable cause) {
        super(message, cause);
    }
}
