package io.framebus.javacv;

import io.framebus.capture.CaptureException;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGRA;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_GRAY8;

/** FFmpeg's pixel format of a JavaCV picture of 8-bit channels, in JavaCV's (OpenCV's) channel order. */
final class PackedFormats {
    private PackedFormats() {
    }

    /** {@code AV_PIX_FMT_GRAY8}, {@code BGR24} or {@code BGRA} for 1, 3 or 4 channels. */
    static int of(int channels) {
        return switch (channels) {
            case 1 -> AV_PIX_FMT_GRAY8;
            case 3 -> AV_PIX_FMT_BGR24;
            case 4 -> AV_PIX_FMT_BGRA;
            default -> throw new CaptureException("grabber pictures of " + channels + " channels are not supported;"
                    + " 1 (gray), 3 (BGR) and 4 (BGRA) are");
        };
    }
}
