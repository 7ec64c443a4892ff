package io.framebus.inference;

/**
 * How model-input coordinates relate to the source frame after preprocessing:
 * {@code input = source * scale + offset}. Maps boxes found in the model's input back to pixels of
 * the frame, clamped to the frame.
 *
 * @param scaleX       input pixels per source pixel, horizontally
 * @param scaleY       input pixels per source pixel, vertically
 * @param offsetX      left padding in input pixels
 * @param offsetY      top padding in input pixels
 * @param sourceWidth  width of the source frame
 * @param sourceHeight height of the source frame
 */
public record BoxMapping(float scaleX, float scaleY, float offsetX, float offsetY, int sourceWidth, int sourceHeight) {

    /** Source x of input x, clamped to [0, sourceWidth]. */
    public float sourceX(float inputX) {
        return clamp((inputX - offsetX) / scaleX, sourceWidth);
    }

    /** Source y of input y, clamped to [0, sourceHeight]. */
    public float sourceY(float inputY) {
        return clamp((inputY - offsetY) / scaleY, sourceHeight);
    }

    private static float clamp(float v, int max) {
        return v < 0 ? 0 : Math.min(v, max);
    }
}
