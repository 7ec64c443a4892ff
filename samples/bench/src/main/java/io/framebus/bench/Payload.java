package io.framebus.bench;

import java.util.List;
import java.util.Locale;

/**
 * A frame size of the matrix.
 *
 * @param id          short name used on the command line and in file names ("1080p")
 * @param bytes       payload bytes per frame
 * @param description what it is ("1080p BGR24")
 * @param width       video width, or 0
 * @param height      video height, or 0
 * @param tensor      true for the 1x3x640x640 float32 tensor
 */
public record Payload(String id, long bytes, String description, int width, int height, boolean tensor) {
    public static final Payload KIB_64 = new Payload("64k", 64 * 1024, "64 KiB", 0, 0, false);
    public static final Payload TENSOR = new Payload("tensor", 3L * 640 * 640 * 4, "1x3x640x640 float32 tensor", 0, 0,
            true);
    public static final Payload HD_1080P = new Payload("1080p", 1920L * 1080 * 3, "1080p BGR24", 1920, 1080, false);
    public static final Payload UHD_4K = new Payload("4k", 3840L * 2160 * 3, "4K BGR24", 3840, 2160, false);

    public static final List<Payload> ALL = List.of(KIB_64, TENSOR, HD_1080P, UHD_4K);

    public Payload {
        if (bytes < 8 || bytes > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("payload must be 8 B .. 2 GiB, got " + bytes);
        }
    }

    /** One of 64k, tensor, 1080p, 4k, or a number of bytes. */
    public static Payload parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (Payload p : ALL) {
            if (p.id.equals(t)) {
                return p;
            }
        }
        try {
            long n = Long.parseLong(t.replace("_", ""));
            return new Payload(Long.toString(n), n, String.format(Locale.ROOT, "%,d B", n), 0, 0, false);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("unknown payload '" + text + "': one of 64k, tensor, 1080p, 4k, or a"
                    + " number of bytes");
        }
    }

    /** "1080p BGR24 (6,220,800 B)". */
    public String label() {
        return description + String.format(Locale.ROOT, " (%,d B)", bytes);
    }

    @Override
    public String toString() {
        return id;
    }
}
