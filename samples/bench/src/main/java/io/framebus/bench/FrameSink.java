package io.framebus.bench;

import java.lang.foreign.MemorySegment;

/**
 * The writer's end of a transport. Per frame the writer calls {@link #begin} (where to write it),
 * fills every byte, then {@link #publish} (hand it over).
 */
interface FrameSink extends AutoCloseable {

    /** What readers connect to (channel name, socket address, Aeron directory). */
    String endpoint();

    /** One line about how the transport was set up (backing and pages, buffer sizes, term length). */
    String describe();

    /** Waits until the cell's readers are connected. */
    void awaitReaders(long timeoutNanos) throws Exception;

    /**
     * The memory to write frame {@code sequence} into (at least the payload's length), or null when
     * none became free before {@code deadlineNanos}.
     */
    MemorySegment begin(long sequence, long deadlineNanos) throws Exception;

    /**
     * Hands frame {@code sequence} to the readers; {@code checksum} is the writer's checksum of it.
     *
     * @return the frame's publish time ({@link System#nanoTime()}), or -1 if it could not be handed
     *         over before {@code deadlineNanos}
     */
    long publish(long sequence, long checksum, long deadlineNanos) throws Exception;

    /** Tells the readers that no more frames follow. */
    void finish() throws Exception;

    @Override
    void close() throws java.io.IOException;

    /** The sink of {@code args}'s transport. */
    static FrameSink open(ChildArgs args) throws Exception {
        return switch (args.cell().transport().wire()) {
            case FRAMEBUS -> new FramebusTransport.Sink(args);
            case TCP, UDS -> new SocketTransport.Sink(args);
            case AERON -> new AeronTransport.Sink(args);
            case MEMCPY -> new MemcpySink(args);
            case FLOOR -> throw new IllegalArgumentException("the wake-up floor runs FloorWaker, not a frame sink");
            case LOADED_FLOOR, PY_FRAMEBUS, PY_TCP, PY_UDS -> throw new IllegalStateException("wire() is a Java"
                    + " transport, never " + args.cell().transport());
        };
    }
}
