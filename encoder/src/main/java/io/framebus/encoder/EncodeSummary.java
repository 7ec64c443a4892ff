package io.framebus.encoder;

import java.nio.file.Path;

/**
 * What one {@link EncoderStage#run} did.
 *
 * @param frames          frames encoded (0: no frame arrived and no file was written)
 * @param output          the file written
 * @param encoder         FFmpeg encoder used ("libopenh264", "libx264"), or "none"
 * @param fps             output frame rate
 * @param width           output width
 * @param height          output height
 * @param bytes           compressed video bytes muxed
 * @param elapsedNanos    wall time from the first frame taken to the file closed
 * @param detectionFrames detection payloads received from all detection channels
 * @param boxesDrawn      boxes drawn over all frames
 * @param skipped         frames the frame reader skipped (0 for a lossless reader)
 */
public record EncodeSummary(long frames, Path output, String encoder, int fps, int width, int height, long bytes,
                            long elapsedNanos, long detectionFrames, long boxesDrawn, long skipped) {

    /** Frames encoded per second of wall time (bounded by the producer's rate when it is paced). */
    public double encodeFps() {
        return elapsedNanos <= 0 ? 0 : frames * 1e9 / elapsedNanos;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT,
                "%d frames %dx%d @%d fps with %s -> %s (%d bytes) in %.2f s = %.1f fps; %d boxes from %d detection"
                        + " payloads; %d skipped",
                frames, width, height, fps, encoder, output, bytes, elapsedNanos / 1e9, encodeFps(), boxesDrawn,
                detectionFrames, skipped);
    }
}
