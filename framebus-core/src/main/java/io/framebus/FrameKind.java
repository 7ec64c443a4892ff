package io.framebus;

/** What a frame's bytes are, as stored in its slot descriptor. */
public enum FrameKind {
    /** Opaque bytes; only the length is meaningful. */
    RAW,
    /** A video picture: width, height, stride and {@link PixelFormat} describe it. */
    VIDEO,
    /** A tensor: {@link DType} and a shape of up to 8 dimensions describe it. */
    TENSOR,
    /** A list of detections about a video frame, encoded by {@link io.framebus.payload.Detections}. */
    DETECTIONS;

    /** Cached: {@code values()} clones its array on every call, and lookups run on the take path. */
    private static final FrameKind[] VALUES = values();

    /** The kind stored as {@code code}, or null when the code is unknown (a corrupted descriptor). */
    public static FrameKind ofCode(int code) {
        return code >= 0 && code < VALUES.length ? VALUES[code] : null;
    }
}
