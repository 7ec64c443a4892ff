package io.framebus.javacv;

import io.framebus.media.AddressPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.opencv_core.Mat;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

/**
 * Reads what a {@code Mat} header says (its data pointer, rows, columns and type) without allocating.
 * JavaCPP's {@code mat.data()} returns a new {@code BytePointer} on every call; checking each frame's
 * views that way would allocate per frame. OpenCV's {@code cv::Mat} starts with {@code int flags, dims,
 * rows, cols; uchar* data}: those fields are read through a view of the native header instead.
 *
 * <p>The layout is OpenCV's, not ours, so it is checked once when the class loads: a probe {@code Mat}
 * over a known address is read both ways. If any field disagrees (another OpenCV build), every read
 * goes through OpenCV's own accessors, which allocate but are always right.
 */
final class MatHeader {
    private static final long ROWS = 8;
    private static final long COLS = 12;
    private static final long DATA = 16;
    /** {@code CV_MAT_TYPE_MASK}: the type bits of {@code flags}. */
    private static final int TYPE_MASK = 0xFFF;
    /** The whole address space, to read a header at its address; reads only, at checked offsets. */
    private static final MemorySegment NATIVE = everything();
    private static final boolean DIRECT = probe();

    private MatHeader() {
    }

    @SuppressWarnings("restricted") // reads of cv::Mat headers that OpenCV allocated, at the layout probed below
    private static MemorySegment everything() {
        return MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
    }

    private static boolean probe() {
        Loader.load(org.bytedeco.opencv.global.opencv_core.class);
        AddressPointer data = new AddressPointer().set(0x10000, 3 * 5 * 3);
        try (Mat m = new Mat(3, 5, CV_8UC3, data, 5 * 3)) {
            long h = m.address();
            return NATIVE.get(ValueLayout.JAVA_INT, h + ROWS) == 3 && NATIVE.get(ValueLayout.JAVA_INT, h + COLS) == 5
                    && NATIVE.get(ValueLayout.JAVA_LONG, h + DATA) == 0x10000
                    && (NATIVE.get(ValueLayout.JAVA_INT, h) & TYPE_MASK) == CV_8UC3;
        }
    }

    /** Whether the header is read directly (true) or through OpenCV's accessors (another layout). */
    static boolean direct() {
        return DIRECT;
    }

    /** {@code mat.data().address()}. */
    static long data(Mat mat) {
        return DIRECT ? NATIVE.get(ValueLayout.JAVA_LONG, mat.address() + DATA) : mat.data().address();
    }

    /** {@code mat.rows()}. */
    static int rows(Mat mat) {
        return DIRECT ? NATIVE.get(ValueLayout.JAVA_INT, mat.address() + ROWS) : mat.rows();
    }

    /** {@code mat.cols()}. */
    static int cols(Mat mat) {
        return DIRECT ? NATIVE.get(ValueLayout.JAVA_INT, mat.address() + COLS) : mat.cols();
    }

    /** {@code mat.type()}. */
    static int type(Mat mat) {
        return DIRECT ? NATIVE.get(ValueLayout.JAVA_INT, mat.address()) & TYPE_MASK : mat.type();
    }

    /** Whether {@code mat} is still {@code rows x cols} of {@code type} at {@code data}. */
    static boolean is(Mat mat, long data, int rows, int cols, int type) {
        return mat.address() != 0 && data(mat) == data && rows(mat) == rows && cols(mat) == cols
                && type(mat) == type;
    }

    /** "384x216 CV_8UC3 at 0x7f..." for error messages. */
    static String describe(Mat mat) {
        if (mat.isNull()) {
            return "a released Mat";
        }
        return cols(mat) + "x" + rows(mat) + " " + MatTypes.name(type(mat)) + " at 0x" + Long.toHexString(data(mat));
    }
}
