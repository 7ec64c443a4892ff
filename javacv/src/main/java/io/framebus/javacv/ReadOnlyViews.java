package io.framebus.javacv;

import io.framebus.Frame;
import io.framebus.FrameKind;
import io.framebus.PixelFormat;
import io.framebus.media.AddressPointer;

import java.util.Arrays;

/**
 * Zero-copy OpenCV and JavaCV views of held frames, for one reader. Each view points at the frame's slot
 * in shared memory, which readers map <b>read-only</b> (see {@link ReadOnlyMat}):
 *
 * <pre>{@code
 * try (ChannelReader reader = FrameChannel.attach("camera0", ReaderOptions.latest());
 *      ReadOnlyViews views = new ReadOnlyViews()) {
 *     reader.take(frame -> {
 *         ReadOnlyMat bgr = views.readOnlyMat(frame);      // the slot itself, no copy
 *         opencv_imgproc.cvtColor(bgr, gray, opencv_imgproc.COLOR_BGR2GRAY); // src only: never dst
 *     }, Duration.ofSeconds(1));
 * }
 * }</pre>
 *
 * <p><b>Lifetime.</b> A view belongs to the frame it was made for: it needs no release of its own and is
 * valid while that frame is held (inside the handler, or until the last {@link Frame#release()} of a
 * retained frame). After that the slot may hold a later frame; the views keep one Mat header and one JavaCV
 * frame per slot and re-point them, so making a view of a frame of steady geometry allocates nothing: it
 * checks that the slot's cached header still says the frame's address, size and type, and returns it.
 * Geometry changes (or a header that OpenCV reallocated because it was wrongly used as a destination)
 * make a new header. {@link #close()} frees the headers (never the slots).
 *
 * <p>Only packed 8-bit video frames have views ({@link MatTypes#of}). Used by one thread.
 */
public final class ReadOnlyViews implements AutoCloseable {
    private final AddressPointer address = new AddressPointer();
    private ReadOnlyMat[] mats = new ReadOnlyMat[0];
    private int[] strides = new int[0];
    private ReadOnlyJavacvFrame[] frames = new ReadOnlyJavacvFrame[0];
    private boolean closed;

    /** Views with no header yet; the first view of each slot makes its header. */
    public ReadOnlyViews() {
        // headers are made on first use
    }

    /**
     * An OpenCV Mat over {@code frame}'s pixels in its slot: {@code height} rows, {@code width} columns,
     * the frame's {@link MatTypes type}, its stride as step. No copy; read-only.
     *
     * @param frame a held video frame of a packed 8-bit format
     * @return the slot's Mat, valid while {@code frame} is held
     * @throws IllegalArgumentException when the frame is not packed 8-bit video
     */
    public ReadOnlyMat readOnlyMat(Frame frame) {
        ensureOpen();
        int type = typeOf(frame);
        int slot = frame.slot();
        grow(slot);
        long data = frame.segment().address();
        int rows = frame.height();
        int cols = frame.width();
        int stride = frame.stride();
        ReadOnlyMat mat = mats[slot];
        if (mat == null || strides[slot] != stride || !MatHeader.is(mat, data, rows, cols, type)) {
            if (mat != null) {
                mat.close();
            }
            mat = new ReadOnlyMat(rows, cols, type, address.set(data, (long) stride * rows), stride);
            mats[slot] = mat;
            strides[slot] = stride;
        }
        return mat;
    }

    /**
     * A JavaCV frame over {@code frame}'s pixels in its slot (see {@link ReadOnlyJavacvFrame}). No copy;
     * read-only.
     *
     * @param frame a held video frame of a packed 8-bit format
     * @return the slot's JavaCV frame, valid while {@code frame} is held
     * @throws IllegalArgumentException when the frame is not packed 8-bit video
     */
    public ReadOnlyJavacvFrame readOnlyJavacvFrame(Frame frame) {
        ReadOnlyMat mat = readOnlyMat(frame);
        int slot = frame.slot();
        ReadOnlyJavacvFrame view = frames[slot];
        if (view == null) {
            view = new ReadOnlyJavacvFrame();
            view.image = new java.nio.Buffer[1];
            frames[slot] = view;
        }
        view.image[0] = frame.byteBuffer();
        view.imageWidth = frame.width();
        view.imageHeight = frame.height();
        view.imageChannels = frame.pixelFormat().bytesPerPixel();
        view.imageStride = frame.stride();
        view.timestamp = frame.pts();
        view.keyFrame = false;
        view.opaque = mat;
        return view;
    }

    /**
     * A copy of {@code frame}'s pixels in a new writable Mat the caller owns: for code that must modify
     * the picture (an OpenCV destination, drawing).
     *
     * @param frame a held video frame of a packed 8-bit format
     * @return a new Mat, allocated by OpenCV
     */
    public org.bytedeco.opencv.opencv_core.Mat writableCopy(Frame frame) {
        return readOnlyMat(frame).writableCopy();
    }

    private static int typeOf(Frame frame) {
        if (frame.kind() != FrameKind.VIDEO) {
            throw new IllegalArgumentException("frame " + frame.sequence() + " is " + frame.kind()
                    + ", not video: it has no Mat view");
        }
        PixelFormat format = frame.pixelFormat();
        return MatTypes.of(format);
    }

    private void grow(int slot) {
        if (slot >= mats.length) {
            int n = slot + 1;
            mats = Arrays.copyOf(mats, n);
            strides = Arrays.copyOf(strides, n);
            frames = Arrays.copyOf(frames, n);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("these views were closed");
        }
    }

    /** Frees every Mat header (the slots stay untouched). Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (ReadOnlyMat m : mats) {
            if (m != null) {
                m.close();
            }
        }
        Arrays.fill(mats, null);
        Arrays.fill(frames, null);
    }
}
