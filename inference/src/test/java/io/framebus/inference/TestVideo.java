package io.framebus.inference;

import io.framebus.ChannelWriter;
import io.framebus.FrameClaim;
import io.framebus.PixelFormat;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.PointerPointer;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.time.Duration;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;
import static org.bytedeco.ffmpeg.global.swscale.*;

/**
 * Test helper: decodes a video file with FFmpeg (bytedeco presets) and converts each frame to BGR24
 * straight into a claimed slot (sws_scale's destination pointer is the slot's address).
 */
public final class TestVideo implements AutoCloseable {
    private static final int EAGAIN;

    static {
        Loader.load(org.bytedeco.ffmpeg.global.avutil.class);
        EAGAIN = AVERROR_EAGAIN();
        av_log_set_level(AV_LOG_ERROR);
    }

    private final AVFormatContext fmt;
    private final AVCodecContext dec;
    private final int streamIndex;
    private final AVRational timeBase;
    private final AVPacket packet = av_packet_alloc();
    private final AVFrame frame = av_frame_alloc();
    private SwsContext sws;
    private boolean draining;
    private long index = -1;

    public TestVideo(Path file) {
        fmt = avformat_alloc_context();
        check(avformat_open_input(fmt, file.toString(), null, (AVDictionary) null), "open " + file);
        check(avformat_find_stream_info(fmt, (PointerPointer<?>) null), "find_stream_info");
        streamIndex = check(av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, (AVCodec) null, 0), "no video stream");
        timeBase = fmt.streams(streamIndex).time_base();
        AVCodec codec = avcodec_find_decoder(fmt.streams(streamIndex).codecpar().codec_id());
        dec = avcodec_alloc_context3(codec);
        check(avcodec_parameters_to_context(dec, fmt.streams(streamIndex).codecpar()), "parameters_to_context");
        dec.thread_count(1);
        check(avcodec_open2(dec, codec, (AVDictionary) null), "avcodec_open2");
    }

    public int width() {
        return dec.width();
    }

    public int height() {
        return dec.height();
    }

    /** Index (0-based) of the current frame. */
    public long index() {
        return index;
    }

    /** Decodes the next frame; false at the end. */
    public boolean next() {
        while (true) {
            int r = avcodec_receive_frame(dec, frame);
            if (r == 0) {
                index++;
                return true;
            }
            if (r == AVERROR_EOF) {
                return false;
            }
            if (r != EAGAIN) {
                check(r, "receive_frame");
            }
            if (draining) {
                return false;
            }
            r = av_read_frame(fmt, packet);
            if (r < 0) {
                avcodec_send_packet(dec, (AVPacket) null);
                draining = true;
                continue;
            }
            if (packet.stream_index() == streamIndex) {
                avcodec_send_packet(dec, packet);
            }
            av_packet_unref(packet);
        }
    }

    /** Decodes until the current frame is {@code target} (0-based). */
    public void seekForward(long target) {
        while (index < target) {
            if (!next()) {
                throw new IllegalStateException("video ended at frame " + index + " before " + target);
            }
        }
    }

    public long ptsMicros() {
        long pts = frame.best_effort_timestamp();
        return pts == AV_NOPTS_VALUE ? -1 : av_rescale_q(pts, timeBase, av_make_q(1, 1_000_000));
    }

    /** Converts the current frame to BGR24 into {@code dst} with {@code stride} bytes per row. */
    public void writeBgr(MemorySegment dst, int stride) {
        int w = frame.width();
        int h = frame.height();
        if (dst.byteSize() < (long) stride * h) {
            throw new IllegalArgumentException("slot too small");
        }
        sws = sws_getCachedContext(sws, w, h, frame.format(), w, h, AV_PIX_FMT_BGR24, SWS_BILINEAR, null, null,
                (DoublePointer) null);
        try (PointerPointer<BytePointer> dstData = new PointerPointer<>(4);
             IntPointer dstLines = new IntPointer(stride, 0, 0, 0);
             BytePointer target = new BytePointer(dst.asByteBuffer())) {
            dstData.put(0, target);
            int rows = sws_scale(sws, frame.data(), frame.linesize(), 0, h, dstData, dstLines);
            if (rows != h) {
                throw new IllegalStateException("sws_scale wrote " + rows + " rows of " + h);
            }
        }
    }

    /** Claims a slot, writes the current frame into it as BGR24 and publishes it; returns its sequence. */
    public long publish(ChannelWriter writer) {
        FrameClaim claim = writer.claim(Duration.ofSeconds(10));
        if (claim == null) {
            throw new IllegalStateException("no free slot on " + writer.name());
        }
        int stride = TestSupport.stride(width());
        writeBgr(claim.segment(), stride);
        return claim.video(width(), height(), stride, PixelFormat.BGR24).pts(ptsMicros()).publish();
    }

    @Override
    public void close() {
        if (sws != null) {
            sws_freeContext(sws);
        }
        av_frame_free(frame);
        av_packet_free(packet);
        avcodec_free_context(dec);
        avformat_close_input(fmt);
    }

    private static int check(int r, String what) {
        if (r < 0) {
            byte[] buf = new byte[256];
            av_strerror(r, buf, buf.length);
            int n = 0;
            while (n < buf.length && buf[n] != 0) {
                n++;
            }
            throw new IllegalStateException(what + " failed: " + new String(buf, 0, n));
        }
        return r;
    }
}
