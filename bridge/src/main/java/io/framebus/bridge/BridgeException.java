package io.framebus.bridge;

import io.framebus.FramebusException;

/**
 * A bridge that cannot do its job: it cannot bind its address, reach its peer, start or reach its Aeron media
 * driver, or Aeron refused a message. The message says what was tried, what went wrong and what to do.
 */
public final class BridgeException extends FramebusException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was tried, what went wrong and what to do
     */
    public BridgeException(String message) {
        super(message);
    }

    /**
     * @param message what was tried, what went wrong and what to do
     * @param cause   the failure that led to this one
     */
    public BridgeException(String message, Throwable cause) {
        super(message, cause);
    }
}
