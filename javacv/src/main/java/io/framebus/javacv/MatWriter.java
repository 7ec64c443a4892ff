package io.framebus.javacv;

import io.framebus.ChannelWriter;
import io.framebus.FrameClaim;
import io.framebus.PixelFormat;
import io.framebus.media.AddressPointer;
import org.bytedeco.opencv.opencv_core.Mat;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * Writable OpenCV {@code Mat}s over the slots a writer claims, so that OpenCV writes its result straight
 * into shared memory: {@code cvtColor}, {@code resize}, {@code warpAffine}... with {@code dst} = the slot.
 *
 * <pre>{@code
 * try (ChannelWriter writer = FrameChannel.create(ChannelConfig.of("preview", 384 * 216 * 3));
 *      MatWriter mats = new MatWriter(writer)) {
 *     MatClaim out = mats.claim(384, 216, PixelFormat.BGR24, Duration.ofSeconds(1)); // null: no free slot
 *     opencv_imgproc.resize(src, out.mat(), out.mat().size());                      // into the slot
 *     out.claim().pts(pts);
 *     out.publish();          // MatReallocatedException (and nothing published) if OpenCV reallocated dst
 * }
 * }</pre>
 *
 * <p>OpenCV reallocates a destination of the wrong size or type without a word, and would leave the slot
 * untouched; {@link MatClaim#publish()} checks the Mat's header first and refuses. One {@code Mat} header
 * is kept per slot and geometry, so claiming allocates nothing in steady state. Used by one thread;
 * {@link #close()} frees the headers, not the writer.
 */
public final class MatWriter implements AutoCloseable {
    private final ChannelWriter writer;
    private final AddressPointer address = new AddressPointer();
    private final MatClaim claim = new MatClaim(this);
    private Mat[] mats = new Mat[0];
    /** Geometry each cached header was made for: width, height, type, stride. */
    private int[][] geometry = new int[0][];
    private boolean closed;

    /**
     * Mats over the slots of {@code writer}.
     *
     * @param writer the channel written to; it stays the caller's to close
     */
    public MatWriter(ChannelWriter writer) {
        this.writer = Objects.requireNonNull(writer, "writer");
    }

    /**
     * Claims a slot and gives a writable Mat over it, rows packed tightly ({@code width * bytesPerPixel}).
     *
     * @param width   pixels per row
     * @param height  rows
     * @param format  a packed 8-bit pixel format ({@link MatTypes#of})
     * @param timeout how long to wait for a free slot
     * @return the claim (the same object every time: publish or abort it before the next claim), or null
     *         when no slot became free in time
     * @throws IllegalArgumentException when the picture does not fit a slot or the format has no Mat type
     */
    public MatClaim claim(int width, int height, PixelFormat format, Duration timeout) {
        ensureOpen();
        int type = MatTypes.of(format);
        int stride = width * format.bytesPerPixel();
        if (width <= 0 || height <= 0 || (long) stride * height > writer.slotSize()) {
            throw new IllegalArgumentException("a " + width + "x" + height + " " + format + " picture needs "
                    + (long) stride * height + " bytes; the slots of channel '" + writer.name() + "' hold "
                    + writer.slotSize());
        }
        if (claim.isOpen()) {
            throw new IllegalStateException("the previous MatClaim was neither published nor aborted");
        }
        FrameClaim frame = writer.claim(timeout);
        if (frame == null) {
            return null;
        }
        Mat mat = matFor(frame.slot(), frame.address(), width, height, type, stride);
        claim.open(frame, mat, width, height, stride, format, type);
        return claim;
    }

    private Mat matFor(int slot, long data, int width, int height, int type, int stride) {
        if (slot >= mats.length) {
            mats = Arrays.copyOf(mats, slot + 1);
            geometry = Arrays.copyOf(geometry, slot + 1);
        }
        Mat mat = mats[slot];
        int[] g = geometry[slot];
        if (mat == null || g[0] != width || g[1] != height || g[2] != type || g[3] != stride
                || !MatHeader.is(mat, data, height, width, type)) {
            if (mat != null) {
                mat.close();
            }
            mat = new Mat(height, width, type, address.set(data, (long) stride * height), stride);
            mats[slot] = mat;
            geometry[slot] = new int[] {width, height, type, stride};
        }
        return mat;
    }

    /** Drops the header of {@code slot}: OpenCV reallocated it, so it no longer shows the slot. */
    void forget(int slot) {
        Mat mat = mats[slot];
        mats[slot] = null;
        if (mat != null) {
            mat.close();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("this MatWriter was closed");
        }
    }

    /** Aborts an open claim and frees every Mat header (the writer stays open). Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (claim.isOpen()) {
            claim.abort();
        }
        for (Mat m : mats) {
            if (m != null) {
                m.close();
            }
        }
        Arrays.fill(mats, null);
    }
}
