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

    /**
     * The value stored in the reader's row of the reader table.
     *
     * @return this mode's code, fixed by the file format
     */
    public int code() {
        return code;
    }

    /**
     * Looks up the mode stored in a reader row.
     *
     * @param code a value read from a reader row
     * @return the mode stored as {@code code}, or null when no mode has that code (a corrupted row)
     */
    public static ReaderMode ofCode(int code) {
        return code == 1 ? LATEST : code == 2 ? LOSSLESS : null;
    }
}
