package io.framebus;

/** What a reader knows about the channel's writer. */
public enum WriterStatus {
    /** A writer process holds the channel's writer lock. */
    ALIVE,
    /** The last writer died without closing; a new writer may take over the channel. */
    DEAD,
    /** The writer closed the channel cleanly; no frame will follow the ones already published. */
    CLOSED
}
