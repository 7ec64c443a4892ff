package io.framebus;

/** What {@link ChannelReader#take(FrameHandler, java.time.Duration)} saw. */
public enum ReadStatus {
    /** A frame was handed to the handler. */
    FRAME,
    /** No frame arrived within the timeout; the writer is alive. */
    TIMEOUT,
    /** The writer closed the channel and every frame was read: nothing more will come. */
    CLOSED,
    /**
     * The writer died and nothing is left to read. Its file stays; call again to wait for a new writer
     * to take the channel over.
     */
    WRITER_DEAD,
    /**
     * A new writer took the channel over (its generation is one more); the frames it publishes follow.
     * Reported once per takeover, by the first take or await that notices it; every frame also carries
     * the generation of its writer ({@link Frame#writerGeneration()}).
     */
    WRITER_RESTARTED,
    /**
     * The writer demoted this lossless reader to latest: it held the writer back for longer than its
     * stall budget ({@link ReaderOptions#withStallBudget}). From now on it takes the newest frame; the
     * frames it missed are counted in {@link ChannelReader#lost()}. Reported once.
     */
    DEMOTED
}
