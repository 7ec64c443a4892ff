package io.framebus;

/** Element types of tensors. Codes are stored in the channel file and never reordered. */
public enum DType {
    /** Not set, or a type framebus has no code for (such as an ONNX string tensor). Code 0, size 0. */
    UNKNOWN(0, 0),
    /** IEEE 754 binary32. Code 1, 4 bytes. */
    FLOAT32(1, 4),
    /** IEEE 754 binary16 (half precision). Code 2, 2 bytes. */
    FLOAT16(2, 2),
    /** bfloat16: the upper 16 bits of a binary32. Code 3, 2 bytes. */
    BFLOAT16(3, 2),
    /** IEEE 754 binary64. Code 4, 8 bytes. */
    FLOAT64(4, 8),
    /** Signed 8-bit integer. Code 5, 1 byte. */
    INT8(5, 1),
    /** Unsigned 8-bit integer. Code 6, 1 byte. */
    UINT8(6, 1),
    /** Signed 16-bit integer. Code 7, 2 bytes. */
    INT16(7, 2),
    /** Signed 32-bit integer. Code 8, 4 bytes. */
    INT32(8, 4),
    /** Signed 64-bit integer. Code 9, 8 bytes. */
    INT64(9, 8),
    /** Boolean, one byte per element. Code 10, 1 byte. */
    BOOL(10, 1);

    /** Cached: {@code values()} clones its array on every call, and lookups run on the take path. */
    private static final DType[] VALUES = values();

    private final int code;
    private final int size;

    DType(int code, int size) {
        this.code = code;
        this.size = size;
    }

    /**
     * The value stored in a tensor frame's slot descriptor.
     *
     * @return this type's code, fixed by the file format
     */
    public int code() {
        return code;
    }

    /**
     * The width of one element.
     *
     * @return bytes per element; 0 for {@link #UNKNOWN}
     */
    public int size() {
        return size;
    }

    /**
     * Looks up the type stored in a slot descriptor.
     *
     * @param code a value read from a slot descriptor
     * @return the type stored as {@code code}, or null when no type has that code (a corrupted descriptor)
     */
    public static DType ofCode(int code) {
        for (DType d : VALUES) {
            if (d.code == code) {
                return d;
            }
        }
        return null;
    }
}
