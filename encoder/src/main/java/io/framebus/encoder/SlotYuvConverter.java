package io.framebus.encoder;

import io.framebus.PixelFormat;
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
 * Converts a packed RGB (or gray) picture in a framebus slot into the encoder's private YUV 4:2:0
 * {@code AVFrame} with {@code sws_scale}, scaling it to the encoder's size if needed. The source pointer
 * given to {@code sws_scale} is the slot's own address and the source line size the frame's stride: the
 * slot is only read, never copied or written. The source pointer and line-size arrays ({@link SwsSlot})
 * are allocated once; per frame only {@code src[0]} and its stride are stored, so converting allocates
 * nothing on the Java heap once the scaler is configured for a frame size and format.
 *
 * <p>The converter writes into the {@link AVFrame} it was given but does not own it: the encoder frees
 * the frame after {@link #close()}. Used by the encoder's one thread.
 */
final class SlotYuvConverter implements AutoCloseable {
    private final AVFrame picture;
    private final int width;
    private final int height;
    /** The context and the source (slot) arrays. */
    private final SwsSlot source = new SwsSlot();
    private final PointerPointer<?> dstData;
    private final IntPointer dstLinesize;
    /** The first bytes of the AVFrame struct: {@code uint8_t *data[8]} at 0, {@code int linesize[8]} at 64. */
    private final MemorySegment pictureHead;
    private final YuvPicture yuv;
    private int swsWidth;
    private int swsHeight;
    private int swsFormat = -1;
    private long lastSourceAddress;

    /**
     * Prepares conversions into {@code picture}; the scaler itself is configured by the first frame.
     *
     * @param picture the encoder's allocated YUV 4:2:0 frame of {@code width x height}
     * @param width   the encoder's width, even
     * @param height  the encoder's height, even
     * @throws EncoderException when this FFmpeg build lays out {@code AVFrame} differently than expected
     */
    @SuppressWarnings("restricted") // a 96-byte view of our own AVFrame struct (data[] and linesize[])
    SlotYuvConverter(AVFrame picture, int width, int height) {
        this.picture = picture;
        this.width = width;
        this.height = height;
        this.yuv = new YuvPicture(width, height);
        this.dstData = picture.data();
        this.dstLinesize = picture.linesize();
        this.pictureHead = MemorySegment.ofAddress(picture.address()).reinterpret(96);
        if (pictureHead.get(ValueLayout.JAVA_LONG, 0) != picture.data(0).address()
                || pictureHead.get(ValueLayout.JAVA_INT, 64) != picture.linesize(0)) {
            throw new EncoderException("unexpected AVFrame layout in this FFmpeg build (data[0]/linesize[0])");
        }
    }

    /**
     * Converts the picture at {@code pixels} ({@code stride} bytes per row) into the encoder's frame.
     *
     * @param pixels      the frame's bytes, in its slot
     * @param frameWidth  pixels per row
     * @param frameHeight rows
     * @param stride      bytes from one row to the next
     * @param format      BGR24, RGB24, BGRA, RGBA or GRAY8
     * @return the encoder's picture, now holding the frame
     * @throws EncoderException for another format, or a geometry that does not fit {@code pixels} (a
     *                          corrupt descriptor must not make native code read past the slot)
     */
    YuvPicture convert(MemorySegment pixels, int frameWidth, int frameHeight, int stride, PixelFormat format) {
        int avFormat = avFormat(format);
        int bpp = format.bytesPerPixel();
        if (frameWidth <= 0 || frameHeight <= 0 || stride < frameWidth * bpp
                || (long) stride * (frameHeight - 1) + (long) frameWidth * bpp > pixels.byteSize()) {
            throw new EncoderException("frame geometry " + frameWidth + "x" + frameHeight + " stride " + stride + " "
                    + format + " does not fit its " + pixels.byteSize() + " bytes");
        }
        if (source.context() == null || frameWidth != swsWidth || frameHeight != swsHeight
                || avFormat != swsFormat) {
            SwsContext sws = sws_getCachedContext(source.context(), frameWidth, frameHeight, avFormat, width, height,
                    AV_PIX_FMT_YUV420P, SWS_BILINEAR, null, null, (DoublePointer) null);
            source.setContext(sws);
            if (sws == null || sws.isNull()) {
                throw new EncoderException("sws_getCachedContext cannot convert " + format + " " + frameWidth + "x"
                        + frameHeight + " to yuv420p " + width + "x" + height);
            }
            swsWidth = frameWidth;
            swsHeight = frameHeight;
            swsFormat = avFormat;
        }
        // The encoder may still reference the previous buffer; then this gives the picture a fresh one.
        int r = av_frame_make_writable(picture);
        if (r < 0) {
            Ffmpeg.check(r, "av_frame_make_writable", EncoderException::new);
        }
        PointerPointer<Pointer> srcData = source.pointAt(pixels.address(), pixels.byteSize(), stride);
        sws_scale(source.context(), srcData, source.lineSizes(), 0, frameHeight, dstData, dstLinesize);
        lastSourceAddress = pixels.address();
        yuv.update(pictureHead.get(ValueLayout.JAVA_LONG, 0), pictureHead.get(ValueLayout.JAVA_INT, 64),
                pictureHead.get(ValueLayout.JAVA_LONG, 8), pictureHead.get(ValueLayout.JAVA_INT, 68),
                pictureHead.get(ValueLayout.JAVA_LONG, 16), pictureHead.get(ValueLayout.JAVA_INT, 72));
        return yuv;
    }

    private static int avFormat(PixelFormat format) {
        if (format == null) {
            throw new EncoderException("frame has no pixel format");
        }
        return switch (format) {
            case BGR24 -> AV_PIX_FMT_BGR24;
            case RGB24 -> AV_PIX_FMT_RGB24;
            case BGRA -> AV_PIX_FMT_BGRA;
            case RGBA -> AV_PIX_FMT_RGBA;
            case GRAY8 -> AV_PIX_FMT_GRAY8;
            default -> throw new EncoderException("cannot encode " + format + " frames; packed BGR24, RGB24, BGRA,"
                    + " RGBA and GRAY8 are supported");
        };
    }

    /** The source pointer the last {@code sws_scale} call read from: the slot's address. */
    long lastSourceAddress() {
        return lastSourceAddress;
    }

    /** Frees the scaler and the source pointer arrays; the picture stays the encoder's. Idempotent. */
    @Override
    public void close() {
        source.close();
    }
}
