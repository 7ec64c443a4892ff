package io.framebus.bridge;

import io.framebus.DType;
import io.framebus.Frame;
import io.framebus.FrameClaim;
import io.framebus.FrameKind;
import io.framebus.PixelFormat;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The header of a CHUNK message: which frame the chunk belongs to, where its bytes go, and the frame's whole
 * metadata (in every chunk, so that any chunk describes its frame and a receiver never keeps a copy of it).
 *
 * <pre>
 *  0    16     prefix, type 2 (see Wire)
 *  16   8 s64  the frame's sequence at its source: its upstream sequence if it has one, else its sequence
 *  24   8 s64  frame length in bytes
 *  32   8 s64  offset of this chunk in the frame
 *  40   4 s32  bytes of this chunk, which follow the header
 *  44   4 s32  kind code (FrameKind)
 *  48   4 s32  pixel format code (PixelFormat)
 *  52   4 s32  width       56  4 s32  height      60  4 s32  stride
 *  64   4 s32  dtype code (DType)                 68  4 s32  rank, 0..8
 *  72   64     shape[8], s64 each
 *  136  8 s64  pts, microseconds
 *  144  8 s64  capture time, System.nanoTime of the source host
 *  152  8 s64  publish time at the source, System.nanoTime of the source host
 *  160  8 s64  user tag
 *  168  8 s64  origin sequence
 *  176  48     label, UTF-8, zero-padded (at most 47 bytes)
 *  224  32     reserved, zero
 * </pre>
 *
 * <p>Mutable and reused: the sender describes each frame once and writes the header per chunk; the receiver
 * decodes a copy of every field, checks it, and applies the copy to its claim. Steady state allocates nothing
 * unless the label changes.
 */
final class ChunkHeader {
    static final int LENGTH = 256;
    static final int MAX_DIMS = 8;
    static final int LABEL_BYTES = 48;
    private static final int SEQUENCE = 16;
    private static final int FRAME_LENGTH = 24;
    private static final int CHUNK_OFFSET = 32;
    private static final int CHUNK_LENGTH = 40;
    private static final int KIND = 44;
    private static final int PIXEL_FORMAT = 48;
    private static final int WIDTH = 52;
    private static final int HEIGHT = 56;
    private static final int STRIDE = 60;
    private static final int DTYPE = 64;
    private static final int RANK = 68;
    private static final int SHAPE = 72;
    private static final int PTS = 136;
    private static final int CAPTURE = 144;
    private static final int PUBLISH = 152;
    private static final int TAG = 160;
    private static final int ORIGIN = 168;
    private static final int LABEL = 176;

    long sequence;
    long frameLength;
    long chunkOffset;
    int chunkLength;
    int kind;
    int pixelFormat;
    int width;
    int height;
    int stride;
    int dtype;
    int rank;
    final long[] shape = new long[MAX_DIMS];
    long pts;
    long captureNanos;
    long publishNanos;
    long tag;
    long origin;
    private final byte[] label = new byte[LABEL_BYTES];
    private int labelLength;
    /** The receiver's decoded label and the bytes it came from, so that a steady label is decoded once. */
    private String labelText = "";
    private final byte[] labelTextBytes = new byte[LABEL_BYTES];
    private int labelTextLength;
    /** Shapes handed to {@link FrameClaim#tensor}, one array per rank, reused. */
    private final long[][] shapes = new long[MAX_DIMS + 1][];

    /** Takes the metadata of {@code frame} (sender side). */
    void describe(Frame frame) {
        long upstream = frame.upstreamSequence();
        sequence = upstream != 0 ? upstream : frame.sequence();
        frameLength = frame.length();
        kind = frame.kind().code();
        pixelFormat = frame.pixelFormat() == null ? PixelFormat.UNKNOWN.code() : frame.pixelFormat().code();
        width = frame.width();
        height = frame.height();
        stride = frame.stride();
        dtype = frame.dtype() == null ? DType.UNKNOWN.code() : frame.dtype().code();
        rank = frame.rank();
        for (int d = 0; d < MAX_DIMS; d++) {
            shape[d] = d < rank ? frame.dim(d) : 0;
        }
        pts = frame.pts();
        captureNanos = frame.captureNanos();
        publishNanos = frame.publishNanos();
        tag = frame.tag();
        origin = frame.origin();
        String text = frame.label();
        if (text.isEmpty()) {
            labelLength = 0;
        } else {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            labelLength = Math.min(utf8.length, LABEL_BYTES - 1);
            System.arraycopy(utf8, 0, label, 0, labelLength);
        }
    }

    /** Writes the header of the chunk at {@code offset} of {@code length} bytes. */
    void encode(MutableDirectBuffer buffer, long senderId, long offset, int length) {
        Wire.writePrefix(buffer, Wire.CHUNK, senderId);
        buffer.putLong(SEQUENCE, sequence, Wire.ORDER);
        buffer.putLong(FRAME_LENGTH, frameLength, Wire.ORDER);
        buffer.putLong(CHUNK_OFFSET, offset, Wire.ORDER);
        buffer.putInt(CHUNK_LENGTH, length, Wire.ORDER);
        buffer.putInt(KIND, kind, Wire.ORDER);
        buffer.putInt(PIXEL_FORMAT, pixelFormat, Wire.ORDER);
        buffer.putInt(WIDTH, width, Wire.ORDER);
        buffer.putInt(HEIGHT, height, Wire.ORDER);
        buffer.putInt(STRIDE, stride, Wire.ORDER);
        buffer.putInt(DTYPE, dtype, Wire.ORDER);
        buffer.putInt(RANK, rank, Wire.ORDER);
        for (int d = 0; d < MAX_DIMS; d++) {
            buffer.putLong(SHAPE + 8 * d, shape[d], Wire.ORDER);
        }
        buffer.putLong(PTS, pts, Wire.ORDER);
        buffer.putLong(CAPTURE, captureNanos, Wire.ORDER);
        buffer.putLong(PUBLISH, publishNanos, Wire.ORDER);
        buffer.putLong(TAG, tag, Wire.ORDER);
        buffer.putLong(ORIGIN, origin, Wire.ORDER);
        buffer.putBytes(LABEL, label, 0, labelLength);
        buffer.setMemory(LABEL + labelLength, LENGTH - LABEL - labelLength, (byte) 0); // label padding, reserved
    }

    /**
     * Copies a received chunk header into this object and checks it against the receiving channel.
     *
     * @param slotSize the slot size of the channel the frame is to be written into
     * @return null when the header is valid, else what is wrong with it
     */
    String decode(DirectBuffer buffer, int offset, int length, long slotSize) {
        if (length < LENGTH) {
            return "a chunk of " + length + " bytes, shorter than its header";
        }
        sequence = buffer.getLong(offset + SEQUENCE, Wire.ORDER);
        frameLength = buffer.getLong(offset + FRAME_LENGTH, Wire.ORDER);
        chunkOffset = buffer.getLong(offset + CHUNK_OFFSET, Wire.ORDER);
        chunkLength = buffer.getInt(offset + CHUNK_LENGTH, Wire.ORDER);
        kind = buffer.getInt(offset + KIND, Wire.ORDER);
        pixelFormat = buffer.getInt(offset + PIXEL_FORMAT, Wire.ORDER);
        width = buffer.getInt(offset + WIDTH, Wire.ORDER);
        height = buffer.getInt(offset + HEIGHT, Wire.ORDER);
        stride = buffer.getInt(offset + STRIDE, Wire.ORDER);
        dtype = buffer.getInt(offset + DTYPE, Wire.ORDER);
        rank = buffer.getInt(offset + RANK, Wire.ORDER);
        for (int d = 0; d < MAX_DIMS; d++) {
            shape[d] = buffer.getLong(offset + SHAPE + 8 * d, Wire.ORDER);
        }
        pts = buffer.getLong(offset + PTS, Wire.ORDER);
        captureNanos = buffer.getLong(offset + CAPTURE, Wire.ORDER);
        publishNanos = buffer.getLong(offset + PUBLISH, Wire.ORDER);
        tag = buffer.getLong(offset + TAG, Wire.ORDER);
        origin = buffer.getLong(offset + ORIGIN, Wire.ORDER);
        buffer.getBytes(offset + LABEL, label, 0, LABEL_BYTES);
        labelLength = 0;
        while (labelLength < LABEL_BYTES - 1 && label[labelLength] != 0) {
            labelLength++;
        }
        boolean ok = sequence > 0 && frameLength >= 0 && frameLength <= slotSize && chunkOffset >= 0
                && chunkLength >= 0 && chunkOffset <= frameLength - chunkLength && FrameKind.ofCode(kind) != null
                && rank >= 0 && rank <= MAX_DIMS && origin >= 0;
        return ok ? null : "an impossible chunk: frame " + sequence + " of " + frameLength + " bytes (slots here hold "
                + slotSize + "), chunk at " + chunkOffset + " of " + chunkLength + " bytes, kind " + kind + ", rank "
                + rank;
    }

    /**
     * Describes the frame on the receiver's claim, which validates the geometry as for any writer.
     *
     * @throws IllegalArgumentException when the metadata does not describe the frame (the claim refuses it)
     */
    void applyTo(FrameClaim claim) {
        claim.length(frameLength);
        FrameKind k = FrameKind.ofCode(kind);
        if (k == FrameKind.VIDEO) {
            PixelFormat format = PixelFormat.ofCode(pixelFormat);
            if (format == null) {
                throw new IllegalArgumentException("unknown pixel format " + pixelFormat);
            }
            claim.video(width, height, stride, format);
        } else if (k == FrameKind.TENSOR) {
            DType type = DType.ofCode(dtype);
            if (type == null) {
                throw new IllegalArgumentException("unknown dtype " + dtype);
            }
            long[] dims = shapes[rank];
            if (dims == null) {
                dims = new long[rank];
                shapes[rank] = dims;
            }
            System.arraycopy(shape, 0, dims, 0, rank);
            claim.tensor(type, dims);
        } else {
            claim.kind(k);
        }
        claim.pts(pts).captureNanos(captureNanos).tag(tag).origin(origin).upstreamSequence(sequence);
        if (labelLength > 0) {
            claim.label(labelText());
        }
    }

    private String labelText() {
        if (labelLength != labelTextLength
                || !Arrays.equals(label, 0, labelLength, labelTextBytes, 0, labelLength)) {
            labelText = new String(label, 0, labelLength, StandardCharsets.UTF_8);
            System.arraycopy(label, 0, labelTextBytes, 0, labelLength);
            labelTextLength = labelLength;
        }
        return labelText;
    }
}
