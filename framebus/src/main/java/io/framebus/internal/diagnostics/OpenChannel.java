package io.framebus.internal.diagnostics;

import io.framebus.ReaderMode;
import io.framebus.layout.ControlRegion;

/**
 * A channel this JVM has open, as its writer or as one of its readers: what the periodic JFR events
 * read. Registered when the writer or reader is created, removed when it closes (before it unmaps).
 */
public final class OpenChannel implements AutoCloseable {
    final String name;
    final String path;
    final ControlRegion control;
    /** The reader's row, or -1 for the writer. */
    final int row;
    /** The reader's mode, or null for the writer. */
    final ReaderMode mode;
    /** Counters at the previous {@link LatestSkippedEvent}; used by JFR's periodic thread only. */
    long lastSkipped;
    long lastReceived;

    OpenChannel(String name, String path, ControlRegion control, int row, ReaderMode mode) {
        this.name = name;
        this.path = path;
        this.control = control;
        this.row = row;
        this.mode = mode;
    }

    boolean isWriter() {
        return row < 0;
    }

    /** Leaves the set of open channels; idempotent. */
    @Override
    public void close() {
        OpenChannels.remove(this);
    }
}
