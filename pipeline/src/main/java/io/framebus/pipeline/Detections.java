package io.framebus.pipeline;

import io.framebus.ChannelFormatException;
import io.framebus.FrameClaim;
import io.framebus.FrameKind;
import io.framebus.FrameTooLargeException;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The payload of a {@link FrameKind#DETECTIONS} frame: what an analysis stage found in
 * one video frame. Every stage that publishes boxes (an ONNX detector, a motion detector) uses it,
 * so any reader (an encoder that draws them, a logger) can decode them.
 *
 * <pre>
 *  offset  size  field (little-endian)
 *  0       4     magic 0x53544544 ("DETS")
 *  4       4     version (1)
 *  8       8     sequence of the video frame analysed
 *  16      4     width of that frame in pixels
 *  20      4     height of that frame in pixels
 *  24      4     producer id: 1 = COCO-80 object detector (class ids are COCO's), 2 = motion
 *                (class id -1); other values are free for applications
 *  28      4     count n of entries
 *  32      8     analysis time in nanoseconds
 *  40      24*n  entries: class id (int), score, x1, y1, x2, y2 (float; pixels of the frame)
 * </pre>
 */
public final class Detections {
    /** "DETS" as a little-endian int. */
    public static final int MAGIC = 0x53544544;
    /** The payload version this code reads and writes. */
    public static final int VERSION = 1;
    /** Bytes before the first entry. */
    public static final int HEADER_BYTES = 40;
    /** Bytes per entry. */
    public static final int ENTRY_BYTES = 24;

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT =
            ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /**
     * One box: class, confidence and corners in pixels of the analysed frame.
     *
     * @param classId the class (COCO's for producer 1; -1 for motion)
     * @param score   confidence, 0..1
     * @param x1      left
     * @param y1      top
     * @param x2      right
     * @param y2      bottom
     */
    public record Detection(int classId, float score, float x1, float y1, float x2, float y2) {
    }

    /**
     * A decoded payload.
     *
     * @param frameSequence the sequence of the video frame analysed
     * @param width         its width in pixels
     * @param height        its height in pixels
     * @param producer      who found the boxes
     * @param analysisNanos how long the analysis took
     * @param detections    the boxes
     */
    public record Frame(long frameSequence, int width, int height, int producer, long analysisNanos,
                        List<Detection> detections) {
    }

    private Detections() {
    }

    /**
     * Writes a payload about video frame {@code frameSequence} into a claimed slot, marks the frame as
     * {@link FrameKind#DETECTIONS} and sets its length.
     *
     * @param claim         a claimed slot of a detections channel
     * @param frameSequence the sequence of the video frame analysed
     * @param width         that frame's width in pixels
     * @param height        that frame's height in pixels
     * @param producer      who found the boxes (1 COCO detector, 2 motion, others free)
     * @param analysisNanos how long the analysis took
     * @param detections    the boxes, highest score first
     * @return the claim, to set pts and publish
     * @throws FrameTooLargeException when the boxes do not fit the slot
     */
    public static FrameClaim writeInto(FrameClaim claim, long frameSequence, int width, int height, int producer,
                                       long analysisNanos, List<Detection> detections) {
        long bytes = write(claim.segment(), frameSequence, width, height, producer, analysisNanos, detections);
        return claim.length(bytes).kind(FrameKind.DETECTIONS);
    }

    /**
     * The payload size for {@code count} boxes, to size a detections channel's slots.
     *
     * @param count entries
     * @return bytes needed for {@code count} detections
     */
    public static long bytesFor(int count) {
        return HEADER_BYTES + (long) ENTRY_BYTES * count;
    }

    /**
     * Encodes into {@code target} (a claimed slot) and returns the payload length.
     *
     * @param target        where to write
     * @param frameSequence the sequence of the video frame analysed
     * @param width         that frame's width in pixels
     * @param height        that frame's height in pixels
     * @param producer      who found the boxes
     * @param analysisNanos how long the analysis took
     * @param detections    the boxes
     * @return the payload's length in bytes
     * @throws FrameTooLargeException when the list does not fit
     */
    public static long write(MemorySegment target, long frameSequence, int width, int height, int producer,
                             long analysisNanos, List<Detection> detections) {
        long length = bytesFor(detections.size());
        if (length > target.byteSize()) {
            throw new FrameTooLargeException(detections.size() + " detections need " + length
                    + " bytes; the slot has " + target.byteSize());
        }
        target.set(INT, 0, MAGIC);
        target.set(INT, 4, VERSION);
        target.set(LONG, 8, frameSequence);
        target.set(INT, 16, width);
        target.set(INT, 20, height);
        target.set(INT, 24, producer);
        target.set(INT, 28, detections.size());
        target.set(LONG, 32, analysisNanos);
        long at = HEADER_BYTES;
        for (Detection d : detections) {
            target.set(INT, at, d.classId());
            target.set(FLOAT, at + 4, d.score());
            target.set(FLOAT, at + 8, d.x1());
            target.set(FLOAT, at + 12, d.y1());
            target.set(FLOAT, at + 16, d.x2());
            target.set(FLOAT, at + 20, d.y2());
            at += ENTRY_BYTES;
        }
        return length;
    }

    /**
     * Decodes {@code length} bytes of {@code source}, checking every count and length.
     *
     * @param source the payload's bytes (a held frame's segment)
     * @param length the frame's length
     * @return the decoded payload
     * @throws ChannelFormatException when the bytes are not a valid detections payload
     */
    public static Frame read(MemorySegment source, long length) {
        if (length < HEADER_BYTES || length > source.byteSize()) {
            throw new ChannelFormatException("detections payload of " + length + " bytes is shorter than its header");
        }
        int magic = source.get(INT, 0);
        int version = source.get(INT, 4);
        if (magic != MAGIC || version != VERSION) {
            throw new ChannelFormatException(String.format("not a detections payload (magic 0x%08x, version %d)",
                    magic, version));
        }
        int count = source.get(INT, 28);
        if (count < 0 || bytesFor(count) > length) {
            throw new ChannelFormatException("detections payload claims " + count + " entries but holds " + length
                    + " bytes");
        }
        List<Detection> list = new ArrayList<>(count);
        long at = HEADER_BYTES;
        for (int i = 0; i < count; i++) {
            list.add(new Detection(source.get(INT, at), source.get(FLOAT, at + 4), source.get(FLOAT, at + 8),
                    source.get(FLOAT, at + 12), source.get(FLOAT, at + 16), source.get(FLOAT, at + 20)));
            at += ENTRY_BYTES;
        }
        return new Frame(source.get(LONG, 8), source.get(INT, 16), source.get(INT, 20), source.get(INT, 24),
                source.get(LONG, 32), List.copyOf(list));
    }
}
