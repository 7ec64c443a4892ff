package io.framebus;

import io.framebus.layout.ChannelLayout;
import io.framebus.layout.ControlRegion;
import io.netty.buffer.ByteBuf;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;

import static io.framebus.layout.ChannelLayout.*;

/**
 * A frame held by a reader: its slot cannot be rewritten until the frame is closed (and every
 * {@link #byteBuf()} view released). All views point at the slot in shared memory; none copies.
 *
 * <pre>{@code
 * try (Frame frame = reader.take(Duration.ofSeconds(1))) {
 *     if (frame != null) {
 *         MemorySegment pixels = frame.segment();   // read-only, frame.length() bytes
 *         int width = frame.width();
 *     }
 * }
 * }</pre>
 *
 * <p>Handles are pooled per reader (one per allowed hold), so taking frames does not allocate.
 * A handle must not be used after {@link #close()}: its accessors then throw.
 */
public final class Frame implements AutoCloseable {
    private static final VarHandle REFS;
    /** Reference count while the last reference drops the hold; the handle is not free yet. */
    private static final int RELEASING = -1;

    static {
        try {
            REFS = MethodHandles.lookup().findVarHandle(Frame.class, "refs", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ChannelReader reader;
    private final long[] shape = new long[MAX_DIMS];
    @SuppressWarnings("unused") // accessed through REFS
    private volatile int refs;

    private int slot = -1;
    private long sequence;
    private long length;
    private FrameKind kind;
    private PixelFormat pixelFormat;
    private DType dtype;
    private int width;
    private int height;
    private int stride;
    private int rank;
    private long pts;
    private long captureNanos;
    private long publishNanos;
    private long takeNanos;
    private long tag;
    private long writerGeneration;
    /** True from {@link #load} until {@link #close()}: the handle's own reference is still counted. */
    private boolean handleOpen;

    Frame(ChannelReader reader) {
        this.reader = reader;
    }

    /** True when this handle is not holding a frame and may be reused by its reader. */
    boolean isFree() {
        return (int) REFS.getVolatile(this) == 0;
    }

    /**
     * Fills the handle from slot {@code slot}'s descriptor after a validated hold. Every field read
     * from shared memory is checked; a corrupted descriptor raises {@link ChannelFormatException}.
     */
    void load(ControlRegion control, int slot, long sequence, long takeNanos) {
        ChannelLayout layout = control.layout();
        long len = control.descriptorLong(slot, S_LENGTH);
        FrameKind k = FrameKind.ofCode(control.descriptorInt(slot, S_KIND));
        int r = control.descriptorInt(slot, S_RANK);
        if (len < 0 || len > layout.slotSize() || k == null || r < 0 || r > MAX_DIMS) {
            throw new ChannelFormatException("corrupt channel: slot " + slot + " descriptor has length " + len
                    + ", kind " + control.descriptorInt(slot, S_KIND) + ", rank " + r + " (slot size "
                    + layout.slotSize() + ")");
        }
        for (int d = 0; d < r; d++) {
            shape[d] = control.shape(slot, d);
        }
        if (k == FrameKind.VIDEO) {
            checkVideo(slot, len, control.descriptorInt(slot, S_WIDTH), control.descriptorInt(slot, S_HEIGHT),
                    control.descriptorInt(slot, S_STRIDE), PixelFormat.ofCode(control.descriptorInt(slot, S_PIXEL_FORMAT)));
        } else if (k == FrameKind.TENSOR) {
            checkTensor(slot, len, DType.ofCode(control.descriptorInt(slot, S_DTYPE)), r);
        }
        for (int d = r; d < MAX_DIMS; d++) {
            shape[d] = 0;
        }
        this.slot = slot;
        this.sequence = sequence;
        this.length = len;
        this.kind = k;
        this.rank = r;
        this.pixelFormat = PixelFormat.ofCode(control.descriptorInt(slot, S_PIXEL_FORMAT));
        this.dtype = DType.ofCode(control.descriptorInt(slot, S_DTYPE));
        this.width = control.descriptorInt(slot, S_WIDTH);
        this.height = control.descriptorInt(slot, S_HEIGHT);
        this.stride = control.descriptorInt(slot, S_STRIDE);
        this.pts = control.descriptorLong(slot, S_PTS);
        this.captureNanos = control.descriptorLong(slot, S_CAPTURE_NANOS);
        this.publishNanos = control.descriptorLong(slot, S_PUBLISH_NANOS);
        this.tag = control.descriptorLong(slot, S_TAG);
        this.writerGeneration = control.descriptorLong(slot, S_GENERATION);
        this.takeNanos = takeNanos;
        this.handleOpen = true;
        REFS.setVolatile(this, 1);
    }

    /** Native code (sws_scale, encoders) trusts width, height and stride: they must fit the frame. */
    private static void checkVideo(int slot, long length, int width, int height, int stride, PixelFormat format) {
        boolean ok = format != null && width > 0 && height > 0 && stride > 0;
        if (ok && format.bytesPerPixel() > 0) {
            long row = (long) width * format.bytesPerPixel();
            ok = stride >= row && (long) stride * (height - 1) + row <= length;
        } else if (ok) {
            ok = format.frameBytes(width, height) <= length;
        }
        if (!ok) {
            throw new ChannelFormatException("corrupt channel: slot " + slot + " describes a " + width + "x" + height
                    + " " + format + " picture with stride " + stride + " that does not fit its " + length + " bytes");
        }
    }

    /** A tensor's element count times its element size must fit the frame. */
    private void checkTensor(int slot, long length, DType dtype, int rank) {
        long bytes = dtype == null ? -1 : dtype.size();
        for (int d = 0; d < rank && bytes >= 0; d++) {
            bytes = shape[d] < 0 || (shape[d] > 0 && bytes > Long.MAX_VALUE / shape[d]) ? -1 : bytes * shape[d];
        }
        if (bytes < 0 || bytes > length) {
            throw new ChannelFormatException("corrupt channel: slot " + slot + " describes a " + dtype + " tensor of shape "
                    + java.util.Arrays.toString(java.util.Arrays.copyOf(shape, rank)) + " that does not fit its "
                    + length + " bytes");
        }
    }

    private void checkOpen() {
        if ((int) REFS.getVolatile(this) <= 0) {
            throw new IllegalStateException("frame handle used after close()");
        }
    }

    /** The frame's bytes, read-only, {@link #length()} long, in the shared slot. */
    public MemorySegment segment() {
        checkOpen();
        return reader.slotView(slot, length);
    }

    /** The frame's bytes as a read-only direct {@link ByteBuffer} (position 0, limit {@link #length()}). */
    public ByteBuffer byteBuffer() {
        checkOpen();
        return reader.slotBuffer(slot, (int) length);
    }

    /**
     * A read-only Netty {@link ByteBuf} over the slot. It holds its own reference to this frame: the
     * slot stays held until both this handle is closed and the buffer is released to zero, whichever
     * comes last. Allocates a small wrapper object per call.
     */
    public ByteBuf byteBuf() {
        retain();
        return new io.framebus.views.FrameByteBuf(byteBuffer(), this::release);
    }

    void retain() {
        int current;
        do {
            current = (int) REFS.getVolatile(this);
            if (current <= 0) {
                throw new IllegalStateException("frame handle used after close()");
            }
        } while (!REFS.compareAndSet(this, current, current + 1));
    }

    void release() {
        int current;
        do {
            current = (int) REFS.getVolatile(this);
            if (current <= 0) {
                return;
            }
        } while (!REFS.compareAndSet(this, current, current == 1 ? RELEASING : current - 1));
        if (current == 1) {
            reader.release(slot); // while RELEASING the handle cannot be reused, so slot is still ours
            REFS.setVolatile(this, 0);
        }
    }

    /** Drops this handle's hold (the slot stays held while a {@link #byteBuf()} view is unreleased). Idempotent. */
    @Override
    public void close() {
        if (handleOpen) {
            handleOpen = false;
            release();
        }
    }

    /** The frame's sequence number: 1 for the first frame the channel ever published. */
    public long sequence() {
        checkOpen();
        return sequence;
    }

    /** Payload bytes in the slot. */
    public long length() {
        checkOpen();
        return length;
    }

    public FrameKind kind() {
        checkOpen();
        return kind;
    }

    /** Pixel format of a video frame; {@link PixelFormat#UNKNOWN} or null otherwise. */
    public PixelFormat pixelFormat() {
        checkOpen();
        return pixelFormat;
    }

    public int width() {
        checkOpen();
        return width;
    }

    public int height() {
        checkOpen();
        return height;
    }

    /** Bytes per row of a video frame (at least width x bytes per pixel). */
    public int stride() {
        checkOpen();
        return stride;
    }

    /** Element type of a tensor frame. */
    public DType dtype() {
        checkOpen();
        return dtype;
    }

    /** Number of tensor dimensions (0..8). */
    public int rank() {
        checkOpen();
        return rank;
    }

    /** Size of tensor dimension {@code d}. */
    public long dim(int d) {
        checkOpen();
        if (d < 0 || d >= rank) {
            throw new IndexOutOfBoundsException("dimension " + d + " of a rank-" + rank + " tensor");
        }
        return shape[d];
    }

    /** A new array with the tensor's shape. */
    public long[] shape() {
        checkOpen();
        return java.util.Arrays.copyOf(shape, rank);
    }

    /** Presentation timestamp in microseconds (see {@link FrameClaim#pts(long)}). */
    public long pts() {
        checkOpen();
        return pts;
    }

    /** When the writer captured the frame ({@link System#nanoTime()}, shared by all processes on the host). */
    public long captureNanos() {
        checkOpen();
        return captureNanos;
    }

    /** When the writer published the frame ({@link System#nanoTime()}). */
    public long publishNanos() {
        checkOpen();
        return publishNanos;
    }

    /** When this reader took the frame ({@link System#nanoTime()}). */
    public long takeNanos() {
        checkOpen();
        return takeNanos;
    }

    /** The writer's user tag. */
    public long tag() {
        checkOpen();
        return tag;
    }

    /** The generation of the writer that published the frame (bumped each time a writer takes over). */
    public long writerGeneration() {
        checkOpen();
        return writerGeneration;
    }

    /** The slot index, for diagnostics. */
    public int slot() {
        checkOpen();
        return slot;
    }

    @Override
    public String toString() {
        return slot < 0 ? "Frame[empty]" : "Frame[seq=" + sequence + ", slot=" + slot + ", " + length + " B, " + kind + "]";
    }
}
