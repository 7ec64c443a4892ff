package io.framebus.inference;

import io.framebus.pipeline.Detections;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * Decodes the raw grid output of a YOLOX model into boxes in the source frame's pixels.
 *
 * <p>The output is {@code [1, N, 5 + C]} float32: one row per grid cell, cells ordered stride 8, 16,
 * then 32, row-major within a stride (N = 52² + 26² + 13² = 3549 for a 416x416 input). A row is
 * {@code tx, ty, tw, th, objectness, class scores...}; the cell at grid (gx, gy) of stride s has its
 * box centre at {@code ((tx + gx) s, (ty + gy) s)} and size {@code (e^tw s, e^th s)} in input pixels.
 * The score is {@code objectness x best class score}; boxes under the score threshold are dropped and
 * the rest go through greedy non-maximum suppression per class. Boxes are mapped back to the frame
 * with the {@link BoxMapping} the preprocessor returned.
 *
 * <p>The usual ONNX exports (YOLOX's {@code export_onnx.py}) apply the sigmoid to objectness and
 * class scores inside the model; for exports that do not, use {@link #withSigmoid(boolean)}.
 *
 * <p>Scratch arrays are allocated once; a decode allocates only the returned list and its entries
 * (and a sort buffer in the rare case of hundreds of candidates). An instance is used by one thread.
 */
public final class YoloxDecoder {
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final int[] STRIDES = {8, 16, 32};

    private final int inputWidth;
    private final int inputHeight;
    private final int classes;
    private final int rowFloats;
    private final int cells;
    private final float scoreThreshold;
    private final float nmsThreshold;
    private final int maxDetections;
    private final boolean sigmoid;
    private final short[] gridX;
    private final short[] gridY;
    private final byte[] gridStride;
    private final Candidates candidates;

    /**
     * A decoder for a model with a {@code inputWidth x inputHeight} input and {@code classes} classes; score
     * 0.3, IoU 0.45.
     */
    public YoloxDecoder(int inputWidth, int inputHeight, int classes) {
        this(inputWidth, inputHeight, classes, 0.3f, 0.45f, 100, false);
    }

    private YoloxDecoder(int inputWidth, int inputHeight, int classes, float scoreThreshold, float nmsThreshold,
                         int maxDetections, boolean sigmoid) {
        if (inputWidth % 32 != 0 || inputHeight % 32 != 0 || inputWidth <= 0 || inputHeight <= 0) {
            throw new IllegalArgumentException("YOLOX inputs are multiples of 32, got " + inputWidth + "x"
                    + inputHeight);
        }
        if (classes < 1) {
            throw new IllegalArgumentException("need at least one class, got " + classes);
        }
        Candidates.checkSelection(scoreThreshold, nmsThreshold, maxDetections);
        this.inputWidth = inputWidth;
        this.inputHeight = inputHeight;
        this.classes = classes;
        this.rowFloats = 5 + classes;
        this.scoreThreshold = scoreThreshold;
        this.nmsThreshold = nmsThreshold;
        this.maxDetections = maxDetections;
        this.sigmoid = sigmoid;
        int n = 0;
        for (int s : STRIDES) {
            n += (inputWidth / s) * (inputHeight / s);
        }
        this.cells = n;
        this.gridX = new short[n];
        this.gridY = new short[n];
        this.gridStride = new byte[n];
        int i = 0;
        for (int s : STRIDES) {
            int gw = inputWidth / s;
            int gh = inputHeight / s;
            for (int y = 0; y < gh; y++) {
                for (int x = 0; x < gw; x++) {
                    gridX[i] = (short) x;
                    gridY[i] = (short) y;
                    gridStride[i] = (byte) s;
                    i++;
                }
            }
        }
        this.candidates = new Candidates(n);
    }

    /**
     * A decoder for a model whose input (NCHW {@code [1, 3, H, W]}) and output ({@code [1, N, 5 + C]})
     * are given by their metadata.
     *
     * @throws IllegalArgumentException when the shapes are not those of a YOLOX model
     */
    public static YoloxDecoder forModel(TensorSpec input, TensorSpec output) {
        long[] in = input.concreteShape();
        long[] out = output.concreteShape();
        if (in.length != 4 || in[1] != 3) {
            throw new IllegalArgumentException("expected a YOLOX input [1, 3, H, W], got " + input);
        }
        if (out.length < 2 || out[out.length - 1] < 6) {
            throw new IllegalArgumentException("expected a YOLOX output [1, N, 5 + classes], got " + output);
        }
        YoloxDecoder d = new YoloxDecoder((int) in[3], (int) in[2], (int) (out[out.length - 1] - 5));
        if (out[out.length - 2] != d.cells) {
            throw new IllegalArgumentException("output " + output + " has " + out[out.length - 2] + " cells; a "
                    + in[3] + "x" + in[2] + " YOLOX input with strides 8/16/32 has " + d.cells);
        }
        return d;
    }

    /** This decoder with other thresholds: minimum score (objectness x class) and NMS IoU. */
    public YoloxDecoder withThresholds(float score, float iou) {
        return new YoloxDecoder(inputWidth, inputHeight, classes, score, iou, maxDetections, sigmoid);
    }

    /** This decoder keeping at most {@code max} boxes per frame (highest scores first). */
    public YoloxDecoder withMaxDetections(int max) {
        return new YoloxDecoder(inputWidth, inputHeight, classes, scoreThreshold, nmsThreshold, max, sigmoid);
    }

    /** This decoder applying the sigmoid itself (for exports that output logits). */
    public YoloxDecoder withSigmoid(boolean apply) {
        return new YoloxDecoder(inputWidth, inputHeight, classes, scoreThreshold, nmsThreshold, maxDetections, apply);
    }

    /** Grid cells over the three strides (rows of the output). */
    public int cells() {
        return cells;
    }

    /** Number of classes. */
    public int classes() {
        return classes;
    }

    /** Minimum score (objectness x class) of a reported box. */
    public float scoreThreshold() {
        return scoreThreshold;
    }

    /** IoU above which a lower-scored box of the same class is suppressed. */
    public float nmsThreshold() {
        return nmsThreshold;
    }

    /** Most boxes reported per frame. */
    public int maxDetections() {
        return maxDetections;
    }

    /** Bytes of the output this decoder reads. */
    public long outputBytes() {
        return 4L * cells * rowFloats;
    }

    /**
     * Decodes {@code output} (native-order float32, e.g. {@link TensorSession#outputMemory(int)}).
     *
     * @param mapping how input pixels map back to the frame
     * @return boxes in frame pixels, highest score first
     */
    public List<Detections.Detection> decode(MemorySegment output, BoxMapping mapping) {
        if (output.byteSize() < outputBytes()) {
            throw new IllegalArgumentException("YOLOX output of " + cells + " x " + rowFloats + " floats needs "
                    + outputBytes() + " bytes, got " + output.byteSize());
        }
        collect(output);
        return candidates.select(nmsThreshold, maxDetections, mapping);
    }

    /** Adds every cell over the threshold to the candidates. */
    private void collect(MemorySegment out) {
        candidates.clear();
        long rowBytes = 4L * rowFloats;
        for (int i = 0; i < cells; i++) {
            long base = i * rowBytes;
            float obj = out.get(FLOAT, base + 16);
            if (sigmoid) {
                obj = sigmoid(obj);
            }
            if (!(obj >= scoreThreshold)) {
                continue; // score = obj * cls <= obj (also skips NaN)
            }
            int best = 0;
            float bestScore = out.get(FLOAT, base + 20);
            for (int c = 1; c < classes; c++) {
                float p = out.get(FLOAT, base + 20 + 4L * c);
                if (p > bestScore) {
                    bestScore = p;
                    best = c;
                }
            }
            if (sigmoid) {
                bestScore = sigmoid(bestScore);
            }
            float score = obj * bestScore;
            if (!(score >= scoreThreshold)) {
                continue;
            }
            float s = gridStride[i];
            float cx = (out.get(FLOAT, base) + gridX[i]) * s;
            float cy = (out.get(FLOAT, base + 4) + gridY[i]) * s;
            float w = (float) Math.exp(out.get(FLOAT, base + 8)) * s;
            float h = (float) Math.exp(out.get(FLOAT, base + 12)) * s;
            candidates.add(score, best, cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2);
        }
    }

    static float sigmoid(float x) {
        return (float) (1 / (1 + Math.exp(-x)));
    }

    @Override
    public String toString() {
        return "YoloxDecoder[" + inputWidth + "x" + inputHeight + ", " + classes + " classes, " + cells
                + " cells, score >= " + scoreThreshold + ", NMS IoU " + nmsThreshold + "]";
    }
}
