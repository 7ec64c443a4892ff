package io.framebus.inference;

import io.framebus.pipeline.Detections;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Objects;

/**
 * Decodes the two outputs of an SSD-style detector: corner boxes {@code [1, N, 4]} and class scores
 * {@code [1, N, C]}, both float32. Each box takes its best class (skipping a background class if there
 * is one); boxes under the score threshold are dropped and the rest go through greedy non-maximum
 * suppression per class. Box corners are normalised to 0..1 of the model input by default (TensorFlow's
 * and torchvision's SSD exports), or in input pixels; x before y ({@link BoxOrder#XYXY}) or y before x
 * ({@link BoxOrder#YXYX}, TensorFlow's order). They map back to the frame with the {@link BoxMapping} of
 * the preprocessing.
 *
 * <p>Scores are used as they are (probabilities); for exports that output logits, use
 * {@link #withSigmoid(boolean)}. Scratch arrays grow to the largest N seen; a decode then allocates only
 * the returned list and its entries. An instance is used by one thread.
 */
public final class BoxesScoresDecoder {
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;

    /** The order of the four numbers of a box. */
    public enum BoxOrder {
        /** x1, y1, x2, y2. */
        XYXY,
        /** y1, x1, y2, x2 (TensorFlow's object detection API). */
        YXYX
    }

    private final float scoreThreshold;
    private final float nmsThreshold;
    private final int maxDetections;
    private final BoxOrder order;
    private final boolean normalised;
    private final int background;
    private final boolean sigmoid;
    private Candidates candidates = new Candidates(0);

    /** Normalised XYXY boxes, no background class, score 0.3, IoU 0.45, at most 100 boxes. */
    public BoxesScoresDecoder() {
        this(0.3f, 0.45f, 100, BoxOrder.XYXY, true, -1, false);
    }

    private BoxesScoresDecoder(float scoreThreshold, float nmsThreshold, int maxDetections, BoxOrder order,
                               boolean normalised, int background, boolean sigmoid) {
        Candidates.checkSelection(scoreThreshold, nmsThreshold, maxDetections);
        this.scoreThreshold = scoreThreshold;
        this.nmsThreshold = nmsThreshold;
        this.maxDetections = maxDetections;
        this.order = Objects.requireNonNull(order, "order");
        this.normalised = normalised;
        this.background = background;
        this.sigmoid = sigmoid;
    }

    /** This decoder with other thresholds: minimum class score and NMS IoU. */
    public BoxesScoresDecoder withThresholds(float score, float iou) {
        return new BoxesScoresDecoder(score, iou, maxDetections, order, normalised, background, sigmoid);
    }

    /** This decoder keeping at most {@code max} boxes per frame (highest scores first). */
    public BoxesScoresDecoder withMaxDetections(int max) {
        return new BoxesScoresDecoder(scoreThreshold, nmsThreshold, max, order, normalised, background, sigmoid);
    }

    /** This decoder reading boxes in {@code boxOrder}, normalised to 0..1 or in input pixels. */
    public BoxesScoresDecoder withBoxes(BoxOrder boxOrder, boolean normalisedCorners) {
        return new BoxesScoresDecoder(scoreThreshold, nmsThreshold, maxDetections, boxOrder, normalisedCorners,
                background, sigmoid);
    }

    /** This decoder ignoring class {@code index} (the background of many SSD exports), or none with -1. */
    public BoxesScoresDecoder withBackground(int index) {
        return new BoxesScoresDecoder(scoreThreshold, nmsThreshold, maxDetections, order, normalised, index, sigmoid);
    }

    /** This decoder applying the sigmoid to the scores itself (for exports that output logits). */
    public BoxesScoresDecoder withSigmoid(boolean apply) {
        return new BoxesScoresDecoder(scoreThreshold, nmsThreshold, maxDetections, order, normalised, background,
                apply);
    }

    /** The ignored background class, or -1. */
    public int background() {
        return background;
    }

    /**
     * Decodes {@code count} boxes of {@code classes} classes.
     *
     * @param boxes       native-order float32, {@code count x 4}
     * @param scores      native-order float32, {@code count x classes}
     * @param inputWidth  width of the model input in pixels (normalised corners are multiplied by it)
     * @param inputHeight height of the model input
     * @param mapping     how input pixels map back to the frame
     * @return boxes in frame pixels, highest score first
     * @throws IllegalArgumentException when the memory is smaller than the counts say
     */
    public List<Detections.Detection> decode(MemorySegment boxes, MemorySegment scores, int count, int classes,
                                             int inputWidth, int inputHeight, BoxMapping mapping) {
        if (boxes.byteSize() < 16L * count || scores.byteSize() < 4L * count * classes) {
            throw new IllegalArgumentException(count + " boxes of " + classes + " classes need " + 16L * count
                    + " and " + 4L * count * classes + " bytes, got " + boxes.byteSize() + " and " + scores.byteSize());
        }
        if (candidates.capacity() < count) {
            candidates = new Candidates(count);
        }
        candidates.clear();
        float sx = normalised ? inputWidth : 1;
        float sy = normalised ? inputHeight : 1;
        boolean yFirst = order == BoxOrder.YXYX;
        for (int i = 0; i < count; i++) {
            long row = 4L * classes * i;
            int best = -1;
            float bestScore = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                float p = scores.get(FLOAT, row + 4L * c);
                if (c != background && p > bestScore) {
                    bestScore = p;
                    best = c;
                }
            }
            float score = sigmoid ? YoloxDecoder.sigmoid(bestScore) : bestScore;
            if (best < 0 || !(score >= scoreThreshold)) {
                continue; // also skips NaN
            }
            long b = 16L * i;
            float a0 = boxes.get(FLOAT, b);
            float a1 = boxes.get(FLOAT, b + 4);
            float a2 = boxes.get(FLOAT, b + 8);
            float a3 = boxes.get(FLOAT, b + 12);
            float x1 = (yFirst ? a1 : a0) * sx;
            float y1 = (yFirst ? a0 : a1) * sy;
            float x2 = (yFirst ? a3 : a2) * sx;
            float y2 = (yFirst ? a2 : a3) * sy;
            candidates.add(Math.min(score, 1f), best, Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2),
                    Math.max(y1, y2));
        }
        return candidates.select(nmsThreshold, maxDetections, mapping);
    }

    @Override
    public String toString() {
        return "BoxesScoresDecoder[" + order + (normalised ? " normalised" : " pixels") + ", score >= "
                + scoreThreshold + ", NMS IoU " + nmsThreshold + (background >= 0 ? ", background " + background : "")
                + "]";
    }
}
