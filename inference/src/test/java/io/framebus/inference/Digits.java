package io.framebus.inference;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Digits drawn white on black into a BGR24 picture, as MNIST writes them: for tests of the MNIST path. */
public final class Digits {
    private Digits() {
    }

    /** A white vertical stroke on black, as MNIST draws a 1, in a {@code size x size} BGR24 picture (stride size*3). */
    public static void drawOne(MemorySegment bgr, int size) {
        double s = size / 56.0;
        for (int y = (int) (10 * s); y < (int) (46 * s); y++) {
            for (int x = (int) (26 * s); x < (int) (31 * s); x++) {
                white(bgr, size, x, y);
            }
        }
    }

    /** A white ring, as MNIST draws a 0. */
    public static void drawZero(MemorySegment bgr, int size) {
        double c = (size - 1) / 2.0;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double dx = (x - c) / (11 * size / 56.0);
                double dy = (y - c) / (17 * size / 56.0);
                double r = Math.sqrt(dx * dx + dy * dy);
                if (r > 0.72 && r < 1.0) {
                    white(bgr, size, x, y);
                }
            }
        }
    }

    private static void white(MemorySegment bgr, int size, int x, int y) {
        for (int c = 0; c < 3; c++) {
            bgr.set(ValueLayout.JAVA_BYTE, (long) y * size * 3 + x * 3L + c, (byte) 255);
        }
    }
}
