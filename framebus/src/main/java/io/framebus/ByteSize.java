package io.framebus;

import java.util.Locale;

/** Byte counts as framebus writes them in messages ("2 MiB", "1.5 GiB") and reads them on command lines ("64k"). */
public final class ByteSize {
    private ByteSize() {
    }

    /**
     * Formats a byte count for people: exact below 1 KiB, else one decimal at most, in the largest binary unit
     * that keeps the number at least 1 (up to TiB).
     *
     * @param n a byte count
     * @return it in binary units: 512 B, 4 KiB, 2 MiB, 1.5 GiB
     */
    public static String format(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return (v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v))
                + " " + units[u];
    }

    /**
     * Parses a byte count as written on a command line: a whole number with an optional binary unit k, m, g or
     * t (any case, {@code b} and {@code ib} suffixes ignored).
     *
     * @param text "64k", "25m", "1g", "1GiB", "4096"...
     * @return the byte count
     * @throws IllegalArgumentException when the text is not a byte size
     */
    public static long parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace("ib", "").replace("b", "");
        long multiplier = 1;
        if (!t.isEmpty()) {
            switch (t.charAt(t.length() - 1)) {
                case 'k' -> multiplier = 1L << 10;
                case 'm' -> multiplier = 1L << 20;
                case 'g' -> multiplier = 1L << 30;
                case 't' -> multiplier = 1L << 40;
                default -> multiplier = 1;
            }
            if (multiplier != 1) {
                t = t.substring(0, t.length() - 1);
            }
        }
        try {
            return Math.multiplyExact(Long.parseLong(t.trim()), multiplier);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("not a byte size: '" + text + "' (use e.g. 4096, 64k, 25m, 1g)");
        }
    }
}
