package io.framebus;

/** How a reader consumes a channel. */
public enum ReaderMode {
    /**
     * Always take the newest published frame, skipping (and counting) older ones. Never slows the
     * writer down: the writer only avoids the slots this reader holds.
     */
    LATEST(1),
    /**
     * See every frame in order. The writer waits (back-pressure) rather than reuse a slot this reader
     * has not taken yet.
     */
    LOSSLESS(2);

    private final int code;

    ReaderMode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static ReaderMode ofCode(int code) {
        return code == 1 ? LATEST : code == 2 ? LOSSLESS : null;
    }
}
