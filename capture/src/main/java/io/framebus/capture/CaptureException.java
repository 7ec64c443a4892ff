package io.framebus.capture;

import io.framebus.FramebusException;

/** A source could not be opened or read. The message names the source and, where known, the fix. */
public class CaptureException extends FramebusException {
    private static final long serialVersionUID = 1L;

    public CaptureException(String message) {
        super(message);
    }

    public CaptureException(String message, Throwable cause) {
        super(message, cause);
    }
}
