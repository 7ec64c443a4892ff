package io.framebus.pipeline;

import io.framebus.Frame;
import io.framebus.FrameClaim;

/**
 * What the frames of an analysis chain (preprocess, infer, postprocess: each its own process, maybe in
 * another language) say about where they came from, in the slot descriptor fields every frame has:
 *
 * <ul>
 *   <li><b>origin</b> ({@link FrameClaim#origin(long)}): the sequence of the <em>video frame</em> at the
 *       root of the chain. A stage that makes a frame from another copies the origin of its input, or takes
 *       the input's own sequence when the input has none ({@link #root(Frame)}): a tensor built from video
 *       frame 42 has origin 42, and so has every model output computed from that tensor, and the detections
 *       published about it.</li>
 *   <li><b>tag</b> ({@link FrameClaim#tag(long)}): the size of that video frame,
 *       {@code width << 32 | height} ({@link #sourceGeometry(int, int)}), so that a post-processing stage
 *       can map boxes back to the frame's pixels and report its size. 0 means unknown (a tensor that was
 *       not made from a video frame): boxes stay in model-input pixels. Copied unchanged from input to
 *       output by every stage.</li>
 *   <li><b>pts</b> and <b>capture time</b>: copied from the video frame, unchanged, through every hop.</li>
 *   <li><b>label</b> ({@link FrameClaim#label(String)}): on a model output, the output's name in the
 *       model.</li>
 * </ul>
 *
 * <p>The helpers here are the whole encoding: a reader in any language needs only the descriptor fields.
 */
public final class ChainMetadata {
    private ChainMetadata() {
    }

    /**
     * The tag that says a frame came from a {@code width x height} video frame.
     *
     * @param width  the video frame's width in pixels, 1 to 2^31 - 1
     * @param height its height
     * @return {@code width << 32 | height}
     * @throws IllegalArgumentException for a size that is not positive
     */
    public static long sourceGeometry(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("a video frame's size is positive, got " + width + "x" + height);
        }
        return ((long) width << 32) | height;
    }

    /**
     * The width a {@link #sourceGeometry} tag holds.
     *
     * @param tag a frame's tag
     * @return the video frame's width, or 0 when the tag holds no size (or an impossible one)
     */
    public static int sourceWidth(long tag) {
        int w = (int) (tag >>> 32);
        int h = (int) tag;
        return w > 0 && h > 0 ? w : 0;
    }

    /**
     * The height a {@link #sourceGeometry} tag holds.
     *
     * @param tag a frame's tag
     * @return the video frame's height, or 0 when the tag holds no size (or an impossible one)
     */
    public static int sourceHeight(long tag) {
        int w = (int) (tag >>> 32);
        int h = (int) tag;
        return w > 0 && h > 0 ? h : 0;
    }

    /**
     * The sequence of the video frame at the root of the chain that {@code frame} belongs to.
     *
     * @param frame a held frame
     * @return its origin, or its own sequence when it has none (it is the root)
     */
    public static long root(Frame frame) {
        long origin = frame.origin();
        return origin != 0 ? origin : frame.sequence();
    }
}
