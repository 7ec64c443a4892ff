package io.framebus.capture;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * Video from a file or a network URL (anything {@code avformat_open_input} opens: paths,
 * {@code http(s)://}, {@code rtsp://}, {@code rtmp://}, {@code udp://}, {@code srt://}...), decoded
 * with FFmpeg's C API.
 *
 * <p><b>Zero-copy into the slot.</b> The decoder's output stays in its own frame (codecs keep
 * their reference pictures; that buffer is not ours to choose). The conversion to BGR24 is then the
 * frame's one and only write into shared memory: {@code sws_scale} gets the claimed slot's address
 * as its destination pointer and the slot stride as its destination line size. There is no
 * intermediate BGR buffer and no copy, and after the first frame nothing is allocated on the Java
 * heap per frame. {@link #lastDestinationAddress()} reports, for diagnostics, the destination
 * pointer the last {@code sws_scale} call received.
 *
 * <p>Only avutil, avcodec, avformat and swscale are loaded: no libavdevice, so nothing here needs
 * PulseAudio or ALSA. Network inputs can be aborted with {@link #abort()} from another thread
 * (FFmpeg's interrupt callback); set {@code rw_timeout} (microseconds) to bound blocking reads.
 */
public final class FfmpegSource implements VideoSource {
    private final FfmpegDecoder decoder;
    private final SlotScaler scaler;
    private final SourceInfo info;
    private final String note;
    private boolean closed;

    FfmpegSource(String url, FfmpegOptions options, String notePrefix) {
        this.decoder = new FfmpegDecoder(url, options);
        this.scaler = new SlotScaler();
        try {
            int w = options.outputWidth() > 0 ? options.outputWidth() : decoder.width();
            int h = options.outputHeight() > 0 ? options.outputHeight() : decoder.height();
            String size = decoder.width() + "x" + decoder.height() + (w != decoder.width() || h != decoder.height()
                    ? " scaled to " + w + "x" + h : "");
            this.info = new SourceInfo(w, h, decoder.fpsNum(), decoder.fpsDen(), decoder.frameCount(),
                    decoder.codecName(), displayName(url) + ": " + decoder.codecName() + " " + size + " "
                    + decoder.pixelFormatName() + " " + formatFps(decoder.fpsNum(), decoder.fpsDen()) + " fps"
                    + (decoder.frameCount() > 0 ? ", " + decoder.frameCount() + " frames" : "")
                    + (decoder.live() ? ", live" : ""));
            this.note = notePrefix + " " + decoder.codecName() + " decode -> sws_scale " + decoder.pixelFormatName()
                    + "->bgr24 into slot (zero-copy)";
        } catch (RuntimeException e) {
            decoder.close();
            scaler.close();
            throw e;
        }
    }

    /** Opens {@code url} (a path or URL) with default options. */
    public static FfmpegSource open(String url) {
        return open(url, FfmpegOptions.defaults());
    }

    /** Opens a file. */
    public static FfmpegSource open(Path file) {
        return open(file.toString(), FfmpegOptions.defaults());
    }

    /**
     * Opens {@code url} with {@code options}.
     *
     * @throws CaptureException when the input cannot be opened, has no video stream, or no decoder
     */
    public static FfmpegSource open(String url, FfmpegOptions options) {
        return new FfmpegSource(url, options, "capture: ffmpeg");
    }

    /**
     * Opens {@code url} just long enough to learn its geometry and frame rate, for sizing a channel
     * before the capture starts ({@link CaptureChannels#configFor}).
     */
    public static SourceInfo probe(String url, FfmpegOptions options) {
        try (FfmpegSource source = open(url, options)) {
            return source.info();
        }
    }

    /** {@link #probe(String, FfmpegOptions)} with default options. */
    public static SourceInfo probe(String url) {
        return probe(url, FfmpegOptions.defaults());
    }

    @Override
    public SourceInfo info() {
        return info;
    }

    @Override
    public boolean advance() {
        ensureOpen();
        return decoder.decodeNext();
    }

    @Override
    public long ptsMicros() {
        return decoder.ptsMicros();
    }

    /**
     * Runs {@code sws_scale} with {@code target}'s address as destination pointer and
     * {@code stride} as destination line size.
     */
    @Override
    public void writeTo(MemorySegment target, int stride) {
        ensureOpen();
        Targets.check(target, stride, info);
        scaler.scale(decoder.frame(), decoder.frameData(), decoder.frameLinesize(), target.address(), stride,
                info.width(), info.height());
    }

    /** The destination pointer the last {@code sws_scale} call received (0 before the first frame). */
    public long lastDestinationAddress() {
        return scaler.lastDestination();
    }

    @Override
    public boolean rewind() {
        ensureOpen();
        return decoder.rewind();
    }

    /** How often the source was rewound. */
    public int loops() {
        return decoder.loops();
    }

    @Override
    public boolean isLive() {
        return decoder.live();
    }

    @Override
    public String note() {
        return note;
    }

    @Override
    public void abort() {
        decoder.abort();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("source " + info.description() + " is closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        decoder.close();
        scaler.close();
    }

    private static String displayName(String url) {
        if (FfmpegDecoder.scheme(url) != null) {
            return url;
        }
        Path p = Path.of(url).getFileName();
        return p == null ? url : p.toString();
    }

    static String formatFps(int num, int den) {
        return den == 1 ? Integer.toString(num) : String.format(java.util.Locale.ROOT, "%.3f", (double) num / den);
    }
}
