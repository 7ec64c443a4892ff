package io.framebus.javacv;

import io.framebus.capture.CaptureException;
import io.framebus.capture.SlotScaler;
import io.framebus.capture.SourceInfo;
import io.framebus.capture.Targets;
import io.framebus.capture.VideoSource;
import io.framebus.media.Ffmpeg;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

import java.lang.foreign.MemorySegment;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Any JavaCV {@link FrameGrabber} as a capture {@link VideoSource}: {@code FFmpegFrameGrabber} for files
 * and streams, {@code OpenCVFrameGrabber} for cameras, and the others. Each frame is converted to BGR24
 * once, by {@code sws_scale}, whose destination is the claimed slot.
 *
 * <pre>{@code
 * try (GrabberSource source = GrabberSource.open(new FFmpegFrameGrabber("people.mp4"));
 *      ChannelWriter writer = FrameChannel.create(CaptureChannels.configFor("camera0", source.info()))) {
 *     new Capture(source).run(writer, CaptureOptions.defaults(), StageListener.NONE);
 * }
 * }</pre>
 *
 * <ul>
 *   <li><b>FFmpegFrameGrabber</b> is put in {@link FrameGrabber.ImageMode#RAW} before it starts, so JavaCV
 *       hands over the decoder's own picture (YUV, in the decoder's buffer) without converting it, and
 *       the one conversion to BGR24 writes into the slot: no intermediate frame, as with the FFmpeg source
 *       of the capture module, and the same bytes (the same scaler, flags and colour matrix).</li>
 *   <li><b>Other grabbers</b> deliver a packed 8-bit picture in a buffer of their own (BGR, gray or BGRA,
 *       e.g. OpenCV's {@code VideoCapture} output); it is converted, or copied when it is already BGR24 of
 *       the slot's size, into the slot: one pass, no frame in between.</li>
 * </ul>
 *
 * <p>The source owns the grabber: it starts it in {@link #open} and closes it in {@link #close()}. A grabber
 * whose length in frames is unknown (a camera, a live stream) is live: never paced, never rewound.
 */
public final class GrabberSource implements VideoSource {
    private final FrameGrabber grabber;
    private final SlotScaler scaler = new SlotScaler();
    private final SourceInfo info;
    private final boolean live;
    private final String note;
    private final boolean raw;
    private Frame current;
    /** The constructor grabbed the first frame to learn the size: the next advance() hands it on. */
    private boolean pending;
    /** The decoder picture's plane and line-size arrays, fetched once per AVFrame object. */
    private AVFrame planesOf;
    private PointerPointer<?> planes;
    private IntPointer lineSizes;
    /** The address of a packed picture's buffer, looked up once per buffer object. */
    private ByteBuffer addressOf;
    private long bufferAddress;
    private long firstTimestamp = Long.MIN_VALUE;
    private long loopOffset;
    private long pts = -1;
    private volatile boolean aborted;
    private boolean closed;

    private GrabberSource(FrameGrabber grabber, boolean raw) {
        this.grabber = grabber;
        this.raw = raw;
        int width = grabber.getImageWidth();
        int height = grabber.getImageHeight();
        if (width <= 0 || height <= 0) {
            current = grabNext(); // some grabbers learn their size from the first frame: it stays current
            pending = current != null;
            if (current == null) {
                throw new CaptureException("grabber " + grabber.getClass().getSimpleName() + " delivered no picture");
            }
            width = current.imageWidth;
            height = current.imageHeight;
        }
        long frames = grabber instanceof FFmpegFrameGrabber f ? f.getLengthInVideoFrames()
                : grabber.getLengthInFrames();
        this.live = frames <= 0;
        double fps = grabber instanceof FFmpegFrameGrabber f ? f.getVideoFrameRate() : grabber.getFrameRate();
        int[] rate = rational(fps > 0 && Double.isFinite(fps) ? fps : 30);
        String name = grabber.getClass().getSimpleName();
        String codec = grabber instanceof FFmpegFrameGrabber f && f.getVideoCodecName() != null
                ? f.getVideoCodecName() : "none";
        this.info = new SourceInfo(width, height, rate[0], rate[1], live ? -1 : frames, codec, "javacv " + name + ": "
                + width + "x" + height + " " + String.format(java.util.Locale.ROOT, "%.3f", fps) + " fps"
                + (live ? ", live" : ", " + frames + " frames"));
        this.note = raw ? "capture: javacv " + name + " raw " + codec + " picture -> sws_scale into slot (zero-copy)"
                : "capture: javacv " + name + " picture -> sws_scale into slot (one conversion)";
    }

    /**
     * Starts {@code grabber} (an {@code FFmpegFrameGrabber} in raw mode) and makes it a source of BGR24
     * frames of the grabber's image size (set {@code setImageWidth}/{@code setImageHeight} on the grabber
     * before to scale).
     *
     * @param grabber a grabber that was not started; the source owns it from now on
     * @return the source
     * @throws CaptureException when the grabber cannot start
     */
    public static GrabberSource open(FrameGrabber grabber) {
        Objects.requireNonNull(grabber, "grabber");
        Ffmpeg.load();
        boolean raw = grabber instanceof FFmpegFrameGrabber;
        try {
            if (raw) {
                grabber.setImageMode(FrameGrabber.ImageMode.RAW);
            }
            grabber.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            closeQuietly(grabber);
            throw new CaptureException("cannot start " + grabber.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
        try {
            return new GrabberSource(grabber, raw);
        } catch (RuntimeException e) {
            closeQuietly(grabber);
            throw e;
        }
    }

    /** frames per second as a fraction: n/1, n/1001 (NTSC rates), else thousandths. */
    static int[] rational(double fps) {
        for (int den : new int[] {1, 1001}) {
            long num = Math.round(fps * den);
            if (num > 0 && Math.abs((double) num / den - fps) < 1e-6 * fps) {
                return new int[] {(int) num, den};
            }
        }
        return new int[] {(int) Math.max(1, Math.round(fps * 1000)), 1000};
    }

    @Override
    public SourceInfo info() {
        return info;
    }

    /** Grabs the next picture (audio and data frames are skipped). */
    @Override
    public boolean advance() {
        ensureOpen();
        if (pending) {
            pending = false;
        } else {
            current = grabNext();
        }
        if (current == null) {
            return false;
        }
        stamp(current.timestamp);
        return true;
    }

    private Frame grabNext() {
        Frame frame;
        do {
            if (aborted) {
                return null;
            }
            try {
                frame = grabber instanceof FFmpegFrameGrabber f ? f.grabImage() : grabber.grab();
            } catch (FrameGrabber.Exception e) {
                throw new CaptureException("grabber " + grabber.getClass().getSimpleName() + " failed: "
                        + e.getMessage(), e);
            }
        } while (frame != null && frame.image == null);
        return frame;
    }

    private void stamp(long timestamp) {
        if (firstTimestamp == Long.MIN_VALUE) {
            firstTimestamp = timestamp;
        }
        long us = loopOffset + timestamp - firstTimestamp;
        if (pts >= 0 && us <= pts) {
            us = pts + info.frameMicros(); // strictly increasing, also for grabbers without timestamps
        }
        pts = Math.max(0, us);
    }

    @Override
    public long ptsMicros() {
        return Math.max(0, pts);
    }

    /** Converts the current picture to BGR24 straight into {@code target}. */
    @Override
    public void writeTo(MemorySegment target, int stride) {
        ensureOpen();
        if (current == null) {
            throw new IllegalStateException("no current frame: call advance() first");
        }
        Targets.check(target, stride, info);
        if (raw) {
            if (!(current.opaque instanceof AVFrame picture)) {
                throw new CaptureException("FFmpegFrameGrabber gave no decoded picture in raw mode");
            }
            if (picture != planesOf) {
                planes = picture.data();
                lineSizes = picture.linesize();
                planesOf = picture;
            }
            scaler.scale(picture, planes, lineSizes, target.address(), stride, info.width(), info.height());
        } else {
            writePacked(current, target.address(), stride);
        }
    }

    private void writePacked(Frame frame, long dst, int dstStride) {
        if (frame.imageDepth != Frame.DEPTH_UBYTE || frame.image.length < 1
                || !(frame.image[0] instanceof ByteBuffer buffer) || !buffer.isDirect()) {
            throw new CaptureException("grabber frames must be 8-bit pictures in native memory; got depth "
                    + frame.imageDepth + " in " + (frame.image.length < 1 ? "no buffer" : describe(frame.image[0])));
        }
        int format = PackedFormats.of(frame.imageChannels);
        int rowBytes = frame.imageStride * Frame.pixelSize(frame.imageDepth);
        long needed = (long) rowBytes * (frame.imageHeight - 1) + (long) frame.imageWidth * frame.imageChannels;
        if (frame.imageWidth <= 0 || frame.imageHeight <= 0 || buffer.capacity() < needed) {
            throw new CaptureException("grabber frame of " + frame.imageWidth + "x" + frame.imageHeight + " with "
                    + rowBytes + " bytes per row does not fit its buffer of " + buffer.capacity() + " bytes");
        }
        if (buffer != addressOf) {
            bufferAddress = MemorySegment.ofBuffer(buffer.duplicate().clear()).address();
            addressOf = buffer;
        }
        scaler.scalePacked(bufferAddress, rowBytes, frame.imageWidth, frame.imageHeight, format, dst, dstStride,
                info.width(), info.height());
    }

    private static String describe(Buffer b) {
        return (b.isDirect() ? "a direct " : "a heap ") + b.getClass().getSimpleName();
    }

    /** Restarts a grabber of known length from its first frame; presentation times keep increasing. */
    @Override
    public boolean rewind() {
        ensureOpen();
        if (live) {
            return false;
        }
        try {
            grabber.restart();
        } catch (FrameGrabber.Exception e) {
            throw new CaptureException("cannot restart " + grabber.getClass().getSimpleName() + ": " + e.getMessage(),
                    e);
        }
        current = null;
        pending = false;
        loopOffset = pts + info.frameMicros();
        firstTimestamp = Long.MIN_VALUE;
        return true;
    }

    @Override
    public boolean isLive() {
        return live;
    }

    @Override
    public String note() {
        return note;
    }

    /**
     * The destination pointer the last {@code sws_scale} call received: the slot's address when the frame
     * went straight into it.
     *
     * @return that address, 0 before the first frame
     */
    public long lastDestinationAddress() {
        return scaler.lastDestination();
    }

    /** Makes the next {@link #advance()} return false. */
    @Override
    public void abort() {
        aborted = true;
    }

    /**
     * The grabber, for settings it alone knows.
     *
     * @return the grabber this source owns
     */
    public FrameGrabber grabber() {
        return grabber;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("source " + info.description() + " is closed");
        }
    }

    /** Stops and releases the grabber, frees the scaler. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        current = null;
        closeQuietly(grabber);
        scaler.close();
    }

    private static void closeQuietly(FrameGrabber grabber) {
        try {
            grabber.close();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            // closing a grabber that failed: nothing more to free
        }
    }
}
