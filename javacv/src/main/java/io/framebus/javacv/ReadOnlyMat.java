package io.framebus.javacv;

import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.indexer.Indexer;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.GpuMat;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatExpr;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.UMat;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;

/**
 * An OpenCV {@code Mat} over a held frame's slot, which a reader maps <b>read-only</b>: pass it to
 * OpenCV as a source ({@code src}), never as a destination. Made by {@link ReadOnlyViews#readOnlyMat}.
 *
 * <p><b>Writes kill the process.</b> The pages under this Mat are mapped {@code PROT_READ}. Native
 * code that writes into them ({@code cvtColor(mat, mat, ...)}, {@code rectangle(mat, ...)},
 * {@code resize(src, mat, ...)}, a {@code BytePointer} from {@link #data()} or {@link #ptr()}) gets
 * {@code SIGSEGV}, and the JVM dies: no Java exception can catch a fault in native code. For a picture
 * to draw on or modify, take a {@link #writableCopy()}.
 *
 * <p>Writes from Java fail with an exception instead: {@link #createBuffer()} and the
 * {@code getXxxBuffer()} methods return read-only buffers (their {@code put} throws
 * {@link ReadOnlyBufferException}), {@link #createIndexer()} returns an indexer over such a buffer, and
 * {@link #put(Scalar)}, {@link #put(MatExpr)}, {@link #put(Mat)} and every {@code setTo} throw
 * {@link ReadOnlyBufferException} before OpenCV is called.
 *
 * <p>The Mat is a view, not a copy: it shows the slot only while the frame is held, and its owner
 * {@link ReadOnlyViews} reuses it for later frames of the same slot.
 */
public final class ReadOnlyMat extends Mat {
    ReadOnlyMat(int rows, int cols, int type, Pointer data, long step) {
        super(rows, cols, type, data, step);
    }

    /**
     * A copy of the pixels in a new, writable {@code Mat} that the caller owns (and closes): the explicit
     * copy for code that draws on or modifies the picture.
     *
     * @return a new continuous Mat of the same size and type, allocated by OpenCV
     */
    public Mat writableCopy() {
        Mat copy = new Mat();
        copyTo(copy);
        return copy;
    }

    /** {@inheritDoc} The buffer is read-only. */
    @Override
    public <B extends Buffer> B createBuffer(int index) {
        ByteBuffer bytes = super.createBuffer(index); // a Mat of 8-bit channels: its buffer is a ByteBuffer
        @SuppressWarnings("unchecked") // B is what the caller asked for, as in OpenCV's own method
        B b = (B) bytes.asReadOnlyBuffer();
        return b;
    }

    /**
     * {@inheritDoc} The buffer is read-only; so are those of the other {@code getXxxBuffer} methods, which
     * view this one.
     *
     * @deprecated as in OpenCV's presets: use {@link #createBuffer()}
     */
    @Deprecated
    @Override
    public ByteBuffer getByteBuffer(int index) {
        return createBuffer(index);
    }

    /** {@inheritDoc} The indexer reads through a read-only buffer: its {@code put} throws. */
    @Override
    public <I extends Indexer> I createIndexer(boolean direct) {
        long[] sizes = {rows(), cols(), channels()};
        long[] strides = {step(), channels(), 1};
        @SuppressWarnings("unchecked") // the indexer of 8-bit unsigned channels, as for any CV_8U Mat
        I indexer = (I) UByteIndexer.create((ByteBuffer) createBuffer(0), sizes, strides).indexable(this);
        return indexer;
    }

    @Override
    public Mat put(Scalar s) {
        throw readOnly("put(Scalar)");
    }

    @Override
    public Mat put(MatExpr e) {
        throw readOnly("put(MatExpr)");
    }

    @Override
    public Mat put(Mat m) {
        throw readOnly("put(Mat)");
    }

    @Override
    public Mat setTo(Mat value) {
        throw readOnly("setTo");
    }

    @Override
    public Mat setTo(Mat value, Mat mask) {
        throw readOnly("setTo");
    }

    @Override
    public Mat setTo(UMat value) {
        throw readOnly("setTo");
    }

    @Override
    public Mat setTo(UMat value, UMat mask) {
        throw readOnly("setTo");
    }

    @Override
    public Mat setTo(GpuMat value) {
        throw readOnly("setTo");
    }

    @Override
    public Mat setTo(GpuMat value, GpuMat mask) {
        throw readOnly("setTo");
    }

    private static ReadOnlyBufferException readOnly(String what) {
        ReadOnlyBufferException e = new ReadOnlyBufferException();
        e.initCause(new UnsupportedOperationException(what + " would write into a slot that readers map read-only;"
                + " take writableCopy() first"));
        return e;
    }
}
