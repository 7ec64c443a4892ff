package io.framebus.bench;

import java.util.Locale;

/** Number formats of the table, the progress lines and the HTML page. */
final class BenchFormat {
    private BenchFormat() {
    }

    /** Microseconds as "850 us", "12.3 ms" or "1.20 s"; "-" for null. */
    static String micros(Double us) {
        if (us == null) {
            return "-";
        }
        if (us < 1_000) {
            return String.format(Locale.ROOT, "%.0f us", us);
        }
        if (us < 1_000_000) {
            return String.format(Locale.ROOT, us < 10_000 ? "%.2f ms" : "%.1f ms", us / 1e3);
        }
        return String.format(Locale.ROOT, "%.2f s", us / 1e6);
    }

    /** Frames per second with thousands separators, 1 decimal under 100. */
    static String fps(Double fps) {
        if (fps == null) {
            return "-";
        }
        return String.format(Locale.ROOT, fps < 100 ? "%,.1f" : "%,.0f", fps);
    }

    /** A ratio as "0.35x" or "12x". */
    static String ratio(Double r) {
        if (r == null) {
            return "-";
        }
        return String.format(Locale.ROOT, r >= 10 ? "%.0fx" : "%.2fx", r);
    }

    static String percent(Double share) {
        return share == null ? "-" : String.format(Locale.ROOT, "%.0f%%", share * 100);
    }

    static String number(Double v, int decimals) {
        return v == null ? "-" : String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }

    /** CPU seconds per frame as milliseconds. */
    static String cpuMs(Double seconds) {
        if (seconds == null) {
            return "-";
        }
        double ms = seconds * 1e3;
        return String.format(Locale.ROOT, ms < 1 ? "%.3f" : ms < 10 ? "%.2f" : "%.1f", ms);
    }

    /** Seconds as "0.3 s", "45 s" or "12m05s". */
    static String duration(double seconds) {
        if (seconds < 10 && Math.abs(seconds - Math.round(seconds)) > 0.05) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        long s = Math.round(seconds);
        return s < 60 ? s + " s" : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
