package io.framebus.capture;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How {@link FfmpegSource} opens and decodes its input.
 *
 * @param inputFormat    FFmpeg input format name (e.g. "v4l2"), or null to probe the input
 * @param options        demuxer and protocol options passed to {@code avformat_open_input}, e.g.
 *                       {@code rtsp_transport=tcp}, {@code rw_timeout=5000000} (microseconds)
 * @param decoderThreads decoder threads: 1 (default) has the lowest latency; 0 lets FFmpeg choose.
 *                       Frame threading delays output by one frame per thread.
 * @param outputWidth    width to scale to, or 0 to keep the source's width
 * @param outputHeight   height to scale to, or 0 to keep the source's height
 * @param openTimeout    for network inputs and devices: give up opening (connecting, probing) after
 *                       this long; {@link Duration#ZERO} = wait as long as FFmpeg does
 */
public record FfmpegOptions(String inputFormat, Map<String, String> options, int decoderThreads, int outputWidth,
                            int outputHeight, Duration openTimeout) {

    public FfmpegOptions {
        options = Map.copyOf(Objects.requireNonNull(options, "options"));
        Objects.requireNonNull(openTimeout, "openTimeout");
        if (openTimeout.isNegative()) {
            throw new IllegalArgumentException("open timeout must not be negative");
        }
        if (decoderThreads < 0) {
            throw new IllegalArgumentException("decoder threads must be >= 0, got " + decoderThreads);
        }
        if (outputWidth < 0 || outputHeight < 0 || (outputWidth == 0) != (outputHeight == 0)) {
            throw new IllegalArgumentException("output size must be both 0 (source size) or both positive, got "
                    + outputWidth + "x" + outputHeight);
        }
    }

    /** Probe the input, no options, one decoder thread, source size, 15 s open timeout for network inputs. */
    public static FfmpegOptions defaults() {
        return new FfmpegOptions(null, Map.of(), 1, 0, 0, Duration.ofSeconds(15));
    }

    public FfmpegOptions withInputFormat(String format) {
        return new FfmpegOptions(format, options, decoderThreads, outputWidth, outputHeight, openTimeout);
    }

    /** Adds one demuxer/protocol option. */
    public FfmpegOptions withOption(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(options);
        m.put(key, value);
        return new FfmpegOptions(inputFormat, m, decoderThreads, outputWidth, outputHeight, openTimeout);
    }

    /** Gives up opening a network input or device after {@code timeout} ({@link Duration#ZERO}: no limit). */
    public FfmpegOptions withOpenTimeout(Duration timeout) {
        return new FfmpegOptions(inputFormat, options, decoderThreads, outputWidth, outputHeight, timeout);
    }

    public FfmpegOptions withDecoderThreads(int threads) {
        return new FfmpegOptions(inputFormat, options, threads, outputWidth, outputHeight, openTimeout);
    }

    /** Scales frames to {@code width x height} (sws_scale, still straight into the slot). */
    public FfmpegOptions withOutputSize(int width, int height) {
        return new FfmpegOptions(inputFormat, options, decoderThreads, width, height, openTimeout);
    }
}
