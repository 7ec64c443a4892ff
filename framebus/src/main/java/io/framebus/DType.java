package io.framebus;

/** Element types of tensors. Codes are stored in the channel file and never reordered. */
public enum DType {
    UNKNOWN(0, 0),
    FLOAT32(1, 4),
    FLOAT16(2, 2),
    BFLOAT16(3, 2),
    FLOAT64(4, 8),
    INT8(5, 1),
    UINT8(6, 1),
    INT16(7, 2),
    INT32(8, 4),
    INT64(9, 8),
    BOOL(10, 1);

    /** Cached: {@code values()} clones its array on every call, and lookups run on the take path. */
    private static final DType[] VALUES = values();

    private final int code;
    private final int size;

    DType(int code, int size) {
        this.code = code;
        this.size = size;
    }

    public int code() {
        return code;
    }

    /** Bytes per element. */
    public int size() {
        return size;
    }

    public static DType ofCode(int code) {
        for (DType d : VALUES) {
            if (d.code == code) {
                return d;
            }
        }
        return null;
    }
}
