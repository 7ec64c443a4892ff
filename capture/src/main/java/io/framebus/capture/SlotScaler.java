package io.framebus.capture;

import io.framebus.media.Ffmpeg;
import io.framebus.media.SwsSlot;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.bytedeco.ffmpeg.global.avutil.*;
import static org.bytedeco.ffmpeg.global.swscale.*;

/**
 * Converts a decoded picture to BGR24 with {@code sws_scale}, whose destination is a raw address
 * and stride: the claimed slot. The destination pointer array and stride array ({@link SwsSlot}) are
 * allocated once; per frame only the slot address is stored into {@code dst[0]}, so converting
 * allocates nothing. Public for other sources that write into slots (the JavaCV grabber source);
 * used by one thread.
 */
public final class SlotScaler implements AutoCloseable {
    private static final int FLAGS = SWS_BILINEAR; // JavaCV's default too: identical bytes to FFmpegFrameGrabber

    /** The context and the destination (slot) arrays. */
    private final SwsSlot target = new SwsSlot();
    /** The source arrays of a packed picture given by address ({@link #scalePacked}); its context is unused. */
    private final SwsSlot packedSource = new SwsSlot();
    /** The dst pointer array as memory, to read back what sws_scale was really given. */
    private final MemorySegment dstDataView;
    private int srcWidth;
    private int srcHeight;
    private int srcFormat = -1;
    private int srcColorspace = -1;
    private int srcRange = -1;
    private int dstWidth;
    private int dstHeight;
    private long lastDestination;

    /** Loads FFmpeg; no context until the first conversion. */
    @SuppressWarnings("restricted") // a view of our own 32-byte pointer array, to read back dst[0]
    public SlotScaler() {
        Ffmpeg.load();
        dstDataView = MemorySegment.ofAddress(target.planes().address()).reinterpret(4 * Long.BYTES);
    }

    /**
     * Converts {@code frame} to BGR24 of {@code dstWidth x dstHeight} at {@code dstAddress}, rows
     * {@code dstStride} bytes apart. The caller has checked that the destination is large enough.
     *
     * @param frame       the decoded picture: its geometry, pixel format, colour matrix and range
     * @param srcData     its plane pointers ({@code frame.data()}, fetched once by the caller)
     * @param srcLinesize its line sizes ({@code frame.linesize()}, fetched once by the caller)
     * @param dstAddress  the slot's first byte
     * @param dstStride   bytes per row in the slot
     * @param dstWidth    pixels per row written
     * @param dstHeight   rows written
     * @throws CaptureException when swscale cannot convert or writes fewer rows
     */
    public void scale(AVFrame frame, PointerPointer<?> srcData, IntPointer srcLinesize, long dstAddress,
                      int dstStride, int dstWidth, int dstHeight) {
        convert(frame.width(), frame.height(), frame.format(), frame.colorspace(), frame.color_range(), srcData,
                srcLinesize, dstAddress, dstStride, dstWidth, dstHeight);
    }

    /**
     * Converts a packed picture in memory (one plane: BGR24, GRAY8, BGRA...) to BGR24 of
     * {@code dstWidth x dstHeight} at {@code dstAddress}: a copy when format and size already match, a
     * colour conversion and/or scaling otherwise, in one pass. The caller has checked both sides' sizes.
     *
     * @param srcAddress the source's first byte
     * @param srcStride  bytes per source row
     * @param width      source pixels per row
     * @param height     source rows
     * @param avFormat   the source's {@code AV_PIX_FMT_*}, a packed format
     * @param dstAddress the slot's first byte
     * @param dstStride  bytes per row in the slot
     * @param dstWidth   pixels per row written
     * @param dstHeight  rows written
     * @throws CaptureException when swscale cannot convert or writes fewer rows
     */
    public void scalePacked(long srcAddress, int srcStride, int width, int height, int avFormat, long dstAddress,
                            int dstStride, int dstWidth, int dstHeight) {
        PointerPointer<Pointer> srcData = packedSource.pointAt(srcAddress, (long) srcStride * height, srcStride);
        convert(width, height, avFormat, AVCOL_SPC_UNSPECIFIED, AVCOL_RANGE_UNSPECIFIED, srcData,
                packedSource.lineSizes(), dstAddress, dstStride, dstWidth, dstHeight);
    }

    private void convert(int w, int h, int f, int cs, int range, PointerPointer<?> srcData, IntPointer srcLinesize,
                         long dstAddress, int dstStride, int dstWidth, int dstHeight) {
        if (target.context() == null || w != srcWidth || h != srcHeight || f != srcFormat || cs != srcColorspace
                || range != srcRange || dstWidth != this.dstWidth || dstHeight != this.dstHeight) {
            configure(w, h, f, cs, range, dstWidth, dstHeight);
        }
        PointerPointer<Pointer> dstData = target.pointAt(dstAddress, (long) dstStride * dstHeight, dstStride);
        int rows = sws_scale(target.context(), srcData, srcLinesize, 0, h, dstData, target.lineSizes());
        if (rows != dstHeight) {
            throw new CaptureException("sws_scale wrote " + rows + " rows instead of " + dstHeight);
        }
        lastDestination = dstDataView.get(ValueLayout.JAVA_LONG, 0);
    }

    private void configure(int w, int h, int format, int colorspace, int range, int dstW, int dstH) {
        SwsContext sws = sws_getCachedContext(target.context(), w, h, format, dstW, dstH, AV_PIX_FMT_BGR24, FLAGS,
                null, null, (DoublePointer) null);
        target.setContext(sws);
        if (sws == null || sws.isNull()) {
            throw new CaptureException("sws_getCachedContext cannot convert " + w + "x" + h + " "
                    + av_get_pix_fmt_name(format).getString() + " to " + dstW + "x" + dstH + " bgr24");
        }
        // Use the stream's own colour matrix (e.g. BT.709 for HD) when it declares one; swscale's
        // default is BT.601. Full-range (JPEG) sources are handled too.
        if (isYuvMatrix(colorspace)) {
            IntPointer coefficients = sws_getCoefficients(colorspace);
            IntPointer rgb = sws_getCoefficients(SWS_CS_DEFAULT);
            sws_setColorspaceDetails(sws, coefficients, range == AVCOL_RANGE_JPEG ? 1 : 0, rgb, 1, 0, 1 << 16,
                    1 << 16);
        }
        srcWidth = w;
        srcHeight = h;
        srcFormat = format;
        srcColorspace = colorspace;
        srcRange = range;
        dstWidth = dstW;
        dstHeight = dstH;
    }

    private static boolean isYuvMatrix(int colorspace) {
        return colorspace == AVCOL_SPC_BT709 || colorspace == AVCOL_SPC_FCC || colorspace == AVCOL_SPC_BT470BG
                || colorspace == AVCOL_SPC_SMPTE170M || colorspace == AVCOL_SPC_SMPTE240M
                || colorspace == AVCOL_SPC_BT2020_NCL || colorspace == AVCOL_SPC_BT2020_CL;
    }

    /**
     * The destination pointer {@code dst[0]} that the last {@code sws_scale} call received, read back from
     * native memory.
     *
     * @return that address, 0 before the first conversion
     */
    public long lastDestination() {
        return lastDestination;
    }

    /** Frees the context and the pointer arrays. Idempotent. */
    @Override
    public void close() {
        target.close();
        packedSource.close();
    }
}
