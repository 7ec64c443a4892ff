package io.framebus.media;

import org.bytedeco.javacpp.Loader;

import java.util.function.Function;

import static org.bytedeco.ffmpeg.global.avformat.avformat_network_init;
import static org.bytedeco.ffmpeg.global.avutil.*;

/**
 * Loads the FFmpeg libraries capture and the encoder need (avutil, avcodec, avformat, swscale) and
 * formats their errors. Never loads avdevice, whose bundled build needs libpulse0 (see
 * {@code io.framebus.capture.AvDevice}, loaded only for cameras).
 */
public final class Ffmpeg {
    /**
     * {@code AVERROR(EAGAIN)}. {@code AVERROR_EAGAIN()} lives in a presets class whose use does not
     * load the native library, so the library is loaded explicitly first.
     */
    public static final int EAGAIN;

    static {
        Loader.load(org.bytedeco.ffmpeg.global.avutil.class);
        Loader.load(org.bytedeco.ffmpeg.global.avcodec.class);
        Loader.load(org.bytedeco.ffmpeg.global.avformat.class);
        Loader.load(org.bytedeco.ffmpeg.global.swscale.class);
        av_log_set_level(AV_LOG_ERROR);
        avformat_network_init();
        EAGAIN = AVERROR_EAGAIN();
    }

    private Ffmpeg() {
    }

    /** Forces the static initialiser (library loading) to run. */
    public static void load() {
    }

    /** FFmpeg's text for error code {@code code} (as {@code av_strerror}). */
    public static String error(int code) {
        byte[] buf = new byte[256]; // a BytePointer's getString() would read past the NUL
        av_strerror(code, buf, buf.length);
        int n = 0;
        while (n < buf.length && buf[n] != 0) {
            n++;
        }
        return new String(buf, 0, n, java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Returns {@code result} when it is not negative, else throws the exception {@code failure} makes
     * from a message naming {@code what} and FFmpeg's error text.
     */
    public static int check(int result, String what, Function<String, ? extends RuntimeException> failure) {
        if (result < 0) {
            throw failure.apply(what + ": " + error(result) + " (FFmpeg error " + result + ")");
        }
        return result;
    }
}
