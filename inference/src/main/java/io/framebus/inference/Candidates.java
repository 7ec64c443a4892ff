package io.framebus.inference;

import io.framebus.pipeline.Detections;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The boxes a detector's decoder found above its score threshold, and the greedy non-maximum suppression
 * per class that keeps the best of them: what the YOLOX and the boxes-and-scores decoders share. Boxes
 * are corners in model-input pixels; {@link #select} maps the kept ones back to the frame.
 *
 * <p>Arrays are sized once for the most candidates a decode can produce; a decode allocates only the
 * returned list and its entries (and a sort buffer in the rare case of hundreds of candidates). Used by
 * one thread.
 */
final class Candidates {
    private final float[] score;
    private final int[] classId;
    private final float[] box;
    private final long[] order;
    private final boolean[] suppressed;
    private int count;

    /** Room for {@code capacity} candidates per decode. */
    Candidates(int capacity) {
        this.score = new float[capacity];
        this.classId = new int[capacity];
        this.box = new float[4 * capacity];
        this.order = new long[capacity];
        this.suppressed = new boolean[capacity];
    }

    /**
     * Checks a decoder's selection settings.
     *
     * @throws IllegalArgumentException for a threshold outside 0..1 or a negative maximum
     */
    static void checkSelection(float scoreThreshold, float nmsThreshold, int maxDetections) {
        if (!(scoreThreshold >= 0 && scoreThreshold <= 1) || !(nmsThreshold >= 0 && nmsThreshold <= 1)) {
            throw new IllegalArgumentException("thresholds must be within 0..1, got score " + scoreThreshold + ", IoU "
                    + nmsThreshold);
        }
        if (maxDetections < 0) {
            throw new IllegalArgumentException("max detections must be >= 0, got " + maxDetections);
        }
    }

    /** The most candidates one decode can hold. */
    int capacity() {
        return score.length;
    }

    /** Forgets the candidates of the previous decode. */
    void clear() {
        count = 0;
    }

    /** Adds a box (corners in input pixels) of class {@code cls} with a score in 0..1. */
    void add(float s, int cls, float x1, float y1, float x2, float y2) {
        int n = count++;
        score[n] = s;
        classId[n] = cls;
        int b = 4 * n;
        box[b] = x1;
        box[b + 1] = y1;
        box[b + 2] = x2;
        box[b + 3] = y2;
    }

    /**
     * Keeps the best-scored box and drops every box of the same class that overlaps a kept one by more than
     * {@code iouThreshold}, until {@code max} are kept.
     *
     * @param mapping how input pixels map back to the frame
     * @return the kept boxes in frame pixels, highest score first
     */
    List<Detections.Detection> select(float iouThreshold, int max, BoxMapping mapping) {
        int n = count;
        for (int k = 0; k < n; k++) {
            // ascending sort of (score bits, index): scores are non-negative, so their bits sort like the floats
            order[k] = ((long) Float.floatToIntBits(score[k]) << 32) | k;
        }
        Arrays.sort(order, 0, n);
        Arrays.fill(suppressed, 0, n, false);
        List<Detections.Detection> kept = new ArrayList<>(Math.min(n, 16));
        for (int r = n - 1; r >= 0 && kept.size() < max; r--) {
            int i = (int) order[r];
            if (suppressed[i]) {
                continue;
            }
            int bi = 4 * i;
            kept.add(new Detections.Detection(classId[i], score[i], mapping.sourceX(box[bi]),
                    mapping.sourceY(box[bi + 1]), mapping.sourceX(box[bi + 2]), mapping.sourceY(box[bi + 3])));
            for (int q = r - 1; q >= 0; q--) {
                int j = (int) order[q];
                if (!suppressed[j] && classId[j] == classId[i] && iou(bi, 4 * j) > iouThreshold) {
                    suppressed[j] = true;
                }
            }
        }
        return kept;
    }

    private float iou(int a, int b) {
        float ix = Math.min(box[a + 2], box[b + 2]) - Math.max(box[a], box[b]);
        float iy = Math.min(box[a + 3], box[b + 3]) - Math.max(box[a + 1], box[b + 1]);
        if (ix <= 0 || iy <= 0) {
            return 0;
        }
        float inter = ix * iy;
        float union = (box[a + 2] - box[a]) * (box[a + 3] - box[a + 1])
                + (box[b + 2] - box[b]) * (box[b + 3] - box[b + 1]) - inter;
        return union <= 0 ? 0 : inter / union;
    }
}
