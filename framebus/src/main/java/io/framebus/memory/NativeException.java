package io.framebus.memory;

import io.framebus.FramebusException;

/** A libc call failed; carries the call, what it acted on, and {@code errno}. */
public final class NativeException extends FramebusException {
    private static final long serialVersionUID = 1L;

    private final int errno;

    public NativeException(String call, String subject, int errno) {
        super(call + "(" + subject + ") failed: " + Libc.strerror(errno) + " (errno " + errno + ")");
        this.errno = errno;
    }

    /** The {@code errno} value the call reported. */
    public int errno() {
        return errno;
    }
}
