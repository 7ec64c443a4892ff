package io.framebus.capture;

/**
 * What a source produces: BGR24 frames of {@code width x height} at a nominal frame rate.
 *
 * @param width       frame width in pixels, as written into slots
 * @param height      frame height in pixels
 * @param fpsNum      frame rate numerator (e.g. 30000 for 29.97 fps)
 * @param fpsDen      frame rate denominator (e.g. 1001)
 * @param frameCount  frames in one pass of the source if known (files), else -1
 * @param codec       codec name ("h264", "mjpeg", "rawvideo") or "none" for synthetic sources
 * @param description a one-line description for logs
 */
public record SourceInfo(int width, int height, int fpsNum, int fpsDen, long frameCount, String codec,
                         String description) {

    public SourceInfo {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("source size must be positive, got " + width + "x" + height);
        }
        if (fpsNum <= 0 || fpsDen <= 0) {
            throw new IllegalArgumentException("frame rate must be positive, got " + fpsNum + "/" + fpsDen);
        }
    }

    /** Frames per second. */
    public double fps() {
        return (double) fpsNum / fpsDen;
    }

    /** Nominal duration of one frame in microseconds. */
    public long frameMicros() {
        return Math.max(1, Math.round(1_000_000.0 * fpsDen / fpsNum));
    }

    /** Bytes per row of the BGR24 frames written into slots: {@code width * 3}, rows packed tightly. */
    public int stride() {
        return width * 3;
    }

    /** Bytes of one BGR24 frame: {@code width * height * 3}, the slot size a channel needs. */
    public long frameBytes() {
        return (long) stride() * height;
    }
}
