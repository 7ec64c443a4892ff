package io.framebus.capture;

import io.framebus.media.Ffmpeg;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOInterruptCB;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

import java.util.Locale;
import java.util.Set;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;

/**
 * Demuxes and decodes the best video stream of one input with the FFmpeg C API: the decoded
 * picture stays in the decoder's own {@link AVFrame} (its reference frames), from which
 * {@link SlotScaler} converts it straight into a slot. Also keeps presentation times in
 * microseconds, monotonic across {@link #rewind()}.
 *
 * <p>After opening, decoding allocates no Java objects: every struct view used per frame is
 * fetched once here.
 */
final class FfmpegDecoder implements AutoCloseable {
    private static final Set<String> LIVE_SCHEMES = Set.of("rtsp", "rtsps", "rtmp", "rtmps", "rtp", "udp", "srt",
            "tcp", "unix");
    private static final AVRational MICROS;

    static {
        Ffmpeg.load();
        MICROS = av_make_q(1, 1_000_000);
    }

    private final String url;
    private final AVFormatContext fmt;
    private final AVCodecContext dec;
    private final AVStream stream;
    private final int streamIndex;
    private final AVPacket packet;
    private final AVFrame frame;
    /**
     * {@code frame->data} and {@code frame->linesize}: arrays inside the AVFrame struct, whose address never
     * changes.
     */
    private final PointerPointer<?> frameData;
    private final IntPointer frameLinesize;
    private final AVRational timeBase;
    private final AVIOInterruptCB.Callback_Pointer interrupt;
    private final int fpsNum;
    private final int fpsDen;
    private final long frameCount;
    private final long frameMicros;
    private final boolean live;
    private final String codecName;
    private final String pixelFormatName;
    private volatile boolean aborted;
    /** While opening: System.nanoTime() after which the interrupt callback aborts; Long.MAX_VALUE = none. */
    private volatile long openDeadline = Long.MAX_VALUE;
    private volatile boolean opening;
    private boolean draining;
    private boolean closed;
    private long firstRawPts = AV_NOPTS_VALUE;
    private long loopOffsetMicros;
    private long ptsMicros = -1;
    private long durationMicros;
    private int loops;

    FfmpegDecoder(String url, FfmpegOptions options) {
        this.url = url;
        AVInputFormat inputFormat = null;
        if (options.inputFormat() != null) {
            inputFormat = av_find_input_format(options.inputFormat());
            if (inputFormat == null || inputFormat.isNull()) {
                throw new CaptureException("FFmpeg input format '" + options.inputFormat() + "' is not available"
                        + ("v4l2".equals(options.inputFormat())
                        ? " (it lives in libavdevice; open cameras with V4l2Source)" : ""));
            }
        }
        String scheme = scheme(url);
        boolean network = scheme != null && !scheme.equals("file");
        AVFormatContext ctx = avformat_alloc_context();
        // The interrupt callback lets abort() end a blocking open or read. It is an upcall that allocates a
        // small Java object per call, so it is installed only where reads can block: devices and network.
        if (network || inputFormat != null) {
            interrupt = new AVIOInterruptCB.Callback_Pointer() {
                @Override
                public int call(Pointer opaque) {
                    return aborted || (opening && System.nanoTime() - openDeadline > 0) ? 1 : 0;
                }
            };
            interrupt.retainReference();
            ctx.interrupt_callback().callback(interrupt);
        } else {
            interrupt = null;
        }
        AVDictionary dict = new AVDictionary(null);
        options.options().forEach((k, v) -> av_dict_set(dict, k, v, 0));
        long timeoutNanos = options.openTimeout().toNanos();
        if (timeoutNanos > 0) {
            openDeadline = System.nanoTime() + timeoutNanos;
        }
        opening = true;
        int r = avformat_open_input(ctx, url, inputFormat, dict); // frees ctx on failure
        av_dict_free(dict);
        if (r < 0) {
            opening = false;
            releaseInterrupt();
            boolean timedOut = r == AVERROR_EXIT && !aborted && System.nanoTime() - openDeadline > 0;
            throw new CaptureException("cannot open video source '" + url + "': " + (timedOut
                    ? "no answer within the open timeout of " + options.openTimeout().toMillis() + " ms"
                    : Ffmpeg.error(r)) + " (avformat_open_input returned " + r + ")");
        }
        this.fmt = ctx;
        try {
            r = avformat_find_stream_info(fmt, (PointerPointer<?>) null);
            opening = false;
            if (r < 0) {
                throw new CaptureException("cannot read stream information of '" + url + "': " + Ffmpeg.error(r));
            }
            streamIndex = av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, (AVCodec) null, 0);
            if (streamIndex < 0) {
                throw new CaptureException("'" + url + "' has no video stream (" + Ffmpeg.error(streamIndex) + ")");
            }
            stream = fmt.streams(streamIndex);
            AVCodecParameters par = stream.codecpar();
            AVCodec codec = avcodec_find_decoder(par.codec_id());
            if (codec == null || codec.isNull()) {
                throw new CaptureException("no decoder for the video codec of '" + url + "' ("
                        + avcodec_get_name(par.codec_id()).getString() + ") in this FFmpeg build");
            }
            dec = avcodec_alloc_context3(codec);
            Ffmpeg.check(avcodec_parameters_to_context(dec, par), "avcodec_parameters_to_context for " + url,
                    CaptureException::new);
            int threads = options.decoderThreads();
            dec.thread_count(threads);
            dec.thread_type(threads == 1 ? AVCodecContext.FF_THREAD_SLICE
                    : AVCodecContext.FF_THREAD_FRAME | AVCodecContext.FF_THREAD_SLICE);
            timeBase = stream.time_base();
            dec.pkt_timebase(timeBase);
            Ffmpeg.check(avcodec_open2(dec, codec, (AVDictionary) null), "opening the decoder for " + url,
                    CaptureException::new);
            codecName = avcodec_get_name(par.codec_id()).getString();
            BytePointer pixName = av_get_pix_fmt_name(dec.pix_fmt());
            pixelFormatName = pixName == null || pixName.isNull() ? "unknown" : pixName.getString();
            if (dec.width() <= 0 || dec.height() <= 0) {
                throw new CaptureException("'" + url + "' has a video stream of unknown size");
            }
            int[] rate = frameRate(stream);
            fpsNum = rate[0];
            fpsDen = rate[1];
            frameMicros = Math.max(1, Math.round(1_000_000.0 * fpsDen / fpsNum));
            frameCount = stream.nb_frames() > 0 ? stream.nb_frames() : -1;
            live = inputFormat != null || (scheme != null && LIVE_SCHEMES.contains(scheme))
                    || (network && fmt.duration() == AV_NOPTS_VALUE);
            packet = av_packet_alloc();
            frame = av_frame_alloc();
            frameData = frame.data();
            frameLinesize = frame.linesize();
        } catch (RuntimeException e) {
            closeNative();
            throw e;
        }
    }

    private static int[] frameRate(AVStream st) {
        AVRational avg = st.avg_frame_rate();
        if (avg.num() > 0 && avg.den() > 0) {
            return new int[] {avg.num(), avg.den()};
        }
        AVRational real = st.r_frame_rate();
        if (real.num() > 0 && real.den() > 0) {
            return new int[] {real.num(), real.den()};
        }
        return new int[] {25, 1};
    }

    /** The URL scheme in lower case ("rtsp"), or null for a plain path. */
    static String scheme(String url) {
        int colon = url.indexOf("://");
        if (colon <= 0) {
            return null;
        }
        String s = url.substring(0, colon).toLowerCase(Locale.ROOT);
        return s.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.') ? s : null;
    }

    /**
     * Decodes the next picture into {@link #frame()}.
     *
     * @return false at the end of the input or after {@link #abort()}
     */
    boolean decodeNext() {
        while (true) {
            if (aborted) {
                return false;
            }
            int r = avcodec_receive_frame(dec, frame);
            if (r == 0) {
                stamp();
                return true;
            }
            if (r == AVERROR_EOF) {
                return false;
            }
            if (r != Ffmpeg.EAGAIN) {
                Ffmpeg.check(r, "decoding " + url, CaptureException::new);
            }
            if (draining) {
                continue;
            }
            r = av_read_frame(fmt, packet);
            if (r < 0) {
                if (r != AVERROR_EOF && !aborted && r != AVERROR_EXIT) {
                    throw new CaptureException("reading '" + url + "' failed: " + Ffmpeg.error(r)
                            + " (av_read_frame returned " + r + ")");
                }
                avcodec_send_packet(dec, (AVPacket) null); // drain the frames the decoder still holds
                draining = true;
                continue;
            }
            if (packet.stream_index() == streamIndex) {
                r = avcodec_send_packet(dec, packet);
                if (r < 0 && r != AVERROR_INVALIDDATA) { // a corrupt packet is skipped, as ffmpeg does
                    av_packet_unref(packet);
                    Ffmpeg.check(r, "decoding " + url, CaptureException::new);
                }
            }
            av_packet_unref(packet);
        }
    }

    private void stamp() {
        long raw = frame.best_effort_timestamp();
        if (raw == AV_NOPTS_VALUE) {
            raw = frame.pts();
        }
        long us;
        if (raw == AV_NOPTS_VALUE) {
            us = ptsMicros < 0 ? 0 : ptsMicros + frameMicros;
        } else {
            if (firstRawPts == AV_NOPTS_VALUE) {
                firstRawPts = raw;
            }
            us = loopOffsetMicros + av_rescale_q(raw - firstRawPts, timeBase, MICROS);
        }
        if (ptsMicros >= 0 && us <= ptsMicros) {
            us = ptsMicros + frameMicros; // keep presentation times strictly increasing
        }
        ptsMicros = us;
        long d = frame.duration();
        durationMicros = d > 0 ? av_rescale_q(d, timeBase, MICROS) : frameMicros;
    }

    /**
     * Seeks back to the first frame. The next presentation time continues after the last one.
     *
     * @return false when the input cannot seek (live inputs)
     */
    boolean rewind() {
        if (live) {
            return false;
        }
        long start = stream.start_time() != AV_NOPTS_VALUE ? stream.start_time() : 0;
        if (av_seek_frame(fmt, streamIndex, start, AVSEEK_FLAG_BACKWARD) < 0) {
            return false;
        }
        avcodec_flush_buffers(dec); // required after draining to EOF, else the decoder stays at EOF
        draining = false;
        if (ptsMicros >= 0) {
            loopOffsetMicros = ptsMicros + durationMicros;
            if (firstRawPts == AV_NOPTS_VALUE) {
                loopOffsetMicros = 0;
            }
        }
        loops++;
        return true;
    }

    void abort() {
        aborted = true;
    }

    AVFrame frame() {
        return frame;
    }

    PointerPointer<?> frameData() {
        return frameData;
    }

    IntPointer frameLinesize() {
        return frameLinesize;
    }

    long ptsMicros() {
        return Math.max(0, ptsMicros);
    }

    int width() {
        return dec.width();
    }

    int height() {
        return dec.height();
    }

    int fpsNum() {
        return fpsNum;
    }

    int fpsDen() {
        return fpsDen;
    }

    long frameCount() {
        return frameCount;
    }

    boolean live() {
        return live;
    }

    String codecName() {
        return codecName;
    }

    String pixelFormatName() {
        return pixelFormatName;
    }

    int loops() {
        return loops;
    }

    private void releaseInterrupt() {
        if (interrupt != null) {
            interrupt.releaseReference();
        }
    }

    private void closeNative() {
        if (frame != null) {
            av_frame_free(frame);
        }
        if (packet != null) {
            av_packet_free(packet);
        }
        if (dec != null) {
            avcodec_free_context(dec);
        }
        avformat_close_input(fmt);
        releaseInterrupt();
    }

    /** Frees everything. Idempotent: a second free would crash the JVM. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        aborted = true;
        closeNative();
    }
}
