package io.framebus.layout;

/**
 * A private copy of one slot descriptor's metadata, filled by
 * {@link SlotDescriptorFlyweight#readMetadata(int, SlotMetadata)}. Nothing in it is validated: it holds
 * exactly what shared memory held at the moment of the copy, so that a check of these values and
 * every later use of them see the same numbers. Mutable and reused (allocation-free).
 */
public final class SlotMetadata {
    long length;
    int kindCode;
    int pixelFormatCode;
    int width;
    int height;
    int stride;
    int dtypeCode;
    int rank;
    long pts;
    long captureNanos;
    long publishNanos;
    long tag;
    long writerGeneration;
    final long[] shape = new long[SlotDescriptorFlyweight.MAX_DIMS];
    long origin;
    final byte[] label = new byte[SlotDescriptorFlyweight.LABEL_BYTES];
    long upstreamSequence;

    /** @return the payload length as copied */
    public long length() {
        return length;
    }

    /** @return the kind code as copied */
    public int kindCode() {
        return kindCode;
    }

    /** @return the pixel format code as copied */
    public int pixelFormatCode() {
        return pixelFormatCode;
    }

    /** @return the width as copied */
    public int width() {
        return width;
    }

    /** @return the height as copied */
    public int height() {
        return height;
    }

    /** @return the stride as copied */
    public int stride() {
        return stride;
    }

    /** @return the dtype code as copied */
    public int dtypeCode() {
        return dtypeCode;
    }

    /** @return the rank as copied */
    public int rank() {
        return rank;
    }

    /**
     * @param d a dimension, 0..{@value SlotDescriptorFlyweight#MAX_DIMS} - 1
     * @return that dimension's size as copied
     */
    public long dim(int d) {
        return shape[d];
    }

    /** @return the presentation time as copied */
    public long pts() {
        return pts;
    }

    /** @return the capture time as copied */
    public long captureNanos() {
        return captureNanos;
    }

    /** @return the publish time as copied */
    public long publishNanos() {
        return publishNanos;
    }

    /** @return the user tag as copied */
    public long tag() {
        return tag;
    }

    /** @return the publishing writer's generation as copied */
    public long writerGeneration() {
        return writerGeneration;
    }

    /**
     * The sequence of the frame this one was made from, as copied.
     *
     * @return the origin sequence, 0 for none
     */
    public long origin() {
        return origin;
    }

    /**
     * The frame's sequence in the channel a bridge received it from, as copied.
     *
     * @return the upstream sequence, 0 for a frame published on this host
     */
    public long upstreamSequence() {
        return upstreamSequence;
    }

    /**
     * The label's length: the bytes before the first zero, at most {@code LABEL_BYTES - 1}.
     *
     * @return the label's length in bytes
     */
    public int labelLength() {
        int n = 0;
        while (n < label.length - 1 && label[n] != 0) {
            n++;
        }
        return n;
    }

    /**
     * The label as copied, decoded as UTF-8 (invalid bytes become U+FFFD). Allocates a string.
     *
     * @return the label, empty when none was set
     */
    public String label() {
        return new String(label, 0, labelLength(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
