package io.framebus.capture;

/**
 * What one {@link Capture#run} did.
 *
 * @param frames       frames published
 * @param dropped      frames dropped because no slot became free within the claim timeout
 * @param loops        times the source was rewound
 * @param elapsedNanos wall time of the run
 * @param source       the source's geometry and rate
 * @param note         how frames were produced (also stored as the channel's note)
 */
public record CaptureSummary(long frames, long dropped, int loops, long elapsedNanos, SourceInfo source, String note) {

    /** Published frames per second of wall time. */
    public double fps() {
        return elapsedNanos <= 0 ? 0 : frames * 1e9 / elapsedNanos;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%d frames (%d dropped, %d loops) in %.2f s = %.1f fps; %s",
                frames, dropped, loops, elapsedNanos / 1e9, fps(), source.description());
    }
}
