package io.framebus.layout;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * The link lines of the channel header (lines 13 to 15, see {@link HeaderFlyweight}): set by a writer
 * whose frames come from elsewhere, such as a bridge that receives a channel from another host, so
 * that {@code inspect} can say where they come from and whether that source is still heard.
 *
 * <pre>
 *  line  offset  width  field                                    written by   read with
 *  13    832     4 s32  link kind: 0 none, 1 network bridge      writer       volatile
 *        840     8 s64  last heard from the source, nanoTime     writer       volatile (0 = never)
 *        848     8 s64  frames received whole                    writer       volatile
 *        856     8 s64  frames the source says it skipped        writer       volatile
 *        864     8 s64  frames dropped incomplete                writer       volatile
 *  14-15 896     64     source, UTF-8, zero-terminated (e.g. "aeron:udp?endpoint=10.0.0.1:40123")
 * </pre>
 *
 * <p>Stateless: any thread may use it.
 */
public final class LinkFlyweight {
    /** Link kind: the frames are written by this host's own producer. */
    public static final int NONE = 0;
    /** Link kind: a bridge receives the frames from another host. */
    public static final int BRIDGE = 1;
    /** Bytes of the source field, terminator included. */
    public static final int SOURCE_BYTES = 64;

    static final int KIND = 832;
    static final int LAST_HEARD_NANOS = 840;
    static final int RECEIVED = 848;
    static final int SOURCE_SKIPPED = 856;
    static final int INCOMPLETE = 864;
    static final int SOURCE = 896;

    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private final MemorySegment segment;

    /**
     * Wraps the link lines of the header at the start of {@code segment}.
     *
     * @param segment the mapping, or a copy of at least {@value HeaderFlyweight#HEADER_SIZE} bytes
     */
    public LinkFlyweight(MemorySegment segment) {
        this.segment = HeaderFlyweight.requireHeader(segment);
    }

    /**
     * Declares where the frames come from. Writer only.
     *
     * @param kind   {@link #BRIDGE}, or {@link #NONE} to clear
     * @param source a description of the source, at most 63 bytes of UTF-8 are kept
     */
    public void declare(int kind, String source) {
        Utf8Field.write(segment, SOURCE, SOURCE_BYTES, source);
        INT.setVolatile(segment, (long) KIND, kind);
    }

    /**
     * Records progress of the link. Writer only.
     *
     * @param heardNanos    {@link System#nanoTime()} when the source was last heard
     * @param received      frames received whole so far
     * @param sourceSkipped frames the source says it skipped so far
     * @param incomplete    frames dropped because they arrived incomplete
     */
    public void update(long heardNanos, long received, long sourceSkipped, long incomplete) {
        LONG.setOpaque(segment, (long) RECEIVED, received);
        LONG.setOpaque(segment, (long) SOURCE_SKIPPED, sourceSkipped);
        LONG.setOpaque(segment, (long) INCOMPLETE, incomplete);
        LONG.setVolatile(segment, (long) LAST_HEARD_NANOS, heardNanos);
    }

    /** @return the link kind */
    public int kind() {
        return (int) INT.getVolatile(segment, (long) KIND);
    }

    /** @return the source's description */
    public String source() {
        return Utf8Field.read(segment, SOURCE, SOURCE_BYTES);
    }

    /** @return when the source was last heard ({@link System#nanoTime()}), 0 if never */
    public long lastHeardNanos() {
        return (long) LONG.getVolatile(segment, (long) LAST_HEARD_NANOS);
    }

    /** @return frames received whole */
    public long received() {
        return (long) LONG.getOpaque(segment, (long) RECEIVED);
    }

    /** @return frames the source says it skipped */
    public long sourceSkipped() {
        return (long) LONG.getOpaque(segment, (long) SOURCE_SKIPPED);
    }

    /** @return frames dropped because they arrived incomplete */
    public long incomplete() {
        return (long) LONG.getOpaque(segment, (long) INCOMPLETE);
    }
}
