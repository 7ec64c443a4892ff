package io.framebus.encoder;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;

/**
 * Draws a box's label, "person 0.87", onto the encoder's private YUV picture. OpenCV's {@code putText}
 * renders the text, anti-aliased, into a private 8-bit coverage mask; the label is then composited into
 * the three planes: a background of the box's colour, the text blended into luma by coverage, and chroma
 * pulled towards grey where 2x2 blocks are covered, so the text stays neutral after 4:2:0 subsampling.
 *
 * <p>The mask, the text buffer and OpenCV's arguments are allocated once: drawing a label allocates
 * nothing on the Java heap. Used by one thread; {@link #close()} frees the native memory.
 */
final class LabelRenderer implements AutoCloseable {
    /** Rows of a label: even, so that labels cover whole chroma rows. */
    static final int HEIGHT = 16;
    private static final int MAX_WIDTH = 320;
    private static final int PAD = 3;
    private static final int BASELINE = 11;
    private static final double FONT_SCALE = 0.4;
    private static final int MAX_TEXT = 96;

    private final Mat mask = new Mat(HEIGHT, MAX_WIDTH, CV_8UC1);
    private final MemorySegment coverage;
    private final BytePointer text = new BytePointer(MAX_TEXT + 1);
    private final byte[] chars = new byte[MAX_TEXT + 1];
    private final Point origin = new Point(PAD, BASELINE);
    private final Scalar ink = new Scalar(255.0);
    private int length;

    /** Loads OpenCV's libraries (a second or more on a busy machine), so that the first label does not wait. */
    static void preload() {
        Loader.load(org.bytedeco.opencv.global.opencv_imgproc.class);
    }

    @SuppressWarnings("restricted") // a view of our own mask's pixels, HEIGHT x MAX_WIDTH bytes
    LabelRenderer() {
        coverage = MemorySegment.ofAddress(mask.data().address()).reinterpret((long) HEIGHT * MAX_WIDTH);
    }

    /**
     * Renders "{@code name} {@code score}" (the class id's digits when {@code name} is null) into the mask.
     *
     * @return the label's width in pixels, even, text and padding included
     */
    int render(String name, int classId, float score) {
        length = LabelText.format(name, classId, score, chars, MAX_TEXT);
        text.position(0).put(chars, 0, length);
        text.put(length, (byte) 0);
        coverage.fill((byte) 0);
        putText(mask, text, origin, FONT_HERSHEY_SIMPLEX, FONT_SCALE, ink, 1, LINE_AA, false);
        int right = 0;
        for (int y = 0; y < HEIGHT; y++) {
            long row = (long) y * MAX_WIDTH;
            for (int x = MAX_WIDTH - 1; x > right; x--) {
                if (coverage.get(ValueLayout.JAVA_BYTE, row + x) != 0) {
                    right = x;
                    break;
                }
            }
        }
        return Math.min(MAX_WIDTH, right + 1 + PAD + 1) & ~1;
    }

    /**
     * Composites the label last rendered at ({@code x0}, {@code y0}), both even, {@code width} wide.
     *
     * @param yv the background's luma (the box colour); text is dark on light colours, light on dark ones
     * @param uv the background's Cb
     * @param vv the background's Cr
     */
    void draw(YuvPicture p, int x0, int y0, int width, int yv, int uv, int vv) {
        BoxPainter.rect(p, x0, y0, x0 + width, y0 + HEIGHT, yv, uv, vv);
        int inkY = yv > 128 ? 16 : 235;
        for (int y = 0; y < HEIGHT; y += 2) {
            for (int x = 0; x < width; x += 2) {
                int sum = 0;
                for (int dy = 0; dy < 2; dy++) {
                    for (int dx = 0; dx < 2; dx++) {
                        int a = alpha(x + dx, y + dy);
                        if (a != 0) {
                            long at = (long) (y0 + y + dy) * p.yStride() + x0 + x + dx;
                            p.y().set(ValueLayout.JAVA_BYTE, at, (byte) (yv + (inkY - yv) * a / 255));
                            sum += a;
                        }
                    }
                }
                if (sum != 0) {
                    long c = (long) ((y0 + y) >> 1);
                    int cx = (x0 + x) >> 1;
                    p.u().set(ValueLayout.JAVA_BYTE, c * p.uStride() + cx, (byte) (uv + (128 - uv) * sum / 1020));
                    p.v().set(ValueLayout.JAVA_BYTE, c * p.vStride() + cx, (byte) (vv + (128 - vv) * sum / 1020));
                }
            }
        }
    }

    /** Coverage 0..255 of mask pixel ({@code x}, {@code y}). */
    int alpha(int x, int y) {
        return Byte.toUnsignedInt(coverage.get(ValueLayout.JAVA_BYTE, (long) y * MAX_WIDTH + x));
    }

    /** The text of the label last rendered, for tests. */
    String text() {
        return new String(chars, 0, length, java.nio.charset.StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        mask.close();
        text.close();
        origin.close();
        ink.close();
    }
}
