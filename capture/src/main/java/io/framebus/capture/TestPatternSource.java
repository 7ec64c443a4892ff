package io.framebus.capture;

import io.framebus.media.TinyFont;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Synthetic frames, drawn directly into the slot with no decoder: eight vertical colour bars that
 * move left by a few pixels per frame, and a black box in the top-left corner showing the frame
 * number in white digits. Every byte of a frame is a function of its frame number only
 * ({@link #render}), so a reader can check exactly what it received.
 *
 * <p>The first row is drawn into the slot, then copied within the slot to the other rows; the
 * counter is drawn last. Nothing is allocated per frame.
 */
public final class TestPatternSource implements VideoSource {
    /** White, yellow, cyan, green, magenta, red, blue, black as B, G, R. */
    private static final byte[][] BARS = {
        {(byte) 255, (byte) 255, (byte) 255}, {0, (byte) 255, (byte) 255}, {(byte) 255, (byte) 255, 0},
        {0, (byte) 255, 0}, {(byte) 255, 0, (byte) 255}, {0, 0, (byte) 255}, {(byte) 255, 0, 0}, {0, 0, 0},
    };

    private final SourceInfo info;
    private final long framesPerPass;
    private final int[] digits = new int[20];
    private long produced = -1;
    private long inPass = -1;
    private volatile boolean aborted;

    /**
     * An endless pattern.
     *
     * @param width  frame width (at least 16)
     * @param height frame height (at least 16)
     * @param fps    nominal frame rate, used for presentation times and realtime pacing
     */
    public TestPatternSource(int width, int height, int fps) {
        this(width, height, fps, -1);
    }

    /**
     * A pattern of {@code frames} frames per pass ({@code -1}: endless); {@link #rewind()} starts another pass.
     */
    public TestPatternSource(int width, int height, int fps, long frames) {
        if (width < 16 || height < 16) {
            throw new IllegalArgumentException("test pattern needs at least 16x16 pixels, got " + width + "x" + height);
        }
        this.info = new SourceInfo(width, height, fps, 1, frames, "none",
                "test pattern " + width + "x" + height + " " + fps + " fps"
                        + (frames >= 0 ? ", " + frames + " frames" : ""));
        this.framesPerPass = frames;
    }

    @Override
    public SourceInfo info() {
        return info;
    }

    @Override
    public boolean advance() {
        if (aborted || (framesPerPass >= 0 && inPass + 1 >= framesPerPass)) {
            return false;
        }
        inPass++;
        produced++;
        return true;
    }

    /** The number of the current frame, counted from 0 over all passes: what the counter shows. */
    public long frameNumber() {
        return produced;
    }

    @Override
    public long ptsMicros() {
        return Math.max(0, produced) * 1_000_000L * info.fpsDen() / info.fpsNum();
    }

    @Override
    public void writeTo(MemorySegment target, int stride) {
        Targets.check(target, stride, info);
        render(target, stride, info.width(), info.height(), Math.max(0, produced), digits);
    }

    /** Draws frame {@code number} of the pattern into {@code target}; what {@link #writeTo} writes. */
    public static void render(MemorySegment target, int stride, int width, int height, long number) {
        render(target, stride, width, height, number, new int[20]);
    }

    private static void render(MemorySegment target, int stride, int width, int height, long number, int[] digits) {
        int barWidth = Math.max(1, width / BARS.length);
        int shift = (int) (number * Math.max(1, width / 160) % width);
        for (int x = 0; x < width; x++) {
            byte[] c = BARS[((x + shift) % width) / barWidth % BARS.length];
            long at = 3L * x;
            target.set(ValueLayout.JAVA_BYTE, at, c[0]);
            target.set(ValueLayout.JAVA_BYTE, at + 1, c[1]);
            target.set(ValueLayout.JAVA_BYTE, at + 2, c[2]);
        }
        long row = 3L * width;
        for (int y = 1; y < height; y++) {
            MemorySegment.copy(target, 0, target, (long) y * stride, row);
        }
        drawCounter(target, stride, width, height, number, digits);
    }

    private static void drawCounter(MemorySegment target, int stride, int width, int height, long number,
                                    int[] digits) {
        int count = 0;
        long n = number;
        do {
            digits[count++] = (int) (n % 10);
            n /= 10;
        } while (n > 0 && count < digits.length);
        int scale = Math.max(2, height / 48);
        int pad = scale;
        int boxW = Math.min(width, pad * 2 + count * (TinyFont.WIDTH + 1) * scale - scale);
        int boxH = Math.min(height, pad * 2 + TinyFont.HEIGHT * scale);
        fill(target, stride, 0, 0, boxW, boxH, (byte) 0);
        for (int i = 0; i < count; i++) {
            int digit = digits[count - 1 - i];
            int x0 = pad + i * (TinyFont.WIDTH + 1) * scale;
            for (int gy = 0; gy < TinyFont.HEIGHT; gy++) {
                for (int gx = 0; gx < TinyFont.WIDTH; gx++) {
                    if (TinyFont.pixel(digit, gx, gy)) {
                        int px = x0 + gx * scale;
                        int py = pad + gy * scale;
                        fill(target, stride, px, py, Math.min(boxW, px + scale), Math.min(boxH, py + scale),
                                (byte) 255);
                    }
                }
            }
        }
    }

    private static void fill(MemorySegment target, int stride, int x0, int y0, int x1, int y1, byte value) {
        if (x1 <= x0) {
            return;
        }
        for (int y = y0; y < y1; y++) {
            long from = (long) y * stride + 3L * x0;
            long to = (long) y * stride + 3L * x1;
            for (long at = from; at < to; at++) {
                target.set(ValueLayout.JAVA_BYTE, at, value);
            }
        }
    }

    @Override
    public boolean rewind() {
        inPass = -1;
        return true;
    }

    @Override
    public boolean isLive() {
        return false;
    }

    @Override
    public String note() {
        return "capture: test pattern drawn directly into the slot (no decoder, zero-copy)";
    }

    @Override
    public void abort() {
        aborted = true;
    }

    @Override
    public void close() {
        aborted = true;
    }
}
