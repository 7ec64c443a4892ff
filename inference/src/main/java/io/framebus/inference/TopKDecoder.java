package io.framebus.inference;

import io.framebus.pipeline.Detections;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a classifier's scores (float32, one per class) and keeps the {@code k} best: the labels of a
 * frame. Each becomes a {@link Detections.Detection} whose box is the whole frame, published with
 * producer id {@value #PRODUCER_ID}, so every reader of detections (the encoder draws them) handles
 * labels too. With {@link #withSoftmax(boolean)} the scores are logits turned into probabilities first
 * (MNIST's output is logits).
 *
 * <p>A decode allocates only the returned list and its {@code k} entries. An instance is used by one thread.
 */
public final class TopKDecoder {
    /** Producer id of a classifier's labels in a detections payload. */
    public static final int PRODUCER_ID = 3;
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private final int k;
    private final boolean softmax;
    private final float minScore;
    private int[] best = new int[0];

    /** The {@code k} best classes by raw score, none dropped. */
    public TopKDecoder(int k) {
        this(k, false, Float.NEGATIVE_INFINITY);
    }

    private TopKDecoder(int k, boolean softmax, float minScore) {
        if (k < 1) {
            throw new IllegalArgumentException("top-k needs k >= 1, got " + k);
        }
        this.k = k;
        this.softmax = softmax;
        this.minScore = minScore;
    }

    /** This decoder turning the scores into probabilities with a softmax first. */
    public TopKDecoder withSoftmax(boolean apply) {
        return new TopKDecoder(k, apply, minScore);
    }

    /** This decoder dropping labels whose score (after the softmax, if any) is under {@code min}. */
    public TopKDecoder withMinScore(float min) {
        return new TopKDecoder(k, softmax, min);
    }

    /** How many labels a frame gets at most. */
    public int k() {
        return k;
    }

    /**
     * The {@code k} best of {@code classes} scores, best first, each boxed by the whole frame.
     *
     * @param scores native-order float32, at least {@code classes} of them
     * @param width  width of the frame the labels describe
     * @param height its height
     */
    public List<Detections.Detection> decode(MemorySegment scores, int classes, int width, int height) {
        if (classes < 1 || scores.byteSize() < 4L * classes) {
            throw new IllegalArgumentException(classes + " class scores need " + 4L * classes + " bytes, got "
                    + scores.byteSize());
        }
        int keep = Math.min(k, classes);
        if (best.length < keep) {
            best = new int[keep];
        }
        int found = 0;
        for (int c = 0; c < classes; c++) {
            float v = scores.get(FLOAT, 4L * c);
            if (Float.isNaN(v)) {
                continue;
            }
            int at = found < keep ? found++ : keep;
            while (at > 0 && v > scores.get(FLOAT, 4L * best[at - 1])) {
                if (at < keep) {
                    best[at] = best[at - 1];
                }
                at--;
            }
            if (at < keep) {
                best[at] = c;
            }
        }
        double max = found == 0 ? 0 : scores.get(FLOAT, 4L * best[0]);
        double sum = 0;
        if (softmax) {
            for (int c = 0; c < classes; c++) {
                float v = scores.get(FLOAT, 4L * c);
                if (!Float.isNaN(v)) {
                    sum += Math.exp(v - max);
                }
            }
        }
        List<Detections.Detection> labels = new ArrayList<>(found);
        for (int i = 0; i < found; i++) {
            float v = scores.get(FLOAT, 4L * best[i]);
            float score = softmax ? (float) (Math.exp(v - max) / sum) : v;
            if (score >= minScore) {
                labels.add(new Detections.Detection(best[i], score, 0, 0, width, height));
            }
        }
        return labels;
    }

    @Override
    public String toString() {
        return "TopKDecoder[k " + k + (softmax ? ", softmax" : "") + "]";
    }
}
