package io.framebus;

/**
 * Base of every error framebus reports. Each subclass names one cause, and its message says
 * what was found and, where there is one, how to fix it.
 */
public class FramebusException extends RuntimeException {
    public FramebusException(String message) {
        super(message);
    }

    public FramebusException(String message, Throwable cause) {
        super(message, cause);
    }
}
