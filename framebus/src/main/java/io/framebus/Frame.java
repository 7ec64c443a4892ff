package io.framebus;

import io.framebus.internal.FrameMetadata;
import io.framebus.layout.ChannelLayout;
import io.framebus.layout.SlotMetadata;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A frame held by a reader: its slot cannot be rewritten until the frame is released. Every view
 * points at the slot in shared memory; none copies, and every view is read-only.
 *
 * <pre>{@code
 * reader.take(frame -> process(frame.segment(), frame.width(), frame.height()), Duration.ofSeconds(1));
 * }</pre>
 *
 * <p>A frame is reference counted. The reader's own reference is dropped by {@link #close()} (a
 * {@link FrameHandler}'s frame is closed for it when the handler returns); {@link #retain()} adds a
 * reference that {@link #release()} drops, so a frame can outlive its handler or be shared with a
 * view such as {@link io.framebus.views.FrameByteBuf}. The hold ends when the last reference goes.
 *
 * <p>The metadata is copied out of shared memory once when the frame is taken, validated, and only
 * then exposed: a writer that changes a descriptor afterwards cannot change what this frame reports.
 * Handles are pooled per reader (one per allowed hold), so taking frames does not allocate. A handle
 * must not be used after its last reference is gone: its accessors then throw.
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
    private final SlotViews slotViews;
    private final SlotMetadata metadata = new SlotMetadata();
    @SuppressWarnings("unused") // accessed through REFS
    private volatile int refs;

    private int slot = -1;
    private long sequence;
    private FrameKind kind;
    private PixelFormat pixelFormat;
    private DType dtype;
    private long takeNanos;
    /** The decoded label of the frame loaded now, or null before {@link #label()} is first called. */
    private String label;
    /** True from {@link #load} until {@link #close()}: the handle's own reference is still counted. */
    private boolean handleOpen;

    Frame(ChannelReader reader, SlotViews slotViews) {
        this.reader = reader;
        this.slotViews = slotViews;
    }

    /** True when this handle is not holding a frame and may be reused by its reader. */
    boolean isFree() {
        return (int) REFS.getVolatile(this) == 0;
    }

    /**
     * Fills the handle from a private copy of slot {@code slot}'s descriptor, taken after a validated
     * hold. The copy is validated before anything is exposed.
     *
     * @throws ChannelFormatException when the descriptor is corrupt
     */
    void load(ChannelLayout layout, int slot, long sequence, long takeNanos) {
        slotViews.readMetadata(slot, metadata);
        FrameMetadata.check(metadata, slot, layout.slotSize());
        this.kind = FrameKind.ofCode(metadata.kindCode());
        this.pixelFormat = PixelFormat.ofCode(metadata.pixelFormatCode());
        this.dtype = DType.ofCode(metadata.dtypeCode());
        this.slot = slot;
        this.sequence = sequence;
        this.takeNanos = takeNanos;
        this.label = null;
        this.handleOpen = true;
        REFS.setVolatile(this, 1);
    }

    private void checkOpen() {
        if ((int) REFS.getVolatile(this) <= 0) {
            throw new IllegalStateException("frame handle used after its last reference was released");
        }
    }

    /**
     * A zero-copy view of the payload in the shared slot. Valid only while the frame is held.
     *
     * @return the frame's bytes, read-only, {@link #length()} long, in the shared slot
     */
    public MemorySegment segment() {
        checkOpen();
        return slotViews.segment(slot, metadata.length());
    }

    /**
     * A zero-copy {@link ByteBuffer} over the payload, for APIs that take one. Valid only while the frame is held.
     *
     * @return the frame's bytes as a read-only direct {@link ByteBuffer} (position 0, limit {@link #length()})
     */
    public ByteBuffer byteBuffer() {
        checkOpen();
        return slotViews.buffer(slot, (int) metadata.length());
    }

    /**
     * Adds a reference: the slot stays held until {@link #release()} drops it (and the reader's own
     * reference is closed). Use it to keep a frame past its {@link FrameHandler} call.
     *
     * @return this frame
     * @throws IllegalStateException when the frame was already released
     */
    public Frame retain() {
        int current;
        do {
            current = (int) REFS.getVolatile(this);
            if (current <= 0) {
                throw new IllegalStateException("frame handle used after its last reference was released");
            }
        } while (!REFS.compareAndSet(this, current, current + 1));
        return this;
    }

    /**
     * Drops one reference taken with {@link #retain()}; the last reference gives the slot back to the
     * writer. Safe from any thread; a surplus call does nothing.
     */
    public void release() {
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

    /**
     * Drops the reader's own reference (the slot stays held while {@link #retain()}ed references remain).
     * Idempotent.
     */
    @Override
    public void close() {
        if (handleOpen) {
            handleOpen = false;
            release();
        }
    }

    /**
     * The position of this frame in the channel's publish order.
     *
     * @return the frame's sequence number: 1 for the first frame the channel ever published
     */
    public long sequence() {
        checkOpen();
        return sequence;
    }

    /**
     * The payload length the writer set; the whole slot if it set none.
     *
     * @return payload bytes in the slot
     */
    public long length() {
        checkOpen();
        return metadata.length();
    }

    /**
     * The kind the writer declared for this frame; it says which of the metadata accessors apply.
     *
     * @return what the bytes are
     */
    public FrameKind kind() {
        checkOpen();
        return kind;
    }

    /**
     * The pixel layout of a {@link FrameKind#VIDEO} frame.
     *
     * @return the pixel format of a video frame; {@link PixelFormat#UNKNOWN} (or null) otherwise
     */
    public PixelFormat pixelFormat() {
        checkOpen();
        return pixelFormat;
    }

    /**
     * The picture width of a {@link FrameKind#VIDEO} frame.
     *
     * @return the width in pixels of a video frame
     */
    public int width() {
        checkOpen();
        return metadata.width();
    }

    /**
     * The picture height of a {@link FrameKind#VIDEO} frame.
     *
     * @return the height in pixels of a video frame
     */
    public int height() {
        checkOpen();
        return metadata.height();
    }

    /**
     * The row pitch of a {@link FrameKind#VIDEO} frame.
     *
     * @return bytes per row of a video frame's first plane (at least width times bytes per pixel)
     */
    public int stride() {
        checkOpen();
        return metadata.stride();
    }

    /**
     * The element type of a {@link FrameKind#TENSOR} frame.
     *
     * @return the element type of a tensor frame ({@link DType#UNKNOWN} or null otherwise)
     */
    public DType dtype() {
        checkOpen();
        return dtype;
    }

    /**
     * The rank of a {@link FrameKind#TENSOR} frame.
     *
     * @return the number of tensor dimensions (0..8)
     */
    public int rank() {
        checkOpen();
        return metadata.rank();
    }

    /**
     * One dimension of a {@link FrameKind#TENSOR} frame's shape.
     *
     * @param d a dimension, 0 to {@link #rank()} - 1
     * @return the size of tensor dimension {@code d}
     * @throws IndexOutOfBoundsException when {@code d} is outside the rank
     */
    public long dim(int d) {
        checkOpen();
        if (d < 0 || d >= metadata.rank()) {
            throw new IndexOutOfBoundsException("dimension " + d + " of a rank-" + metadata.rank() + " tensor");
        }
        return metadata.dim(d);
    }

    /**
     * The shape of a {@link FrameKind#TENSOR} frame, copied into a new array (this allocates; use {@link #rank()} and
     * {@link #dim(int)} on the hot path).
     *
     * @return a new array with the tensor's shape
     */
    public long[] shape() {
        checkOpen();
        long[] shape = new long[metadata.rank()];
        Arrays.setAll(shape, metadata::dim);
        return shape;
    }

    /**
     * The presentation timestamp the writer set.
     *
     * @return the presentation timestamp in microseconds (see {@link FrameClaim#pts(long)})
     */
    public long pts() {
        checkOpen();
        return metadata.pts();
    }

    /**
     * The capture time the writer recorded; the publish time if it recorded none.
     *
     * @return when the writer captured the frame ({@link System#nanoTime()}, shared by all processes on the host)
     */
    public long captureNanos() {
        checkOpen();
        return metadata.captureNanos();
    }

    /**
     * The time the writer published the frame; {@link #takeNanos()} minus this is the frame's queueing latency.
     *
     * @return when the writer published the frame ({@link System#nanoTime()})
     */
    public long publishNanos() {
        checkOpen();
        return metadata.publishNanos();
    }

    /**
     * The time this reader took the frame.
     *
     * @return when this reader took the frame ({@link System#nanoTime()})
     */
    public long takeNanos() {
        checkOpen();
        return takeNanos;
    }

    /**
     * A 64-bit value the writer attached to the frame; framebus does not interpret it.
     *
     * @return the writer's user tag
     */
    public long tag() {
        checkOpen();
        return metadata.tag();
    }

    /**
     * The sequence of the frame this one was made from, as its writer said with
     * {@link FrameClaim#origin(long)}: a tensor built from video frame 42 of another channel has origin 42.
     *
     * @return the origin sequence, 0 when the writer set none
     */
    public long origin() {
        checkOpen();
        return metadata.origin();
    }

    /**
     * The sequence this frame had in the channel a network bridge received it from, as the bridge said with
     * {@link FrameClaim#upstreamSequence(long)}: frame 42 of a camera's channel on another host is
     * upstream sequence 42 here, whatever its own {@link #sequence()}.
     *
     * @return the upstream sequence, 0 for a frame published on this host
     */
    public long upstreamSequence() {
        checkOpen();
        return metadata.upstreamSequence();
    }

    /**
     * The label the writer gave the frame with {@link FrameClaim#label(String)}, such as the name of the
     * model output a tensor holds. Decodes the label on the first call per frame (one string).
     *
     * @return the label, empty when the writer set none
     */
    public String label() {
        checkOpen();
        String text = label;
        if (text == null) {
            text = metadata.label();
            label = text;
        }
        return text;
    }

    /**
     * The generation of the writer that published this frame; it changes when a new writer takes the channel over.
     *
     * @return the generation of the writer that published the frame (one more for each takeover)
     */
    public long writerGeneration() {
        checkOpen();
        return metadata.writerGeneration();
    }

    /**
     * The index of the ring slot that holds this frame.
     *
     * @return the slot index, for diagnostics
     */
    public int slot() {
        checkOpen();
        return slot;
    }

    @Override
    public String toString() {
        return slot < 0 ? "Frame[empty]" : "Frame[seq=" + sequence + ", slot=" + slot + ", " + metadata.length()
                + " B, " + kind + "]";
    }
}
