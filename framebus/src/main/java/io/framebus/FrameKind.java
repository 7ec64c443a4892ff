package io.framebus;

/**
 * What a frame's bytes are. The code of each kind is stored in the slot descriptor: codes are part of
 * the file format, fixed forever, and never derived from the declaration order.
 */
public enum FrameKind {
    /** Opaque bytes; only the length is meaningful. Code 0. */
    RAW(0),
    /** A video picture: width, height, stride and {@link PixelFormat} describe it. Code 1. */
    VIDEO(1),
    /** A tensor: {@link DType} and a shape of up to 8 dimensions describe it. Code 2. */
    TENSOR(2),
    /**
     * Boxes found in one video frame, in the detections payload that the {@code framebus-pipeline}
     * module reads and writes ({@code io.framebus.pipeline.Detections}). Code 3.
     */
    DETECTIONS(3);

    private static final FrameKind[] BY_CODE = {RAW, VIDEO, TENSOR, DETECTIONS};

    private final int code;

    FrameKind(int code) {
        this.code = code;
    }

    /**
     * The value stored in a frame's slot descriptor.
     *
     * @return the value stored in the slot descriptor
     */
    public int code() {
        return code;
    }

    /**
     * Looks up the kind stored in a slot descriptor.
     *
     * @param code a value read from a slot descriptor
     * @return the kind stored as {@code code}, or null when the code is unknown (a corrupted descriptor)
     */
    public static FrameKind ofCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
