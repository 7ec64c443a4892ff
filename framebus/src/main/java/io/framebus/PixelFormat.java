package io.framebus;

/** Pixel layouts of video frames. Codes are stored in the channel file and never reordered. */
public enum PixelFormat {
    /**
     * Not set or not recognised. Code 0.
     */
    UNKNOWN(0, 0, -1, -1, -1),
    /** 8-bit B, G, R per pixel: OpenCV's native order. */
    BGR24(1, 3, 2, 1, 0),
    /**
     * 8-bit R, G, B per pixel. Code 2.
     */
    RGB24(2, 3, 0, 1, 2),
    /**
     * 8-bit B, G, R, alpha per pixel. Code 3.
     */
    BGRA(3, 4, 2, 1, 0),
    /**
     * 8-bit R, G, B, alpha per pixel. Code 4.
     */
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

    /**
     * The value stored in a video frame's slot descriptor.
     *
     * @return this format's code, fixed by the file format
     */
    public int code() {
        return code;
    }

    /**
     * Bytes per pixel of packed formats; 0 for planar ones.
     *
     * @return the size of one pixel in bytes, or 0 for a planar or unknown format
     */
    public int bytesPerPixel() {
        return bytesPerPixel;
    }

    /**
     * True for packed formats whose pixels carry red, green and blue (or one gray) sample: the offsets below
     * apply.
     *
     * @return whether {@link #redOffset()}, {@link #greenOffset()} and {@link #blueOffset()} are valid
     */
    public boolean hasPackedSamples() {
        return redOffset >= 0;
    }

    /**
     * Byte offset of the red sample within a pixel of a packed format; -1 for planar and unknown formats.
     *
     * @return the red sample's byte offset, or -1
     */
    public int redOffset() {
        return redOffset;
    }

    /**
     * Byte offset of the green sample within a pixel of a packed format; -1 for planar and unknown formats.
     *
     * @return the green sample's byte offset, or -1
     */
    public int greenOffset() {
        return greenOffset;
    }

    /**
     * Byte offset of the blue sample within a pixel of a packed format; -1 for planar and unknown formats.
     *
     * @return the blue sample's byte offset, or -1
     */
    public int blueOffset() {
        return blueOffset;
    }

    /**
     * Bytes of a {@code width x height} picture whose rows are {@code width} bytes apart in every plane
     * (pass the stride as {@code width} for a padded picture). Packed formats: {@code width x height x
     * bytesPerPixel}. I420: a Y plane of {@code height} rows, then U and V planes of {@code ceil(height/2)}
     * rows of {@code ceil(width/2)} bytes. NV12: the Y plane, then one interleaved UV plane of
     * {@code ceil(height/2)} rows of {@code 2 ceil(width/2)} bytes. Computed in {@code long}: it cannot
     * overflow for any {@code int} arguments.
     *
     * @param width  pixels (or bytes) per row, non-negative
     * @param height rows, non-negative
     * @return the picture's size in bytes
     */
    public long frameBytes(int width, int height) {
        long pixels = (long) width * height;
        long chroma = (((long) width + 1) / 2) * (((long) height + 1) / 2);
        return bytesPerPixel > 0 ? pixels * bytesPerPixel : pixels + 2 * chroma;
    }

    /**
     * Looks up the format stored in a slot descriptor.
     *
     * @param code a value read from a slot descriptor
     * @return the format stored as {@code code}, or null when no format has that code (a corrupted descriptor)
     */
    public static PixelFormat ofCode(int code) {
        for (PixelFormat f : VALUES) {
            if (f.code == code) {
                return f;
            }
        }
        return null;
    }

    /**
     * Parses a format name as the command line takes it: "bgr24", "BGR24", "gray8"..., in any case, surrounding
     * spaces ignored.
     *
     * @param text the name of a constant of this enum
     * @return the format of that name
     */
    public static PixelFormat parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown pixel format '" + text + "'; known: "
                    + java.util.Arrays.toString(values()).toLowerCase(java.util.Locale.ROOT));
        }
    }
}
