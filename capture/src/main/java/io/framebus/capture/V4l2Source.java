package io.framebus.capture;

import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A V4L2 camera ({@code /dev/videoN}) through FFmpeg's {@code v4l2} input device.
 *
 * <p><b>Requirements.</b> The v4l2 input lives in libavdevice, which is loaded only when a camera is
 * opened. The bundled libavdevice links PulseAudio, ALSA and XCB, so the host needs
 * {@code apt-get install libpulse0} (minimal images: {@code libpulse0 libasound2 libxcb1 libxcb-shm0});
 * without them {@link #open} fails with a {@link CaptureException} that says so. The process also
 * needs read/write access to the device (the {@code video} group; {@code --device /dev/videoN} in
 * containers).
 *
 * <p>Frames take the same path as {@link FfmpegSource}: MJPEG is decoded (or raw YUYV passed
 * through the rawvideo decoder) and {@code sws_scale} writes the BGR24 result straight into the
 * slot. A camera is live: it is never paced and cannot rewind.
 */
public final class V4l2Source implements VideoSource {
    private final FfmpegSource delegate;

    private V4l2Source(FfmpegSource delegate) {
        this.delegate = delegate;
    }

    /**
     * Opens camera {@code device} at {@code width x height} and {@code fps}.
     *
     * @param device      e.g. {@code /dev/video0}
     * @param width       requested width, or 0 for the driver's default
     * @param height      requested height, or 0 for the driver's default
     * @param fps         requested frame rate, or 0 for the driver's default
     * @param inputFormat the camera's pixel format: {@code "mjpeg"}, {@code "yuyv422"}, or null for the default
     * @throws CaptureException when the device does not exist or is not accessible, when libavdevice
     *                          cannot be loaded (missing system libraries, named in the message), or
     *                          when FFmpeg cannot open the camera
     */
    public static V4l2Source open(String device, int width, int height, int fps, String inputFormat) {
        Path path = Path.of(device);
        if (!Files.exists(path)) {
            throw new CaptureException("no V4L2 camera at " + device + ": the device does not exist. List cameras with "
                    + "`ls /dev/video*` or `v4l2-ctl --list-devices`; in a container, pass it in with --device "
                    + device);
        }
        if (!Files.isReadable(path) || !Files.isWritable(path)) {
            throw new CaptureException("no access to V4L2 camera " + device
                    + ": add the user to the group that owns it (usually `video`: usermod -aG video $USER)");
        }
        AvDevice.load();
        FfmpegOptions options = FfmpegOptions.defaults().withInputFormat("v4l2").withDecoderThreads(1);
        if (width > 0 && height > 0) {
            options = options.withOption("video_size", width + "x" + height);
        }
        if (fps > 0) {
            options = options.withOption("framerate", Integer.toString(fps));
        }
        if (inputFormat != null) {
            options = options.withOption("input_format", inputFormat);
        }
        return new V4l2Source(new FfmpegSource(device, options, "capture: v4l2"));
    }

    /** Opens {@code device} with the driver's default size, rate and pixel format. */
    public static V4l2Source open(String device) {
        return open(device, 0, 0, 0, null);
    }

    @Override
    public SourceInfo info() {
        return delegate.info();
    }

    @Override
    public boolean advance() {
        return delegate.advance();
    }

    @Override
    public long ptsMicros() {
        return delegate.ptsMicros();
    }

    @Override
    public void writeTo(MemorySegment target, int stride) {
        delegate.writeTo(target, stride);
    }

    /** The destination pointer the last {@code sws_scale} call received. */
    public long lastDestinationAddress() {
        return delegate.lastDestinationAddress();
    }

    /** Cameras cannot rewind: always false. */
    @Override
    public boolean rewind() {
        return false;
    }

    @Override
    public boolean isLive() {
        return true;
    }

    @Override
    public String note() {
        return delegate.note();
    }

    @Override
    public void abort() {
        delegate.abort();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
