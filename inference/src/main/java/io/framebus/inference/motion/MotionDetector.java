package io.framebus.inference.motion;

import io.framebus.PixelFormat;
import io.framebus.pipeline.Detections;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds what moved between two video frames, reading both in place (typically two frames held in
 * their shared-memory slots): the frame is divided into square cells; a cell is active when the mean
 * absolute luma difference of its pixels exceeds a threshold; 8-connected active cells are merged
 * into one box each.
 *
 * <pre>{@code
 * MotionDetector motion = new MotionDetector();               // 16 px cells, threshold 12 (of 255)
 * List<Detections.Detection> boxes = motion.detect(previous.segment(), current.segment(),
 *         current.width(), current.height(), current.stride(), current.pixelFormat());
 * }</pre>
 *
 * <p>Luma is {@code (29 B + 150 G + 77 R) / 256} (BT.601 weights). Boxes have class
 * {@link #MOTION_CLASS}, cover whole cells (clipped to the frame) and score the component's mean
 * luma difference divided by 255. Per-cell sums and the component search use arrays sized once per
 * geometry: a call allocates only the returned list and its entries. Used by one thread.
 */
public final class MotionDetector {
    /** Class id of motion boxes. */
    public static final int MOTION_CLASS = -1;

    private static final ValueLayout.OfByte BYTE = ValueLayout.JAVA_BYTE;
    private static final Comparator<Detections.Detection> LARGEST_FIRST =
            Comparator.comparingDouble((Detections.Detection d) -> (d.x2() - d.x1()) * (d.y2() - d.y1())).reversed();

    private final int cellSize;
    private final float threshold;
    private final int minCells;
    private final int maxBoxes;
    private final int step;

    // per geometry
    private int width = -1;
    private int height = -1;
    private int gridWidth;
    private int gridHeight;
    private long[] cellSum = new long[0];
    private int[] cellSamples = new int[0];
    private boolean[] active = new boolean[0];
    private int[] queue = new int[0];
    private int activeCells;

    /**
     * 16 px cells, threshold 12 (mean luma difference on 0..255), components of 1+ cells, up to 32 boxes, every
     * pixel.
     */
    public MotionDetector() {
        this(16, 12f, 1, 32, 1);
    }

    /**
     * A detector with explicit settings.
     *
     * @param cellSize   cell edge in pixels
     * @param threshold  mean absolute luma difference (0..255) above which a cell is active
     * @param minCells   smallest component (in cells) reported as a box
     * @param maxBoxes   most boxes reported (largest first)
     * @param sampleStep compare every {@code sampleStep}-th pixel in x and y (1 = all; 2 = a quarter of the reads)
     */
    public MotionDetector(int cellSize, float threshold, int minCells, int maxBoxes, int sampleStep) {
        if (cellSize < 1 || sampleStep < 1 || sampleStep > cellSize || minCells < 1 || maxBoxes < 0) {
            throw new IllegalArgumentException("need cellSize >= 1, 1 <= sampleStep <= cellSize, minCells >= 1,"
                    + " maxBoxes >= 0; got " + cellSize + ", " + sampleStep + ", " + minCells + ", " + maxBoxes);
        }
        if (!(threshold >= 0 && threshold <= 255)) {
            throw new IllegalArgumentException("threshold is a luma difference within 0..255, got " + threshold);
        }
        this.cellSize = cellSize;
        this.threshold = threshold;
        this.minCells = minCells;
        this.maxBoxes = maxBoxes;
        this.step = sampleStep;
    }

    /** Cell edge in pixels. */
    public int cellSize() {
        return cellSize;
    }

    /** Mean absolute luma difference (0..255) above which a cell is active. */
    public float threshold() {
        return threshold;
    }

    /** Active cells found by the last {@link #detect}. */
    public int activeCells() {
        return activeCells;
    }

    /**
     * Compares two frames of the same geometry and format.
     *
     * @return motion boxes in pixels of the frames, largest first
     * @throws IllegalArgumentException when a segment is too small or the format is not packed 8-bit
     */
    public List<Detections.Detection> detect(MemorySegment previous, MemorySegment current, int width, int height,
                                             int stride, PixelFormat format) {
        if (format == null || !format.hasPackedSamples()) {
            throw new IllegalArgumentException("motion detection needs BGR24, RGB24, BGRA, RGBA or GRAY8 frames, got "
                    + format);
        }
        int bpp = format.bytesPerPixel();
        int ob = format.blueOffset();
        int og = format.greenOffset();
        int or = format.redOffset();
        long need = (long) (height - 1) * stride + (long) width * bpp;
        if (width <= 0 || height <= 0 || stride < width * bpp || previous.byteSize() < need
                || current.byteSize() < need) {
            throw new IllegalArgumentException("frames of " + previous.byteSize() + " and " + current.byteSize()
                    + " bytes cannot hold " + width + "x" + height + " " + format + " with stride " + stride);
        }
        if (width != this.width || height != this.height) {
            prepare(width, height);
        }
        java.util.Arrays.fill(cellSum, 0, gridWidth * gridHeight, 0L);
        if (bpp == 1) {
            sumGray(previous, current, stride);
        } else {
            sumColour(previous, current, stride, bpp, ob, og, or);
        }
        return components();
    }

    /** Accumulates |luma difference| x 256 per cell, reading both frames in place. */
    private void sumColour(MemorySegment prev, MemorySegment cur, int stride, int bpp, int ob, int og, int or) {
        final int cs = cellSize;
        final int s = step;
        final long pixelStep = (long) bpp * s;
        for (int cy = 0; cy < gridHeight; cy++) {
            int yEnd = Math.min(height, (cy + 1) * cs);
            int cellRow = cy * gridWidth;
            for (int y = cy * cs; y < yEnd; y += s) {
                long row = (long) y * stride;
                for (int cx = 0; cx < gridWidth; cx++) {
                    int x0 = cx * cs;
                    int xEnd = Math.min(width, x0 + cs);
                    long acc = 0;
                    long off = row + (long) x0 * bpp;
                    for (int x = x0; x < xEnd; x += s, off += pixelStep) {
                        int db = (cur.get(BYTE, off + ob) & 0xff) - (prev.get(BYTE, off + ob) & 0xff);
                        int dg = (cur.get(BYTE, off + og) & 0xff) - (prev.get(BYTE, off + og) & 0xff);
                        int dr = (cur.get(BYTE, off + or) & 0xff) - (prev.get(BYTE, off + or) & 0xff);
                        acc += Math.abs(29 * db + 150 * dg + 77 * dr);
                    }
                    cellSum[cellRow + cx] += acc;
                }
            }
        }
    }

    private void sumGray(MemorySegment prev, MemorySegment cur, int stride) {
        final int cs = cellSize;
        final int s = step;
        for (int cy = 0; cy < gridHeight; cy++) {
            int yEnd = Math.min(height, (cy + 1) * cs);
            int cellRow = cy * gridWidth;
            for (int y = cy * cs; y < yEnd; y += s) {
                long row = (long) y * stride;
                for (int cx = 0; cx < gridWidth; cx++) {
                    int x0 = cx * cs;
                    int xEnd = Math.min(width, x0 + cs);
                    long acc = 0;
                    for (int x = x0; x < xEnd; x += s) {
                        acc += Math.abs((cur.get(BYTE, row + x) & 0xff) - (prev.get(BYTE, row + x) & 0xff));
                    }
                    cellSum[cellRow + cx] += 256 * acc;
                }
            }
        }
    }

    /** Marks active cells and merges 8-connected ones into boxes. */
    private List<Detections.Detection> components() {
        int cells = gridWidth * gridHeight;
        int count = 0;
        for (int i = 0; i < cells; i++) {
            boolean on = cellSum[i] > threshold * 256.0 * cellSamples[i];
            active[i] = on;
            if (on) {
                count++;
            }
        }
        activeCells = count;
        List<Detections.Detection> boxes = new ArrayList<>();
        if (count == 0) {
            return boxes;
        }
        for (int start = 0; start < cells; start++) {
            if (!active[start]) {
                continue;
            }
            // breadth-first search; visited cells are switched off
            active[start] = false;
            int head = 0;
            int tail = 0;
            queue[tail++] = start;
            int minX = Integer.MAX_VALUE;
            int minY = Integer.MAX_VALUE;
            int maxX = -1;
            int maxY = -1;
            double diff = 0;
            long samples = 0;
            while (head < tail) {
                int c = queue[head++];
                int cx = c % gridWidth;
                int cy = c / gridWidth;
                minX = Math.min(minX, cx);
                maxX = Math.max(maxX, cx);
                minY = Math.min(minY, cy);
                maxY = Math.max(maxY, cy);
                diff += cellSum[c];
                samples += cellSamples[c];
                for (int dy = -1; dy <= 1; dy++) {
                    int ny = cy + dy;
                    if (ny < 0 || ny >= gridHeight) {
                        continue;
                    }
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = cx + dx;
                        if (nx < 0 || nx >= gridWidth) {
                            continue;
                        }
                        int n = ny * gridWidth + nx;
                        if (active[n]) {
                            active[n] = false;
                            queue[tail++] = n;
                        }
                    }
                }
            }
            if (tail < minCells) {
                continue;
            }
            float score = (float) Math.min(1.0, diff / (256.0 * samples) / 255.0);
            boxes.add(new Detections.Detection(MOTION_CLASS, score, minX * cellSize, minY * cellSize,
                    Math.min(width, (maxX + 1) * cellSize), Math.min(height, (maxY + 1) * cellSize)));
        }
        if (boxes.size() > 1) {
            boxes.sort(LARGEST_FIRST);
        }
        if (boxes.size() > maxBoxes) {
            boxes.subList(maxBoxes, boxes.size()).clear();
        }
        return boxes;
    }

    private void prepare(int w, int h) {
        this.width = w;
        this.height = h;
        this.gridWidth = (w + cellSize - 1) / cellSize;
        this.gridHeight = (h + cellSize - 1) / cellSize;
        int cells = gridWidth * gridHeight;
        cellSum = new long[cells];
        cellSamples = new int[cells];
        active = new boolean[cells];
        queue = new int[cells];
        for (int cy = 0; cy < gridHeight; cy++) {
            int rows = samples(Math.min(h, (cy + 1) * cellSize) - cy * cellSize);
            for (int cx = 0; cx < gridWidth; cx++) {
                int cols = samples(Math.min(w, (cx + 1) * cellSize) - cx * cellSize);
                cellSamples[cy * gridWidth + cx] = rows * cols;
            }
        }
    }

    private int samples(int pixels) {
        return (pixels + step - 1) / step;
    }

    @Override
    public String toString() {
        return "MotionDetector[" + cellSize + " px cells, threshold " + threshold + ", min " + minCells
                + " cells, step " + step + "]";
    }
}
