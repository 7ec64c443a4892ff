package io.framebus;

import io.framebus.layout.ControlRegion;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

import static io.framebus.layout.ChannelLayout.*;

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
    private final ControlRegion control;
    private final MemorySegment[] slotSegments;
    private final ByteBuffer[] slotBuffers;
    private int slot = -1;
    private long length;

    FrameClaim(ChannelWriter writer, ControlRegion control, MemorySegment[] slotSegments) {
        this.writer = writer;
        this.control = control;
        this.slotSegments = slotSegments;
        this.slotBuffers = new ByteBuffer[slotSegments.length];
    }

    void open(int slot) {
        this.slot = slot;
        this.length = -1;
        control.clearDescriptor(slot);
    }

    void closeClaim() {
        this.slot = -1;
    }

    private void checkOpen() {
        if (slot < 0) {
            throw new IllegalStateException("this claim was already published or aborted");
        }
    }

    /** The whole slot, read-write ({@link #capacity()} bytes). Write the frame here. */
    public MemorySegment segment() {
        checkOpen();
        return slotSegments[slot];
    }

    /** The slot as a read-write direct {@link ByteBuffer}, position 0, limit {@link #capacity()}. */
    public ByteBuffer byteBuffer() {
        checkOpen();
        ByteBuffer b = slotBuffers[slot];
        if (b == null) {
            b = slotSegments[slot].asByteBuffer();
            slotBuffers[slot] = b;
        }
        return b.clear();
    }

    /** The slot's native address, for native code (FFmpeg, ONNX Runtime) that writes into it directly. */
    public long address() {
        checkOpen();
        return slotSegments[slot].address();
    }

    /** Bytes the slot can hold. */
    public long capacity() {
        return slotSegments[0].byteSize();
    }

    public int slot() {
        checkOpen();
        return slot;
    }

    /** The sequence this frame will have when published. */
    public long sequence() {
        checkOpen();
        return writer.nextSequence();
    }

    /**
     * Sets the payload length (default: the whole slot).
     *
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

    /** Describes a video frame; also sets the length to {@code stride * height} unless already set. */
    public FrameClaim video(int width, int height, int stride, PixelFormat format) {
        checkOpen();
        if (width <= 0 || height <= 0 || stride <= 0) {
            throw new IllegalArgumentException("video frame needs positive width, height and stride; got "
                    + width + "x" + height + " stride " + stride);
        }
        long bytes = format.bytesPerPixel() > 0 ? (long) stride * height : format.frameBytes(width, height);
        if (length < 0) {
            length(bytes);
        }
        control.setDescriptorInt(slot, S_KIND, FrameKind.VIDEO.ordinal());
        control.setDescriptorInt(slot, S_WIDTH, width);
        control.setDescriptorInt(slot, S_HEIGHT, height);
        control.setDescriptorInt(slot, S_STRIDE, stride);
        control.setDescriptorInt(slot, S_PIXEL_FORMAT, format.code());
        return this;
    }

    /**
     * Describes a tensor of {@code dtype} and {@code shape} (up to 8 dimensions); also sets the length
     * to the element count times the element size unless already set.
     *
     * @throws FrameTooLargeException when the shape has more than 8 dimensions or does not fit the slot
     */
    public FrameClaim tensor(DType dtype, long... shape) {
        checkOpen();
        if (shape.length > MAX_DIMS) {
            throw new FrameTooLargeException("tensor shape has " + shape.length + " dimensions; framebus stores at most "
                    + MAX_DIMS);
        }
        long elements = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative tensor dimension " + d);
            }
            elements = Math.multiplyExact(elements, d);
        }
        if (length < 0) {
            length(Math.multiplyExact(elements, (long) dtype.size()));
        }
        control.setDescriptorInt(slot, S_KIND, FrameKind.TENSOR.ordinal());
        control.setDescriptorInt(slot, S_DTYPE, dtype.code());
        control.setDescriptorInt(slot, S_RANK, shape.length);
        for (int d = 0; d < shape.length; d++) {
            control.setShape(slot, d, shape[d]);
        }
        return this;
    }

    /**
     * Writes a {@link io.framebus.payload.Detections} payload about video frame {@code frameSequence}
     * into the slot, marks the frame as {@link FrameKind#DETECTIONS} and sets its length.
     */
    public FrameClaim detections(long frameSequence, int width, int height, int producer, long analysisNanos,
                                 java.util.List<io.framebus.payload.Detections.Detection> detections) {
        checkOpen();
        long bytes = io.framebus.payload.Detections.write(segment(), frameSequence, width, height, producer,
                analysisNanos, detections);
        length(bytes);
        control.setDescriptorInt(slot, S_KIND, FrameKind.DETECTIONS.ordinal());
        return this;
    }

    /**
     * Presentation timestamp in microseconds (framebus's convention, whatever the source's time base:
     * capture converts, so every stage can compare pts across streams).
     */
    public FrameClaim pts(long pts) {
        checkOpen();
        control.setDescriptorLong(slot, S_PTS, pts);
        return this;
    }

    /** Capture time as {@link System#nanoTime()} (defaults to the publish time). */
    public FrameClaim captureNanos(long nanos) {
        checkOpen();
        control.setDescriptorLong(slot, S_CAPTURE_NANOS, nanos);
        return this;
    }

    /** A free 64-bit value for the application (a camera id, a frame flag...). */
    public FrameClaim tag(long tag) {
        checkOpen();
        control.setDescriptorLong(slot, S_TAG, tag);
        return this;
    }

    /** Publishes the frame to every reader. Allocation-free; no syscall unless a reader sleeps. */
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
