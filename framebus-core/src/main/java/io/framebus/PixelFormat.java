package io.framebus;

/** Pixel layouts of video frames. Codes are stored in the channel file and never reordered. */
public enum PixelFormat {
    UNKNOWN(0, 0, -1, -1, -1),
    /** 8-bit B, G, R per pixel: OpenCV's native order. */
    BGR24(1, 3, 2, 1, 0),
    RGB24(2, 3, 0, 1, 2),
    BGRA(3, 4, 2, 1, 0),
    RGBA(4, 4, 0, 1, 2),
    /** One 8-bit luma sample per pixel: red, green and blue all read it. */
    GRAY8(5, 1, 0, 0, 0),
    /** Planar YUV 4:2:0: Y plane, then U and V at quarter size. */
    I420(6, 0, -1, -1, -1),
    /** Y plane, then interleaved UV at quarter size. */
    NV12(7, 0, -1, -1, -1);

    /** Cached: {@code values()} clones its array on every call, and lookups run on the take path. */
    private static final PixelFormat[] VALUES = values();

    private final int code;
    private final int bytesPerPixel;
    private final int redOffset;
    private final int greenOffset;
    private final int blueOffset;

    PixelFormat(int code, int bytesPerPixel, int redOffset, int greenOffset, int blueOffset) {
        this.code = code;
        this.bytesPerPixel = bytesPerPixel;
        this.redOffset = redOffset;
        this.greenOffset = greenOffset;
        this.blueOffset = blueOffset;
    }

    public int code() {
        return code;
    }

    /** Bytes per pixel of packed formats; 0 for planar ones. */
    public int bytesPerPixel() {
        return bytesPerPixel;
    }

    /** True for packed formats whose pixels carry red, green and blue (or one gray) sample: the offsets below apply. */
    public boolean hasPackedSamples() {
        return redOffset >= 0;
    }

    /** Byte offset of the red sample within a pixel of a packed format; -1 for planar and unknown formats. */
    public int redOffset() {
        return redOffset;
    }

    /** Byte offset of the green sample within a pixel of a packed format; -1 for planar and unknown formats. */
    public int greenOffset() {
        return greenOffset;
    }

    /** Byte offset of the blue sample within a pixel of a packed format; -1 for planar and unknown formats. */
    public int blueOffset() {
        return blueOffset;
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
