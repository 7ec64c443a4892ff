package io.framebus.encoder;

import io.framebus.media.Ffmpeg;
import io.framebus.Frame;
import io.framebus.FrameKind;
import io.framebus.PixelFormat;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;

/**
 * Writes H.264 video into an MP4 file (or another container chosen by the file extension) from
 * packed RGB frames that live in framebus slots.
 *
 * <p>Per frame: {@link #load} runs {@code sws_scale} with the slot's own address as the source
 * pointer and the frame's stride as the source line size, converting straight into the encoder's
 * private YUV 4:2:0 {@code AVFrame} (the slot is only read, never written; {@code SlotYuvConverter}
 * does that part); the caller may draw on that private picture ({@link BoxPainter}); {@link #write()}
 * encodes it and muxes the packets.
 * Frames get consecutive timestamps at the constant frame rate given to {@link #open}. After the
 * first frame nothing is allocated on the Java heap per frame.
 *
 * <p>Encoder choice: libopenh264 (LGPL build) first, then libx264 (GPL build); with neither an
 * {@link EncoderException} says which FFmpeg build to use. libopenh264 leaves packet durations at
 * 0, which would make MP4 demuxers drop the last frame; each packet is given one frame's duration.
 *
 * <p>{@link #close()} flushes the encoder, writes the trailer and frees everything; it is
 * idempotent (freeing FFmpeg contexts twice would crash the JVM). One thread uses an encoder.
 */
public final class Mp4Encoder implements AutoCloseable {
    /** H.264 encoders tried in order when none is named. */
    static final String[] PREFERRED = {"libopenh264", "libx264"};

    private final Path path;
    private final int width;
    private final int height;
    private final int fps;
    private final String encoderName;
    private final long bitRate;
    private AVFormatContext oc;
    private AVCodecContext codec;
    private AVStream stream;
    private AVFrame picture;
    private AVPacket packet;
    private SlotYuvConverter converter;
    private AVRational codecTimeBase;
    private AVRational streamTimeBase;
    private long frames;
    private long packets;
    private long bytes;
    private boolean loaded;
    private boolean closed;

    private Mp4Encoder(Path path, int width, int height, int fps, EncoderOptions options) {
        Ffmpeg.load();
        this.path = path;
        this.width = width;
        this.height = height;
        this.fps = fps;
        AVCodec found = findEncoder(options.encoder());
        this.encoderName = found.name().getString();
        this.bitRate = options.bitRateFor(width, height, fps);
        try {
            open(found, options);
        } catch (RuntimeException e) {
            freeAll();
            closed = true;
            throw e;
        }
    }

    /**
     * Opens {@code file} for writing (creating parent directories) with an H.264 encoder of
     * {@code width x height} at {@code fps}. Odd sizes are rounded down to even (4:2:0 needs it);
     * frames of any size are scaled to the encoder's size.
     *
     * @throws EncoderException when no H.264 encoder exists, or the encoder or file cannot be opened
     */
    public static Mp4Encoder open(Path file, int width, int height, int fps, EncoderOptions options) {
        if (width < 2 || height < 2 || fps <= 0) {
            throw new IllegalArgumentException("encoder needs at least 2x2 pixels and a positive frame rate, got "
                    + width + "x" + height + " at " + fps + " fps");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            try {
                Files.createDirectories(parent);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create directory " + parent + " for " + file, e);
            }
        }
        return new Mp4Encoder(file, width & ~1, height & ~1, fps, options);
    }

    /** The encoder named {@code name}, or the first of {@link #PREFERRED} this FFmpeg build has. */
    static AVCodec findEncoder(String name) {
        Ffmpeg.load();
        if (name != null) {
            AVCodec c = avcodec_find_encoder_by_name(name);
            if (c == null || c.isNull()) {
                throw new EncoderException("encoder '" + name + "' is not in this FFmpeg build (" + avcodec_license()
                        .getString() + "); available H.264 encoders: " + available());
            }
            return c;
        }
        for (String candidate : PREFERRED) {
            AVCodec c = avcodec_find_encoder_by_name(candidate);
            if (c != null && !c.isNull()) {
                return c;
            }
        }
        throw new EncoderException("no H.264 encoder in this FFmpeg build (" + avcodec_license().getString()
                + "): neither libopenh264 nor libx264 is present. Use org.bytedeco:ffmpeg with classifier linux-x86_64"
                + " (LGPL, includes libopenh264) or linux-x86_64-gpl (GPL, includes libx264)");
    }

    /** Names of the software H.264 encoders this FFmpeg build has. */
    static String available() {
        StringBuilder b = new StringBuilder();
        for (String candidate : PREFERRED) {
            AVCodec c = avcodec_find_encoder_by_name(candidate);
            if (c != null && !c.isNull()) {
                b.append(b.isEmpty() ? "" : ", ").append(candidate);
            }
        }
        return b.isEmpty() ? "none" : b.toString();
    }

    private void open(AVCodec found, EncoderOptions options) {
        String file = path.toString();
        oc = new AVFormatContext(null);
        int r = avformat_alloc_output_context2(oc, null, null, file);
        if (r < 0 || oc.isNull()) {
            oc = null;
            throw new EncoderException("cannot choose a container for '" + file + "' from its extension (use .mp4): "
                    + Ffmpeg.error(r));
        }
        codec = avcodec_alloc_context3(found);
        codec.width(width).height(height).pix_fmt(AV_PIX_FMT_YUV420P);
        codec.time_base(av_make_q(1, fps));
        codec.framerate(av_make_q(fps, 1));
        codec.gop_size(Math.max(1, fps * 2));
        codec.max_b_frames(0); // no reordering: lowest latency, pts == dts
        codec.bit_rate(bitRate);
        codec.thread_count(options.threads());
        // sws_scale's default RGB -> YUV matrix is BT.601 limited range: say so in the stream.
        codec.colorspace(AVCOL_SPC_SMPTE170M).color_range(AVCOL_RANGE_MPEG)
                .color_primaries(AVCOL_PRI_SMPTE170M).color_trc(AVCOL_TRC_SMPTE170M);
        if ((oc.oformat().flags() & AVFMT_GLOBALHEADER) != 0) {
            codec.flags(codec.flags() | AV_CODEC_FLAG_GLOBAL_HEADER); // MP4 keeps SPS/PPS in avcC
        }
        AVDictionary opts = new AVDictionary(null);
        if (encoderName.equals("libopenh264")) {
            av_dict_set(opts, "rc_mode", "bitrate", 0);
            av_dict_set(opts, "allow_skip_frames", "0", 0); // every frame in, every frame out
        } else if (encoderName.startsWith("libx264")) {
            av_dict_set(opts, "preset", "veryfast", 0);
            av_dict_set(opts, "tune", "zerolatency", 0);
        }
        r = avcodec_open2(codec, found, opts);
        av_dict_free(opts);
        Ffmpeg.check(r, "opening encoder " + encoderName + " for " + width + "x" + height + " at " + fps + " fps",
                EncoderException::new);

        stream = avformat_new_stream(oc, null);
        if (stream == null || stream.isNull()) {
            throw new EncoderException("avformat_new_stream failed for " + file);
        }
        Ffmpeg.check(avcodec_parameters_from_context(stream.codecpar(), codec), "avcodec_parameters_from_context",
                EncoderException::new);
        stream.time_base(codec.time_base()); // a hint: the muxer picks its own in write_header
        if ((oc.oformat().flags() & AVFMT_NOFILE) == 0) {
            AVIOContext pb = new AVIOContext(null);
            Ffmpeg.check(avio_open(pb, file, AVIO_FLAG_WRITE), "cannot open " + file + " for writing",
                    EncoderException::new);
            oc.pb(pb);
        }
        Ffmpeg.check(avformat_write_header(oc, (AVDictionary) null), "writing the header of " + file,
                EncoderException::new);
        codecTimeBase = codec.time_base();
        streamTimeBase = stream.time_base(); // read after write_header: MP4 changes it (1/fps -> 1/(fps*1024))

        picture = av_frame_alloc();
        picture.format(AV_PIX_FMT_YUV420P).width(width).height(height);
        Ffmpeg.check(av_frame_get_buffer(picture, 0), "allocating the encoder's picture", EncoderException::new);
        converter = new SlotYuvConverter(picture, width, height);
        packet = av_packet_alloc();
    }

    /**
     * Converts a frame held from a channel into the encoder's picture, reading the slot in place.
     *
     * @throws EncoderException when the frame is not a packed RGB video frame or its geometry does
     *                          not fit its length (a corrupt descriptor must not make native code read
     *                          past the slot)
     */
    public YuvPicture load(Frame frame) {
        if (frame.kind() != FrameKind.VIDEO) {
            throw new EncoderException("frame " + frame.sequence() + " is " + frame.kind() + ", not VIDEO");
        }
        return load(frame.segment(), frame.width(), frame.height(), frame.stride(), frame.pixelFormat());
    }

    /**
     * Converts a packed picture at {@code pixels} ({@code stride} bytes per row) into the encoder's
     * private YUV 4:2:0 picture with {@code sws_scale}, whose source pointer is {@code pixels}'
     * address: no copy is made first. Scales if the size differs from the encoder's.
     *
     * @param format BGR24, RGB24, BGRA, RGBA or GRAY8
     * @return the picture, to draw on before {@link #write()}
     */
    public YuvPicture load(MemorySegment pixels, int frameWidth, int frameHeight, int stride, PixelFormat format) {
        ensureOpen();
        YuvPicture yuv = converter.convert(pixels, frameWidth, frameHeight, stride, format);
        loaded = true;
        return yuv;
    }

    /** Encodes the picture last {@link #load loaded} (with whatever was drawn on it) and muxes its packets. */
    public void write() {
        ensureOpen();
        if (!loaded) {
            throw new IllegalStateException("load a frame before write()");
        }
        loaded = false;
        picture.pts(frames);
        int r = avcodec_send_frame(codec, picture);
        if (r < 0) { // messages are built only on failure: no allocation per frame
            Ffmpeg.check(r, "encoding frame " + frames + " with " + encoderName, EncoderException::new);
        }
        frames++;
        drain();
    }

    /** {@link #load(Frame)} then {@link #write()}, without drawing. */
    public void encode(Frame frame) {
        load(frame);
        write();
    }

    private void drain() {
        while (true) {
            int r = avcodec_receive_packet(codec, packet);
            if (r == Ffmpeg.EAGAIN || r == AVERROR_EOF) {
                return;
            }
            if (r < 0) {
                Ffmpeg.check(r, "receiving a packet from " + encoderName, EncoderException::new);
            }
            if (packet.duration() <= 0) {
                packet.duration(1); // libopenh264 leaves 0: the MP4 would lose its last frame
            }
            av_packet_rescale_ts(packet, codecTimeBase, streamTimeBase);
            packet.stream_index(stream.index());
            packets++;
            bytes += packet.size();
            r = av_interleaved_write_frame(oc, packet); // consumes the packet
            if (r < 0) {
                Ffmpeg.check(r, "writing to " + path, EncoderException::new);
            }
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("encoder for " + path + " is closed");
        }
    }

    public Path path() {
        return path;
    }

    /** The FFmpeg encoder in use, e.g. "libopenh264". */
    public String encoderName() {
        return encoderName;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int fps() {
        return fps;
    }

    public long bitRate() {
        return bitRate;
    }

    /** Frames sent to the encoder. */
    public long frames() {
        return frames;
    }

    /** Bytes of compressed video muxed so far. */
    public long bytes() {
        return bytes;
    }

    public long packets() {
        return packets;
    }

    /** The source pointer the last {@code sws_scale} call read from (diagnostics: the slot's address). */
    public long lastSourceAddress() {
        return converter == null ? 0 : converter.lastSourceAddress();
    }

    /** Flushes the encoder, writes the trailer and frees everything. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            avcodec_send_frame(codec, (AVFrame) null);
            drain();
            Ffmpeg.check(av_write_trailer(oc), "writing the trailer of " + path, EncoderException::new);
        } finally {
            freeAll();
        }
    }

    private void freeAll() {
        if (oc != null && !oc.isNull() && (oc.oformat().flags() & AVFMT_NOFILE) == 0) {
            AVIOContext pb = oc.pb();
            if (pb != null && !pb.isNull()) {
                avio_closep(pb);
                oc.pb(null);
            }
        }
        if (converter != null) {
            converter.close();
        }
        if (picture != null) {
            av_frame_free(picture);
            picture = null;
        }
        if (packet != null) {
            av_packet_free(packet);
            packet = null;
        }
        if (codec != null) {
            avcodec_free_context(codec);
            codec = null;
        }
        if (oc != null) {
            avformat_free_context(oc);
            oc = null;
        }
    }
}
