package io.framebus.internal;

import io.framebus.ChannelFormatException;
import io.framebus.DType;
import io.framebus.FrameKind;
import io.framebus.PixelFormat;
import io.framebus.layout.ChannelLayout;
import io.framebus.layout.SlotMetadata;

/**
 * Validates a reader's private copy of a slot descriptor before any of it reaches a view or a shape.
 * Native code (sws_scale, encoders, ONNX Runtime) trusts width, height, stride and shape, so each must
 * describe bytes inside the frame, and the frame inside its slot. All arithmetic is in {@code long}
 * with overflow checks: a hostile descriptor cannot wrap a size into range.
 */
public final class FrameMetadata {
    private FrameMetadata() {
    }

    /**
     * @param m        the copy to check (never the live descriptor)
     * @param slot     the slot it was copied from, for the message
     * @param slotSize the validated slot size
     * @throws ChannelFormatException when any field is impossible
     */
    public static void check(SlotMetadata m, int slot, long slotSize) {
        long length = m.length();
        FrameKind kind = FrameKind.ofCode(m.kindCode());
        int rank = m.rank();
        if (length < 0 || length > slotSize || kind == null || rank < 0 || rank > ChannelLayout.MAX_DIMS
                || m.upstreamSequence() < 0) {
            throw new ChannelFormatException("corrupt channel: slot " + slot + " descriptor has length " + length
                    + ", kind " + m.kindCode() + ", rank " + rank + ", upstream sequence " + m.upstreamSequence()
                    + " (slot size " + slotSize + ")");
        }
        if (kind == FrameKind.VIDEO) {
            checkVideo(m, slot, length);
        } else if (kind == FrameKind.TENSOR) {
            checkTensor(m, slot, length);
        }
    }

    private static void checkVideo(SlotMetadata m, int slot, long length) {
        PixelFormat format = PixelFormat.ofCode(m.pixelFormatCode());
        int width = m.width();
        int height = m.height();
        int stride = m.stride();
        boolean ok = format != null && width > 0 && height > 0 && stride > 0;
        if (ok && format.bytesPerPixel() > 0) {
            long row = (long) width * format.bytesPerPixel();
            ok = stride >= row && (long) stride * (height - 1) + row <= length;
        } else if (ok) {
            ok = stride >= width && format.frameBytes(stride, height) <= length; // planes of stride-wide rows
        }
        if (!ok) {
            throw new ChannelFormatException("corrupt channel: slot " + slot + " describes a " + width + "x" + height
                    + " " + (format == null ? "pixel format " + m.pixelFormatCode() : format) + " picture with stride "
                    + stride + " that does not fit its " + length + " bytes");
        }
    }

    private static void checkTensor(SlotMetadata m, int slot, long length) {
        DType dtype = DType.ofCode(m.dtypeCode());
        long bytes = dtype == null ? -1 : dtype.size();
        for (int d = 0; d < m.rank() && bytes >= 0; d++) {
            long dim = m.dim(d);
            bytes = dim < 0 || (dim > 0 && bytes > Long.MAX_VALUE / dim) ? -1 : bytes * dim;
        }
        if (bytes < 0 || bytes > length) {
            StringBuilder shape = new StringBuilder("[");
            for (int d = 0; d < m.rank(); d++) {
                shape.append(d == 0 ? "" : ", ").append(m.dim(d));
            }
            throw new ChannelFormatException("corrupt channel: slot " + slot + " describes a "
                    + (dtype == null ? "dtype " + m.dtypeCode() : dtype) + " tensor of shape " + shape
                    + "] that does not fit its " + length + " bytes");
        }
    }
}
