package io.framebus.capture;

import io.framebus.media.Ffmpeg;
import org.bytedeco.javacpp.Loader;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads FFmpeg's libavdevice (V4L2, ALSA, X11 grab...) on first use, and only then. The bundled
 * libavdevice links {@code libpulse.so.0}, {@code libasound.so.2}, {@code libxcb.so.1} and
 * {@code libxcb-shm.so.0}, which minimal machines lack; files and network URLs never need it.
 */
final class AvDevice {
    /** Shared library name to the Debian/Ubuntu package that provides it. */
    private static final Map<String, String> PACKAGES = new LinkedHashMap<>();
    private static final Pattern MISSING =
            Pattern.compile("(lib[\\w.+-]+\\.so[.\\d]*): cannot open shared object file");

    static {
        PACKAGES.put("libpulse.so.0", "libpulse0");
        PACKAGES.put("libasound.so.2", "libasound2");
        PACKAGES.put("libxcb.so.1", "libxcb1");
        PACKAGES.put("libxcb-shm.so.0", "libxcb-shm0");
    }

    private static boolean loaded;

    private AvDevice() {
    }

    /**
     * Loads libavdevice and registers its devices.
     *
     * @throws CaptureException naming the missing system library and the {@code apt-get} command that installs it
     */
    static synchronized void load() {
        if (loaded) {
            return;
        }
        Ffmpeg.load();
        try {
            Loader.load(org.bytedeco.ffmpeg.global.avdevice.class);
            org.bytedeco.ffmpeg.global.avdevice.avdevice_register_all();
            loaded = true;
        } catch (UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError e) {
            throw new CaptureException(message(e), e);
        }
    }

    static String message(Throwable e) {
        String detail = deepest(e);
        Matcher m = MISSING.matcher(detail);
        String missing = m.find() ? m.group(1) : null;
        String pkg = missing == null ? null : PACKAGES.get(missing);
        StringBuilder b = new StringBuilder("V4L2 capture needs FFmpeg's libavdevice, which could not be loaded");
        if (missing != null) {
            b.append(": the system library ").append(missing).append(" is missing");
        }
        b.append(". Install ");
        if (pkg != null) {
            b.append("it with `apt-get install ").append(pkg).append("`; libavdevice also needs ");
        } else {
            b.append("the libraries it links with ");
        }
        b.append("libpulse.so.0, libasound.so.2, libxcb.so.1 and libxcb-shm.so.0, so on a minimal image run "
                + "`apt-get install libpulse0 libasound2 libxcb1 libxcb-shm0`. Files and network URLs work "
                + "without them (cause: ").append(detail).append(')');
        return b.toString();
    }

    private static String deepest(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null) {
                if (!all.isEmpty()) {
                    all.append(" <- ");
                }
                all.append(t.getMessage());
            }
        }
        return all.isEmpty() ? e.toString() : all.toString();
    }
}
