/**
 * Capture stage: produces BGR24 video frames straight into the slots of a framebus channel.
 *
 * <p>A {@link io.framebus.capture.VideoSource} makes frames; {@link io.framebus.capture.Capture}
 * runs one into a {@link io.framebus.ChannelWriter}:
 *
 * <pre>{@code
 * try (VideoSource source = FfmpegSource.open("people.mp4");
 *      ChannelWriter writer = FrameChannel.create(CaptureChannels.configFor("camera0", source.info(), 8))) {
 *     CaptureSummary s = new Capture(source).run(writer, CaptureOptions.defaults().realtime(true), StageListener.NONE);
 * }
 * }</pre>
 *
 * <p>Sources:
 * <ul>
 *   <li>{@link io.framebus.capture.FfmpegSource}: files and network URLs (FFmpeg demux + decode,
 *       then {@code sws_scale} whose destination pointer is the claimed slot itself);</li>
 *   <li>{@link io.framebus.capture.V4l2Source}: {@code /dev/videoN} cameras (needs FFmpeg's
 *       avdevice library, loaded only when a camera is opened);</li>
 *   <li>{@link io.framebus.capture.TestPatternSource}: synthetic moving colour bars and a frame
 *       counter, drawn directly into the slot.</li>
 * </ul>
 *
 * <p>Only FFmpeg's avutil, avcodec, avformat and swscale (plus swresample, which avcodec links)
 * are loaded for files and URLs. None of them needs PulseAudio, ALSA or X11 libraries.
 */
package io.framebus.capture;
