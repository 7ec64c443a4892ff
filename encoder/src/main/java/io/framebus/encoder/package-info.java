/**
 * Encoder stage: reads frames in place from a framebus channel and writes H.264 MP4, with the
 * boxes of detection channels drawn on.
 *
 * <pre>{@code
 * try (ChannelReader frames = FrameChannel.attach("camera0", ReaderOptions.lossless());
 *      ChannelReader boxes = FrameChannel.attach("detections0", ReaderOptions.latest())) {
 *     EncodeSummary s = new EncoderStage().run(frames, List.of(boxes), Path.of("out.mp4"),
 *             EncoderOptions.defaults(), StageListener.NONE);
 * }
 * }</pre>
 *
 * <p>{@link io.framebus.encoder.Mp4Encoder} converts each frame with {@code sws_scale} reading
 * directly from the slot into the encoder's own YUV 4:2:0 picture; {@link io.framebus.encoder.BoxPainter}
 * then draws on that private picture. The shared slot is only ever read.
 *
 * <p>H.264 encoders: libopenh264 (in the LGPL {@code org.bytedeco:ffmpeg} build, the default
 * here), else libx264 (in the {@code linux-x86_64-gpl} build).
 */
package io.framebus.encoder;
