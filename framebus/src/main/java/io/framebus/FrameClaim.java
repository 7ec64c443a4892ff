package io.framebus;

import io.framebus.layout.ChannelLayout;
import io.framebus.layout.SlotDescriptorFlyweight;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A slot claimed by the writer: write the frame into {@link #segment()} (or {@link #byteBuffer()}),
 * describe it, then {@link #publish()} or {@link #abort()}.
 *
 * <pre>{@code
 * FrameClaim claim = writer.claim(Duration.ofSeconds(1));
 * if (claim != null) {
 *     decoder.decodeInto(claim.segment());
 *     claim.video(1920, 1080, 1920 * 3, PixelFormat.BGR24).pts(pts).publish();
 * }
 * }</pre>
 *
 * <p>Metadata setters write straight into the slot's descriptor in shared memory. The writer owns
 * one claim object and reuses it, so claiming does not allocate; do not keep it after publish.
 */
public final class FrameClaim {
    private final ChannelWriter writer;
    private final SlotDescriptorFlyweight descriptors;
    private final MemorySegment[] slotSegments;
    private final ByteBuffer[] slotBuffers;
    private int slot = -1;
    private long length;
    /** The last label set and its encoding, so that setting the same string again does not allocate. */
    private String lastLabel;
    private byte[] lastLabelBytes;

    FrameClaim(ChannelWriter writer, SlotDescriptorFlyweight descriptors, MemorySegment[] slotSegments) {
        this.writer = writer;
        this.descriptors = descriptors;
        this.slotSegments = slotSegments;
        this.slotBuffers = new ByteBuffer[slotSegments.length];
    }

    void open(int slot) {
        this.slot = slot;
        this.length = -1;
        try {
            descriptors.clearMetadata(slot);
        } catch (InternalError e) {
            writer.abort(this, slot);
            throw writer.fault(e);
        }
    }

    void closeClaim() {
        this.slot = -1;
    }

    private void checkOpen() {
        if (slot < 0) {
            throw new IllegalStateException("this claim was already published or aborted");
        }
    }

    /**
     * The claimed slot in shared memory, to write the frame into. Valid until publish or abort.
     *
     * @return the whole slot, read-write ({@link #capacity()} bytes): write the frame here
     */
    public MemorySegment segment() {
        checkOpen();
        return slotSegments[slot];
    }

    /**
     * The claimed slot as a {@link ByteBuffer}, for APIs that write into one. The buffer is cached per slot and cleared
     * on each call. Valid until publish or abort.
     *
     * @return the slot as a read-write direct {@link ByteBuffer}, position 0, limit {@link #capacity()}
     */
    public ByteBuffer byteBuffer() {
        checkOpen();
        ByteBuffer b = slotBuffers[slot];
        if (b == null) {
            b = slotSegments[slot].asByteBuffer();
            slotBuffers[slot] = b;
        }
        return b.clear();
    }

    /**
     * The address of the claimed slot. Valid until publish or abort.
     *
     * @return the slot's native address, for native code (FFmpeg, ONNX Runtime) that writes into it directly
     */
    public long address() {
        checkOpen();
        return slotSegments[slot].address();
    }

    /**
     * The slot size of the channel, the largest payload a frame can have. Unlike the other accessors it works on a
     * claim that is not open.
     *
     * @return bytes the slot can hold
     */
    public long capacity() {
        return slotSegments[0].byteSize();
    }

    /**
     * The index of the claimed ring slot, for diagnostics.
     *
     * @return the slot's index
     */
    public int slot() {
        checkOpen();
        return slot;
    }

    /**
     * The sequence number readers will see for this frame if it is published.
     *
     * @return the sequence this frame will have when published
     */
    public long sequence() {
        checkOpen();
        return writer.nextSequence();
    }

    /**
     * Sets the payload length (default: the whole slot).
     *
     * @param bytes payload bytes, 0 to {@link #capacity()}
     * @return this claim
     * @throws FrameTooLargeException when {@code bytes} exceeds the slot
     */
    public FrameClaim length(long bytes) {
        checkOpen();
        if (bytes < 0 || bytes > capacity()) {
            throw new FrameTooLargeException("frame of " + bytes + " bytes does not fit a slot of " + capacity()
                    + " bytes; create the channel with a larger slot size");
        }
        this.length = bytes;
        return this;
    }

    /**
     * Describes a video frame; also sets the length to the picture's size unless already set: {@code
     * stride * height} for packed formats, {@link PixelFormat#frameBytes(int, int) frameBytes(stride,
     * height)} for planar ones.
     *
     * @param width  pixels per row
     * @param height rows
     * @param stride bytes per row of the first plane, at least {@code width * bytesPerPixel}
     * @param format the pixel format
     * @return this claim
     * @throws IllegalArgumentException when the geometry is impossible
     * @throws FrameTooLargeException   when the picture does not fit the slot
     */
    public FrameClaim video(int width, int height, int stride, PixelFormat format) {
        checkOpen();
        long row = format.bytesPerPixel() > 0 ? (long) width * format.bytesPerPixel() : width;
        if (width <= 0 || height <= 0 || stride < row) {
            throw new IllegalArgumentException("video frame needs positive width and height and a stride of at least "
                    + row + " bytes; got " + width + "x" + height + " " + format + " with stride " + stride);
        }
        long bytes = format.bytesPerPixel() > 0 ? (long) stride * height : format.frameBytes(stride, height);
        if (length < 0) {
            length(bytes);
        } else if (length < bytes) {
            throw new IllegalArgumentException("a " + width + "x" + height + " " + format + " picture with stride "
                    + stride + " needs " + bytes + " bytes, but the length was set to " + length);
        }
        try {
            descriptors.setVideo(slot, FrameKind.VIDEO.code(), width, height, stride, format.code());
        } catch (InternalError e) {
            throw writer.fault(e);
        }
        return this;
    }

    /**
     * Describes a tensor of {@code dtype} and {@code shape} (up to 8 dimensions); also sets the length
     * to the element count times the element size unless already set.
     *
     * @param dtype the element type
     * @param shape the dimensions, none negative
     * @return this claim
     * @throws FrameTooLargeException when the shape has more than 8 dimensions or does not fit the slot
     */
    public FrameClaim tensor(DType dtype, long... shape) {
        checkOpen();
        if (shape.length > ChannelLayout.MAX_DIMS) {
            throw new FrameTooLargeException("tensor shape has " + shape.length
                    + " dimensions; framebus stores at most " + ChannelLayout.MAX_DIMS);
        }
        long elements = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative tensor dimension " + d);
            }
            try {
                elements = Math.multiplyExact(elements, d);
            } catch (ArithmeticException e) {
                throw new FrameTooLargeException("tensor shape " + java.util.Arrays.toString(shape)
                        + " has more elements than a long can count");
            }
        }
        long bytes = elements > Long.MAX_VALUE / Math.max(1, dtype.size()) ? Long.MAX_VALUE : elements * dtype.size();
        if (length < 0) {
            length(bytes);
        } else if (length < bytes) {
            throw new FrameTooLargeException("a " + dtype + " tensor of shape " + java.util.Arrays.toString(shape)
                    + " needs " + bytes + " bytes, but the length was set to " + length);
        }
        try {
            descriptors.setTensor(slot, FrameKind.TENSOR.code(), dtype.code(), shape);
        } catch (InternalError e) {
            throw writer.fault(e);
        }
        return this;
    }

    /**
     * Marks the payload as {@code kind}: for kinds with no metadata of their own ({@link FrameKind#RAW},
     * {@link FrameKind#DETECTIONS}). Use {@link #video} and {@link #tensor} for pictures and tensors.
     *
     * @param kind what the bytes are
     * @return this claim
     */
    public FrameClaim kind(FrameKind kind) {
        checkOpen();
        try {
            descriptors.setKind(slot, kind.code());
        } catch (InternalError e) {
            throw writer.fault(e);
        }
        return this;
    }

    /**
     * Sets the presentation timestamp in microseconds (framebus's convention, whatever the source's time
     * base: capture converts, so every stage can compare pts across streams).
     *
     * @param pts microseconds
     * @return this claim
     */
    public FrameClaim pts(long pts) {
        checkOpen();
        try {
            descriptors.setPts(slot, pts);
        } catch (InternalError e) {
            throw writer.fault(e);
        }
        return this;
    }

    /**
     * Sets the capture time (defaults to the publish time).
     *
     * @param nanos {@link System#nanoTime()} when the frame was captured
     * @return this claim
     */
    public FrameClaim captureNanos(long nanos) {
        checkOpen();
        try {
            descriptors.setCaptureNanos(slot, nanos);
        } catch (InternalError e) {
            throw writer.fault(e);
        }
        return this;
    }

    /**
     * Says which frame this one was made from: the sequence of a video frame that a tensor was built
     * from, or of the tensor that an output came from. Readers see it as {@link Frame#origin()}.
     *
     * @param sequence the source frame's sequence (in its own channel), 0 for none
     * @return this claim
     */
    public FrameClaim origin(long sequence) {
        checkOpen();
        try {
            descriptors.setOrigin(slot, sequence);
        } catch (InternalError e) {
            throw writer.fault(e);
        }
        return this;
    }

    /**
     * Says which frame of another host's channel this one is: a network bridge that writes received frames
     * sets the sequence the frame had at its source. Readers see it as {@link Frame#upstreamSequence()}.
     *
     * @param sequence the frame's sequence in its source channel, at least 1; 0 for none
     * @return this claim
     * @throws IllegalArgumentException when {@code sequence} is negative
     */
    public FrameClaim upstreamSequence(long sequence) {
        checkOpen();
        if (sequence < 0) {
            throw new IllegalArgumentException("upstream sequence must be >= 0, got " + sequence);
        }
        try {
            descriptors.setUpstreamSequence(slot, sequence);
        } catch (InternalError e) {
            throw writer.fault(e);
        }
        return this;
    }

    /**
     * Labels the frame, for example with the name of the model output a tensor holds. Readers see it as
     * {@link Frame#label()}. Setting the same string instance again does not allocate.
     *
     * @param text at most 47 bytes of UTF-8
     * @return this claim
     * @throws IllegalArgumentException when the text is longer than 47 bytes in UTF-8
     */
    public FrameClaim label(String text) {
        checkOpen();
        if (text != lastLabel) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            if (bytes.length > SlotDescriptorFlyweight.LABEL_BYTES - 1) {
                throw new IllegalArgumentException("a frame label holds at most "
                        + (SlotDescriptorFlyweight.LABEL_BYTES - 1) + " bytes of UTF-8; '" + text + "' has "
                        + bytes.length);
            }
            lastLabelBytes = bytes;
            lastLabel = text;
        }
        try {
            descriptors.setLabel(slot, lastLabelBytes, lastLabelBytes.length);
        } catch (InternalError e) {
            throw writer.fault(e);
        }
        return this;
    }

    /**
     * Sets a free 64-bit value for the application (a camera id, a frame flag...).
     *
     * @param tag the value
     * @return this claim
     */
    public FrameClaim tag(long tag) {
        checkOpen();
        try {
            descriptors.setTag(slot, tag);
        } catch (InternalError e) {
            throw writer.fault(e);
        }
        return this;
    }

    /**
     * Publishes the frame to every reader. Allocation-free; no syscall unless a reader sleeps.
     *
     * @return the frame's sequence
     */
    public long publish() {
        checkOpen();
        return writer.publish(this, slot, length < 0 ? capacity() : length);
    }

    /** Gives the slot back unpublished. */
    public void abort() {
        checkOpen();
        writer.abort(this, slot);
    }
}
