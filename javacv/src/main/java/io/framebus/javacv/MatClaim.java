package io.framebus.javacv;

import io.framebus.FrameClaim;
import io.framebus.PixelFormat;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A claimed slot with a writable OpenCV {@code Mat} over it, from {@link MatWriter#claim}. Write into
 * {@link #mat()} (OpenCV's {@code dst}), set metadata on {@link #claim()} (pts, capture time, tag), then
 * {@link #publish()} or {@link #abort()}. The writer reuses this object for every claim.
 */
public final class MatClaim {
    private final MatWriter owner;
    private FrameClaim frame;
    private Mat mat;
    private long data;
    private int width;
    private int height;
    private int stride;
    private int type;
    private PixelFormat format;

    MatClaim(MatWriter owner) {
        this.owner = owner;
    }

    void open(FrameClaim claim, Mat slotMat, int w, int h, int rowBytes, PixelFormat pixelFormat, int cvType) {
        this.frame = claim;
        this.mat = slotMat;
        this.data = claim.address();
        this.width = w;
        this.height = h;
        this.stride = rowBytes;
        this.format = pixelFormat;
        this.type = cvType;
    }

    boolean isOpen() {
        return frame != null;
    }

    private void ensureOpen() {
        if (frame == null) {
            throw new IllegalStateException("this MatClaim was already published or aborted");
        }
    }

    /**
     * The writable Mat over the slot: {@code height} rows, {@code width} columns, the format's
     * {@code CV_8UCn}, rows {@code width * bytesPerPixel} apart. Give it to OpenCV as {@code dst}, with
     * {@code mat().size()} where a size is asked for.
     *
     * @return the slot's Mat, valid until publish or abort
     */
    public Mat mat() {
        ensureOpen();
        return mat;
    }

    /**
     * The framebus claim underneath, for the frame's metadata ({@code pts}, {@code captureNanos},
     * {@code tag}); {@link #publish()} describes the picture itself.
     *
     * @return the claim, valid until publish or abort
     */
    public FrameClaim claim() {
        ensureOpen();
        return frame;
    }

    /**
     * Checks that the Mat still is the slot (OpenCV did not reallocate it), describes the frame as video
     * of the claimed size and format, and publishes it.
     *
     * @return the frame's sequence
     * @throws MatReallocatedException when OpenCV replaced the slot's memory with its own (wrong size or
     *                                 type of {@code dst}): the claim is aborted, nothing is published
     */
    public long publish() {
        ensureOpen();
        FrameClaim c = frame;
        if (!MatHeader.is(mat, data, height, width, type)) {
            String found = MatHeader.describe(mat);
            int slot = c.slot();
            abort();
            owner.forget(slot);
            throw new MatReallocatedException("OpenCV reallocated the destination Mat of slot " + slot + ": it was "
                    + width + "x" + height + " " + MatTypes.name(type) + " at 0x" + Long.toHexString(data)
                    + " (the slot), and is now " + found + ". The operation's output did not match the slot's size or"
                    + " type, so OpenCV wrote into memory of its own; nothing was published. Pass mat().size() and"
                    + " a " + MatTypes.name(type) + " destination, or claim the size the operation produces.");
        }
        c.video(width, height, stride, format);
        frame = null;
        return c.publish();
    }

    /** Gives the slot back unpublished. */
    public void abort() {
        ensureOpen();
        FrameClaim c = frame;
        frame = null;
        c.abort();
    }
}
