package io.framebus.layout;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * The slot table: one {@value #DESCRIPTOR_SIZE}-byte descriptor per slot, at
 * {@link ChannelLayout#slotDescriptor(int)}. The writer fills a descriptor while the slot is claimed,
 * then publishes the slot's sequence; readers copy the metadata once, after validating their hold
 * ({@link #readMetadata(int, SlotMetadata)}).
 *
 * <pre>
 *  offset  width  field
 *  0       8 s64  sequence of the frame in the slot, its generation (volatile);
 *                 0 = empty, -1 = claimed by the writer and being written
 *  8       8 s64  payload length in bytes
 *  16      4 s32  kind code (FrameKind: 0 raw, 1 video, 2 tensor, 3 detections)
 *  20      4 s32  pixel format code (PixelFormat)
 *  24      4 s32  width in pixels
 *  28      4 s32  height in pixels
 *  32      4 s32  stride: bytes per row of the first plane
 *  36      4 s32  dtype code (DType)
 *  40      4 s32  rank: tensor dimensions, 0..8
 *  44      4 s32  flags (reserved, 0)
 *  48      8 s64  pts, microseconds
 *  56      8 s64  capture time, System.nanoTime (CLOCK_MONOTONIC)
 *  64      8 s64  publish time, System.nanoTime (CLOCK_MONOTONIC)
 *  72      8 s64  user tag
 *  80      8 s64  generation of the writer that published the frame
 *  88      64     shape[8], s64 each
 *  152     8 s64  origin: the sequence of the frame (in another channel) this one was made from; 0 = none
 *  160     48     label: UTF-8 text up to the first zero byte, at most 47 bytes (e.g. a model output's name)
 *  208     8 s64  upstream: the frame's sequence in the channel a network bridge received it from (on
 *                 another host), so that readers here can match it with the source's numbering; 0 = published
 *                 here. (Reserved and zero in earlier builds of layout 3, which read it as "none".)
 *  216     40     reserved, zero
 * </pre>
 *
 * <p>A slot's sequence can go back (P, then -1 while a reservation is tried, then P again when a
 * reader got there first). Stateless: any thread may use it.
 */
public final class SlotDescriptorFlyweight {
    /** Bytes per slot descriptor. */
    public static final int DESCRIPTOR_SIZE = 256;
    /** Dimensions a tensor shape can have. */
    public static final int MAX_DIMS = 8;

    static final int SEQUENCE = 0;
    static final int LENGTH = 8;
    static final int KIND = 16;
    static final int PIXEL_FORMAT = 20;
    static final int WIDTH = 24;
    static final int HEIGHT = 28;
    static final int STRIDE = 32;
    static final int DTYPE = 36;
    static final int RANK = 40;
    static final int PTS = 48;
    static final int CAPTURE_NANOS = 56;
    static final int PUBLISH_NANOS = 64;
    static final int TAG = 72;
    static final int GENERATION = 80;
    static final int SHAPE = 88;
    static final int ORIGIN = 152;
    static final int LABEL = 160;
    static final int UPSTREAM = 208;
    /** Bytes of the label field, terminator included: at most {@value} - 1 bytes of text. */
    public static final int LABEL_BYTES = 48;

    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private final MemorySegment segment;
    private final ChannelLayout layout;

    /**
     * @param segment the control region
     * @param layout  its validated geometry
     */
    public SlotDescriptorFlyweight(MemorySegment segment, ChannelLayout layout) {
        this.segment = segment;
        this.layout = layout;
    }

    /**
     * @param slot a slot index within the geometry
     * @return the sequence of the frame in the slot (volatile load)
     */
    public long sequence(int slot) {
        return (long) LONG.getVolatile(segment, layout.slotDescriptor(slot) + SEQUENCE);
    }

    /**
     * @param slot     a slot index within the geometry
     * @param sequence {@link ChannelLayout#SLOT_CLAIMED}, {@link ChannelLayout#SLOT_EMPTY} or a frame's sequence
     */
    public void setSequence(int slot, long sequence) {
        LONG.setVolatile(segment, layout.slotDescriptor(slot) + SEQUENCE, sequence);
    }

    /**
     * Zeroes everything but the sequence before the writer fills the descriptor in. Allocation-free.
     *
     * @param slot a slot index within the geometry
     */
    public void clearMetadata(int slot) {
        long base = layout.slotDescriptor(slot);
        for (long offset = LENGTH; offset < DESCRIPTOR_SIZE; offset += 8) {
            segment.set(ValueLayout.JAVA_LONG, base + offset, 0L);
        }
    }

    /**
     * Copies the metadata of {@code slot} into {@code into}: every field is read exactly once, so what a
     * reader validates afterwards is what it uses, whatever another process writes meanwhile.
     *
     * @param slot a slot index within the geometry
     * @param into the reader's private copy
     */
    public void readMetadata(int slot, SlotMetadata into) {
        long base = layout.slotDescriptor(slot);
        into.length = segment.get(ValueLayout.JAVA_LONG, base + LENGTH);
        into.kindCode = segment.get(ValueLayout.JAVA_INT, base + KIND);
        into.pixelFormatCode = segment.get(ValueLayout.JAVA_INT, base + PIXEL_FORMAT);
        into.width = segment.get(ValueLayout.JAVA_INT, base + WIDTH);
        into.height = segment.get(ValueLayout.JAVA_INT, base + HEIGHT);
        into.stride = segment.get(ValueLayout.JAVA_INT, base + STRIDE);
        into.dtypeCode = segment.get(ValueLayout.JAVA_INT, base + DTYPE);
        into.rank = segment.get(ValueLayout.JAVA_INT, base + RANK);
        into.pts = segment.get(ValueLayout.JAVA_LONG, base + PTS);
        into.captureNanos = segment.get(ValueLayout.JAVA_LONG, base + CAPTURE_NANOS);
        into.publishNanos = segment.get(ValueLayout.JAVA_LONG, base + PUBLISH_NANOS);
        into.tag = segment.get(ValueLayout.JAVA_LONG, base + TAG);
        into.writerGeneration = segment.get(ValueLayout.JAVA_LONG, base + GENERATION);
        for (int d = 0; d < MAX_DIMS; d++) {
            into.shape[d] = segment.get(ValueLayout.JAVA_LONG, base + SHAPE + 8L * d);
        }
        into.origin = segment.get(ValueLayout.JAVA_LONG, base + ORIGIN);
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, base + LABEL, into.label, 0, LABEL_BYTES);
        into.upstreamSequence = segment.get(ValueLayout.JAVA_LONG, base + UPSTREAM);
    }

    /**
     * @param slot a slot index within the geometry
     * @return the capture time the writer set, 0 if none (writer only)
     */
    public long captureNanos(int slot) {
        return segment.get(ValueLayout.JAVA_LONG, layout.slotDescriptor(slot) + CAPTURE_NANOS);
    }

    /**
     * Describes a video picture.
     *
     * @param slot            a slot index within the geometry
     * @param kindCode        the kind
     * @param width           pixels per row
     * @param height          rows
     * @param stride          bytes per row of the first plane
     * @param pixelFormatCode the pixel format
     */
    public void setVideo(int slot, int kindCode, int width, int height, int stride, int pixelFormatCode) {
        long base = layout.slotDescriptor(slot);
        segment.set(ValueLayout.JAVA_INT, base + KIND, kindCode);
        segment.set(ValueLayout.JAVA_INT, base + WIDTH, width);
        segment.set(ValueLayout.JAVA_INT, base + HEIGHT, height);
        segment.set(ValueLayout.JAVA_INT, base + STRIDE, stride);
        segment.set(ValueLayout.JAVA_INT, base + PIXEL_FORMAT, pixelFormatCode);
    }

    /**
     * Describes a tensor.
     *
     * @param slot      a slot index within the geometry
     * @param kindCode  the kind
     * @param dtypeCode the element type
     * @param shape     the dimensions, at most {@value #MAX_DIMS}
     */
    public void setTensor(int slot, int kindCode, int dtypeCode, long[] shape) {
        long base = layout.slotDescriptor(slot);
        segment.set(ValueLayout.JAVA_INT, base + KIND, kindCode);
        segment.set(ValueLayout.JAVA_INT, base + DTYPE, dtypeCode);
        segment.set(ValueLayout.JAVA_INT, base + RANK, shape.length);
        for (int d = 0; d < shape.length; d++) {
            segment.set(ValueLayout.JAVA_LONG, base + SHAPE + 8L * d, shape[d]);
        }
    }

    /**
     * @param slot     a slot index within the geometry
     * @param kindCode the kind of the payload
     */
    public void setKind(int slot, int kindCode) {
        segment.set(ValueLayout.JAVA_INT, layout.slotDescriptor(slot) + KIND, kindCode);
    }

    /**
     * @param slot a slot index within the geometry
     * @param pts  presentation time, microseconds
     */
    public void setPts(int slot, long pts) {
        segment.set(ValueLayout.JAVA_LONG, layout.slotDescriptor(slot) + PTS, pts);
    }

    /**
     * @param slot  a slot index within the geometry
     * @param nanos capture time ({@link System#nanoTime()})
     */
    public void setCaptureNanos(int slot, long nanos) {
        segment.set(ValueLayout.JAVA_LONG, layout.slotDescriptor(slot) + CAPTURE_NANOS, nanos);
    }

    /**
     * @param slot   a slot index within the geometry
     * @param origin the sequence of the frame this one was made from, 0 for none
     */
    public void setOrigin(int slot, long origin) {
        segment.set(ValueLayout.JAVA_LONG, layout.slotDescriptor(slot) + ORIGIN, origin);
    }

    /**
     * @param slot     a slot index within the geometry
     * @param sequence the frame's sequence in the channel a bridge received it from, 0 for none
     */
    public void setUpstreamSequence(int slot, long sequence) {
        segment.set(ValueLayout.JAVA_LONG, layout.slotDescriptor(slot) + UPSTREAM, sequence);
    }

    /**
     * Stores a label: {@code length} bytes of UTF-8, then zeros up to the field's end.
     *
     * @param slot   a slot index within the geometry
     * @param utf8   the label's bytes
     * @param length how many of them, at most {@value #LABEL_BYTES} - 1
     */
    public void setLabel(int slot, byte[] utf8, int length) {
        long base = layout.slotDescriptor(slot) + LABEL;
        MemorySegment.copy(utf8, 0, segment, ValueLayout.JAVA_BYTE, base, length);
        for (int i = length; i < LABEL_BYTES; i++) {
            segment.set(ValueLayout.JAVA_BYTE, base + i, (byte) 0); // no slice: this runs on the publish path
        }
    }

    /**
     * @param slot a slot index within the geometry
     * @param tag  the application's value
     */
    public void setTag(int slot, long tag) {
        segment.set(ValueLayout.JAVA_LONG, layout.slotDescriptor(slot) + TAG, tag);
    }

    /**
     * Writes the fields the writer sets last, just before publishing the sequence.
     *
     * @param slot         a slot index within the geometry
     * @param length       payload bytes
     * @param publishNanos publish time ({@link System#nanoTime()})
     * @param generation   the writer's generation
     */
    public void setPublication(int slot, long length, long publishNanos, long generation) {
        long base = layout.slotDescriptor(slot);
        segment.set(ValueLayout.JAVA_LONG, base + LENGTH, length);
        segment.set(ValueLayout.JAVA_LONG, base + PUBLISH_NANOS, publishNanos);
        segment.set(ValueLayout.JAVA_LONG, base + GENERATION, generation);
    }
}
