package io.framebus.capture;

import java.lang.foreign.MemorySegment;

/**
 * Something that produces BGR24 video frames, one at a time, written by the source itself into
 * memory the caller chooses (a claimed framebus slot).
 *
 * <p>Protocol: {@link #advance()} makes the next frame current (decodes it, for a decoder); then
 * {@link #writeTo(MemorySegment, int)} writes the current frame into the target. Splitting the two
 * lets {@link Capture} claim a slot only once a frame exists, and pace before claiming.
 *
 * <p>Every source in this package writes in place. A source that cannot (for instance a hardware
 * decoder whose pictures must first be downloaded from GPU memory into a buffer of its own) must
 * copy, and must say so in its {@link #note()} and Javadoc.
 *
 * <p>A source is used by one thread. {@link #abort()} may be called from any thread.
 */
public interface VideoSource extends AutoCloseable {

    /** Geometry and frame rate of the frames {@link #writeTo} produces. */
    SourceInfo info();

    /**
     * Makes the next frame current.
     *
     * @return false at the end of the source (or after {@link #abort()})
     * @throws CaptureException when the source fails (not at a normal end)
     */
    boolean advance();

    /**
     * Presentation time of the current frame in microseconds, counted from the source's first
     * frame (0), strictly increasing, and continuing across {@link #rewind()}.
     */
    long ptsMicros();

    /**
     * Writes the current frame as BGR24, {@code info().width() x info().height()}, rows
     * {@code stride} bytes apart, into {@code target}. This is the frame's only write: sources
     * produce the pixels directly in {@code target}, with no intermediate buffer of their own.
     *
     * @throws IllegalArgumentException when {@code target} is too small or {@code stride < width * 3}
     */
    void writeTo(MemorySegment target, int stride);

    /**
     * Restarts from the first frame, for looping. {@link #ptsMicros()} keeps increasing.
     *
     * @return false when the source cannot rewind (cameras, live streams)
     */
    boolean rewind();

    /** True for sources that deliver frames in real time by themselves (cameras, live streams): never paced. */
    boolean isLive();

    /**
     * A short description of how frames reach the slot, for {@link io.framebus.ChannelWriter#note(String)}
     * (at most 127 bytes are kept), e.g. {@code "capture: ffmpeg h264 decode -> sws_scale into slot (zero-copy)"}.
     */
    String note();

    /** Makes a blocked or future {@link #advance()} return false soon. Safe from any thread. */
    default void abort() {
    }

    /** Releases native resources. Idempotent. */
    @Override
    void close();
}
