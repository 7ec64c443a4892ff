package io.framebus.media;

import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;

/**
 * What a conversion between a framebus slot and an FFmpeg picture keeps from frame to frame: the
 * {@code swscale} context, and the slot side's plane pointer and line-size arrays in the form
 * {@code sws_scale} takes them. The arrays are allocated once, every entry pointing at one reusable
 * {@link AddressPointer}; per frame only entry 0 is pointed at the slot (a packed picture has one
 * plane), so converting allocates nothing. Capture writes into the slot through these arrays (its
 * destination), the encoder reads from it (its source).
 *
 * <p>Used by one thread. {@link #close()} frees the context and the arrays, once.
 */
public final class SwsSlot implements AutoCloseable {
    private final PointerPointer<Pointer> planes = new PointerPointer<>(4);
    private final IntPointer lineSizes = new IntPointer(4);
    private final AddressPointer slot = new AddressPointer();
    private SwsContext context;
    private boolean closed;

    /** Allocates the arrays, all entries pointing nowhere; no context yet. */
    public SwsSlot() {
        slot.set(0, 0);
        for (int i = 0; i < 4; i++) {
            planes.put(i, slot);
            lineSizes.put(i, 0);
        }
    }

    /**
     * The context of the current geometry.
     *
     * @return the context last set, or null before the first one
     */
    public SwsContext context() {
        return context;
    }

    /**
     * Keeps the context {@code sws_getCachedContext} returned for a new geometry (it frees the one it
     * replaces); {@link #close()} frees the one kept last.
     *
     * @param context the new context, or null when none could be made
     */
    public void setContext(SwsContext context) {
        this.context = context;
    }

    /**
     * Points plane 0 at a slot's picture.
     *
     * @param address the picture's first byte
     * @param bytes   bytes of the picture (informational, for JavaCPP's bounds)
     * @param stride  bytes from one row to the next
     * @return the plane pointer array, to pass to {@code sws_scale} with {@link #lineSizes()}
     */
    public PointerPointer<Pointer> pointAt(long address, long bytes, int stride) {
        planes.put(0, slot.set(address, bytes));
        lineSizes.put(0, stride);
        return planes;
    }

    /**
     * The plane pointer array, whose entry 0 {@link #pointAt} sets.
     *
     * @return the array, allocated once
     */
    public PointerPointer<Pointer> planes() {
        return planes;
    }

    /**
     * The line-size array, whose entry 0 {@link #pointAt} sets.
     *
     * @return the array, allocated once
     */
    public IntPointer lineSizes() {
        return lineSizes;
    }

    /** Frees the context and the arrays. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (context != null) {
            sws_freeContext(context);
            context = null;
        }
        planes.close();
        lineSizes.close();
    }
}
