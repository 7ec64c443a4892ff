package io.framebus;

/**
 * Receives frames from {@link ChannelReader#poll(FrameHandler, int)} and
 * {@link ChannelReader#take(FrameHandler, java.time.Duration)}, in the style of Aeron's
 * {@code FragmentHandler}. The frame is held while the handler runs and released when it returns,
 * unless the handler {@link Frame#retain() retains} it (then {@link Frame#release()} ends the hold).
 * A handler may also {@link Frame#close() close} the frame early to give its slot back sooner.
 *
 * <p>Create the handler once and reuse it: a lambda that captures nothing new per call keeps the
 * read path allocation-free.
 */
@FunctionalInterface
public interface FrameHandler {
    /**
     * Handles one frame, on the thread that called {@code poll} or {@code take}. An exception thrown here
     * propagates to that caller; the frame is closed first, as on a normal return.
     *
     * @param frame the held frame; valid until this method returns (or until released, if retained)
     */
    void onFrame(Frame frame);
}
