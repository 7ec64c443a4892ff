package io.framebus.bench;

import java.lang.foreign.MemorySegment;

/** A reader's end of a transport. */
interface FrameSource extends AutoCloseable {

    /** Receives frames and calls {@code handler} for each, until the writer's end of stream. */
    void run(Handler handler) throws Exception;

    @Override
    void close() throws java.io.IOException;

    /** Called once per frame, on the receiving thread; {@code payload} is valid only during the call. */
    @FunctionalInterface
    interface Handler {
        /**
         * @param sequence      the frame's sequence number (1, 2, ...)
         * @param publishNanos  when the writer published or sent it ({@link System#nanoTime()})
         * @param receiveNanos  when this reader had it: taken (framebus) or completely received
         * @param checksum      the writer's checksum of the payload
         * @param payload       the payload's bytes
         */
        void onFrame(long sequence, long publishNanos, long receiveNanos, long checksum, MemorySegment payload);
    }

    /** The source of {@code args}'s transport, connected to {@code endpoint}. */
    static FrameSource open(ChildArgs args, String endpoint) throws Exception {
        return switch (args.cell().transport()) {
            case FRAMEBUS -> new FramebusTransport.Source(args, endpoint);
            case TCP, UDS -> new SocketTransport.Source(args, endpoint);
            case AERON -> new AeronTransport.Source(args, endpoint);
            case MEMCPY -> throw new IllegalArgumentException("the memcpy baseline has no readers");
            case FLOOR, LOADED_FLOOR -> throw new IllegalArgumentException("the wake-up floors run FloorSleeper, not"
                    + " a frame source");
            case PY_FRAMEBUS, PY_TCP, PY_UDS -> throw new IllegalArgumentException(args.cell().transport()
                    + " is read by Python processes (python -m framebus.bench), not by this JVM");
        };
    }
}
