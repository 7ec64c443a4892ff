package io.framebus.encoder;

import java.lang.foreign.MemorySegment;

/**
 * The encoder's own YUV 4:2:0 picture (its private {@code AVFrame}), as three writable planes. This
 * is what {@link BoxPainter} draws on; it is never a framebus slot. Valid until the next
 * {@link Mp4Encoder#load} or {@link Mp4Encoder#write()}.
 */
public final class YuvPicture {
    private final int width;
    private final int height;
    private MemorySegment y = MemorySegment.NULL;
    private MemorySegment u = MemorySegment.NULL;
    private MemorySegment v = MemorySegment.NULL;
    private int yStride;
    private int uStride;
    private int vStride;

    YuvPicture(int width, int height) {
        this.width = width;
        this.height = height;
    }

    /** Points the views at the frame's current planes; new segment objects only when a buffer moved. */
    @SuppressWarnings("restricted") // views of the encoder's own planes, sized from their line sizes
    void update(long yAddress, int yLine, long uAddress, int uLine, long vAddress, int vLine) {
        int ch = (height + 1) / 2;
        if (y.address() != yAddress || yStride != yLine) {
            y = MemorySegment.ofAddress(yAddress).reinterpret((long) yLine * height);
        }
        if (u.address() != uAddress || uStride != uLine) {
            u = MemorySegment.ofAddress(uAddress).reinterpret((long) uLine * ch);
        }
        if (v.address() != vAddress || vStride != vLine) {
            v = MemorySegment.ofAddress(vAddress).reinterpret((long) vLine * ch);
        }
        yStride = yLine;
        uStride = uLine;
        vStride = vLine;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Luma plane, {@link #yStride()} bytes per row, {@link #height()} rows. */
    public MemorySegment y() {
        return y;
    }

    /** Cb plane at half width and half height. */
    public MemorySegment u() {
        return u;
    }

    /** Cr plane at half width and half height. */
    public MemorySegment v() {
        return v;
    }

    public int yStride() {
        return yStride;
    }

    public int uStride() {
        return uStride;
    }

    public int vStride() {
        return vStride;
    }
}
