package io.framebus.internal;

import io.framebus.ReadStatus;
import io.framebus.layout.HeaderFlyweight;

/**
 * What a reader reports once, before frames: a new writer took the channel over
 * ({@link ReadStatus#WRITER_RESTARTED}), or the writer demoted this lossless reader to latest
 * ({@link ReadStatus#DEMOTED}). Reader thread only; one volatile load per check when nothing happened.
 */
public final class ReaderEvents {
    private final HeaderFlyweight header;
    private final RingCursor cursor;
    private long generationSeen;

    /**
     * @param header the channel's header
     * @param cursor the reader's cursor
     */
    public ReaderEvents(HeaderFlyweight header, RingCursor cursor) {
        this.header = header;
        this.cursor = cursor;
        this.generationSeen = header.generation();
    }

    /** @return the event to report now, or null when there is none */
    public ReadStatus next() {
        long generation = header.generation();
        if (generation != generationSeen) {
            generationSeen = generation;
            return ReadStatus.WRITER_RESTARTED;
        }
        return cursor.pollDemotion() ? ReadStatus.DEMOTED : null;
    }
}
