package io.framebus;

/** Pixel layouts of video frames. Codes are stored in the channel file and never reordered. */
public enum PixelFormat {
    UNKNOWN(0, 0),
    /** 8-bit B, G, R per pixel: OpenCV's native order. */
    BGR24(1, 3),
    RGB24(2, 3),
    BGRA(3, 4),
    RGBA(4, 4),
    GRAY8(5, 1),
    /** Planar YUV 4:2:0: Y plane, then U and V at quarter size. */
    I420(6, 0),
    /** Y plane, then interleaved UV at quarter size. */
    NV12(7, 0);

    /** Cached: {@code values()} clones its array on every call, and lookups run on the take path. */
    private static final PixelFormat[] VALUES = values();

    private final int code;
    private final int bytesPerPixel;

    PixelFormat(int code, int bytesPerPixel) {
        this.code = code;
        this.bytesPerPixel = bytesPerPixel;
    }

    public int code() {
        return code;
    }

    /** Bytes per pixel of packed formats; 0 for planar ones. */
    public int bytesPerPixel() {
        return bytesPerPixel;
    }

    /** Bytes of a tightly packed {@code width x height} picture. */
    public long frameBytes(int width, int height) {
        long pixels = (long) width * height;
        return bytesPerPixel > 0 ? pixels * bytesPerPixel : pixels + 2 * (((long) (width + 1) / 2) * ((height + 1) / 2));
    }

    /** The format stored as {@code code}, or null. */
    public static PixelFormat ofCode(int code) {
        for (PixelFormat f : VALUES) {
            if (f.code == code) {
                return f;
            }
        }
        return null;
    }

    /** Parses "bgr24", "BGR24", "gray8"... */
    public static PixelFormat parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown pixel format '" + text + "'; known: "
                    + java.util.Arrays.toString(values()).toLowerCase(java.util.Locale.ROOT));
        }
    }
}
