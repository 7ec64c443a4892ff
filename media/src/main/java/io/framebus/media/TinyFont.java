package io.framebus.media;

/** Digits 0-9 as 3x5 bitmaps (bit 14 = top-left, row by row), for frame counters and box labels. */
public final class TinyFont {
    public static final int WIDTH = 3;
    public static final int HEIGHT = 5;
    private static final int[] DIGITS = {
        0b111_101_101_101_111, // 0
        0b010_110_010_010_111, // 1
        0b111_001_111_100_111, // 2
        0b111_001_111_001_111, // 3
        0b101_101_111_001_001, // 4
        0b111_100_111_001_111, // 5
        0b111_100_111_101_111, // 6
        0b111_001_010_010_010, // 7
        0b111_101_111_101_111, // 8
        0b111_101_111_001_111, // 9
    };

    private TinyFont() {
    }

    /** Whether pixel ({@code x}, {@code y}) of {@code digit}'s glyph is set. */
    public static boolean pixel(int digit, int x, int y) {
        return (DIGITS[digit] >> (14 - (y * WIDTH + x)) & 1) != 0;
    }
}
