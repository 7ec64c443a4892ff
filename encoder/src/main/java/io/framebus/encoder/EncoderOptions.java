package io.framebus.encoder;

import java.util.Objects;

/**
 * How frames are encoded.
 *
 * @param fps             output frame rate; 0 = derive it from the presentation times (microseconds)
 *                        of the first two frames (falls back to 25)
 * @param encoder         FFmpeg encoder name ("libopenh264", "libx264"), or null for the first
 *                        available of libopenh264 and libx264
 * @param bitRate         target bits per second; 0 = about 0.2 bits per pixel per frame (at least 500 kb/s)
 * @param threads         encoder threads (1 by default: the stage shares the host with capture)
 * @param maxFrames       stop after this many frames; 0 = until the channel closes
 * @param drawBoxes       draw the boxes of the detection channels
 * @param labels          the class names of the label on each box ("person 0.87"); null: no labels
 * @param maxDetectionAge draw a detection only while the frame being encoded is at most this many
 *                        frames away from the frame it was computed on; 0 = always draw the latest
 */
public record EncoderOptions(int fps, String encoder, long bitRate, int threads, long maxFrames, boolean drawBoxes,
                             BoxLabels labels, long maxDetectionAge) {

    public EncoderOptions {
        if (fps < 0 || bitRate < 0 || threads < 0 || maxFrames < 0 || maxDetectionAge < 0) {
            throw new IllegalArgumentException("fps, bit rate, threads, max frames and max detection age must not be"
                    + " negative");
        }
    }

    /**
     * Auto frame rate, first available H.264 encoder, auto bit rate, 1 thread, no limit, boxes with labels
     * that show class ids and scores ({@link BoxLabels#CLASS_IDS}; give names with {@link #withLabels}).
     */
    public static EncoderOptions defaults() {
        return new EncoderOptions(0, null, 0, 1, 0, true, BoxLabels.CLASS_IDS, 0);
    }

    public EncoderOptions withFps(int framesPerSecond) {
        return new EncoderOptions(framesPerSecond, encoder, bitRate, threads, maxFrames, drawBoxes, labels,
                maxDetectionAge);
    }

    public EncoderOptions withEncoder(String name) {
        return new EncoderOptions(fps, name, bitRate, threads, maxFrames, drawBoxes, labels, maxDetectionAge);
    }

    public EncoderOptions withBitRate(long bitsPerSecond) {
        return new EncoderOptions(fps, encoder, bitsPerSecond, threads, maxFrames, drawBoxes, labels, maxDetectionAge);
    }

    public EncoderOptions withThreads(int count) {
        return new EncoderOptions(fps, encoder, bitRate, count, maxFrames, drawBoxes, labels, maxDetectionAge);
    }

    public EncoderOptions withMaxFrames(long frames) {
        return new EncoderOptions(fps, encoder, bitRate, threads, frames, drawBoxes, labels, maxDetectionAge);
    }

    public EncoderOptions withBoxes(boolean draw) {
        return new EncoderOptions(fps, encoder, bitRate, threads, maxFrames, draw, labels, maxDetectionAge);
    }

    /** Labels with the names of {@code names} and each box's score; null: boxes without labels. */
    public EncoderOptions withLabels(BoxLabels names) {
        return new EncoderOptions(fps, encoder, bitRate, threads, maxFrames, drawBoxes, names, maxDetectionAge);
    }

    public EncoderOptions withMaxDetectionAge(long frames) {
        return new EncoderOptions(fps, encoder, bitRate, threads, maxFrames, drawBoxes, labels, frames);
    }

    /** The bit rate to use for {@code width x height} at {@code framesPerSecond}. */
    long bitRateFor(int width, int height, int framesPerSecond) {
        if (bitRate > 0) {
            return bitRate;
        }
        long auto = (long) width * height * framesPerSecond / 5;
        return Math.max(500_000, Math.min(20_000_000, auto));
    }

    @Override
    public String toString() {
        return "EncoderOptions[fps=" + (fps == 0 ? "auto" : fps) + ", encoder="
                + Objects.requireNonNullElse(encoder, "auto") + ", bitRate=" + (bitRate == 0 ? "auto" : bitRate)
                + ", threads=" + threads + ", maxFrames=" + maxFrames + ", drawBoxes=" + drawBoxes
                + ", labels=" + (labels != null) + ", maxDetectionAge=" + maxDetectionAge + "]";
    }
}
