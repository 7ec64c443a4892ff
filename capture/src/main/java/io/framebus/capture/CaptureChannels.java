package io.framebus.capture;

import io.framebus.ChannelConfig;

/**
 * Sizes a channel for a source: one BGR24 frame per slot ({@code width * height * 3} bytes, rows
 * packed tightly with stride {@code width * 3}). Slots start page-aligned; for widths where
 * {@code width * 3} is not a multiple of 16, swscale may take a slower unaligned path, but the bytes
 * are the same.
 *
 * <pre>{@code
 * SourceInfo info = FfmpegSource.probe("rtsp://camera/stream");
 * ChannelWriter writer = FrameChannel.create(CaptureChannels.configFor("camera0", info, 8));
 * }</pre>
 */
public final class CaptureChannels {
    /** Slots used by {@link #configFor(String, SourceInfo)}. */
    public static final int DEFAULT_SLOTS = 8;

    private CaptureChannels() {
    }

    /**
     * A channel builder named {@code name} with {@code slots} slots of one frame of {@code info}
     * each. Further settings (backing, directory, readers) can be chained before {@code build()}.
     */
    public static ChannelConfig configFor(String name, SourceInfo info, int slots) {
        return ChannelConfig.of(name, info.frameBytes()).withSlots(slots);
    }

    /** {@link #configFor(String, SourceInfo, int)} with {@value #DEFAULT_SLOTS} slots. */
    public static ChannelConfig configFor(String name, SourceInfo info) {
        return configFor(name, info, DEFAULT_SLOTS);
    }
}
