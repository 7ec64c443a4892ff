package io.framebus.javacv;

import io.framebus.PixelFormat;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC4;

/**
 * Which OpenCV type a framebus pixel format has. Only packed 8-bit formats map to one {@code Mat}:
 * planar ones (I420, NV12) have planes of different widths, which one {@code rows x cols} header
 * cannot describe for every stride.
 */
public final class MatTypes {
    private MatTypes() {
    }

    /**
     * The OpenCV type of a picture in {@code format}: {@code CV_8UC3} for BGR24 and RGB24, {@code CV_8UC4}
     * for BGRA and RGBA, {@code CV_8UC1} for GRAY8. The channel order is the format's: OpenCV calls
     * treat every 3-channel picture as BGR unless told otherwise.
     *
     * @param format a pixel format
     * @return its {@code CV_8UCn} type
     * @throws IllegalArgumentException for planar or unknown formats, which no single Mat describes
     */
    public static int of(PixelFormat format) {
        if (format == null || !format.hasPackedSamples()) {
            throw new IllegalArgumentException("a " + format + " picture has no single OpenCV Mat type: only packed"
                    + " 8-bit formats (bgr24, rgb24, bgra, rgba, gray8) do; read planar frames through"
                    + " frame.segment()");
        }
        return switch (format.bytesPerPixel()) {
            case 1 -> CV_8UC1;
            case 3 -> CV_8UC3;
            case 4 -> CV_8UC4;
            default -> throw new IllegalArgumentException("no OpenCV type for " + format);
        };
    }

    /** "CV_8UC3" for a type of 8-bit channels, else "type N". */
    static String name(int type) {
        if (type == CV_8UC1 || type == CV_8UC3 || type == CV_8UC4) {
            return "CV_8UC" + ((type >> 3) + 1); // CV_MAKETYPE(CV_8U, n) = (n - 1) << 3
        }
        return "type " + type;
    }
}
