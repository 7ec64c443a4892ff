package io.framebus.inference;

import io.framebus.pipeline.Detections;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The boxes-and-scores (SSD) and top-k decoders on synthetic outputs. */
class DecodersTest {
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final BoxMapping HALF = new BoxMapping(0.5f, 0.5f, 0, 0, 200, 200); // input 100x100, frame 200x200

    @Test
    void boxesAndScoresKeepTheBestClassAboveTheThresholdAndSuppressOverlapsPerClass() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment boxes = floats(arena,
                    0.1f, 0.1f, 0.5f, 0.5f,    // 0: class 1, 0.9
                    0.12f, 0.12f, 0.5f, 0.5f,  // 1: class 1, 0.8, overlaps 0: suppressed
                    0.12f, 0.12f, 0.5f, 0.5f,  // 2: class 2, 0.7, same place but another class: kept
                    0.6f, 0.6f, 0.9f, 0.9f,    // 3: below the threshold
                    0.5f, 0.5f, 0.2f, 0.2f);   // 4: corners given the wrong way round, class 0, 0.6
            MemorySegment scores = floats(arena,
                    0.0f, 0.9f, 0.1f,
                    0.0f, 0.8f, 0.1f,
                    0.0f, 0.1f, 0.7f,
                    0.2f, 0.1f, 0.1f,
                    0.6f, 0.1f, 0.1f);
            List<Detections.Detection> d = new BoxesScoresDecoder().decode(boxes, scores, 5, 3, 100, 100, HALF);
            assertEquals(List.of(1, 2, 0), d.stream().map(Detections.Detection::classId).toList(), d.toString());
            assertBox(new Detections.Detection(1, 0.9f, 20, 20, 100, 100), d.get(0)); // normalised x 100, / 0.5
            assertEquals(40, d.get(2).x1(), 1e-4, "corners sorted");
            assertEquals(100, d.get(2).x2(), 1e-4);

            List<Detections.Detection> noBackground = new BoxesScoresDecoder().withBackground(1)
                    .decode(boxes, scores, 5, 3, 100, 100, HALF);
            assertFalse(noBackground.stream().anyMatch(x -> x.classId() == 1), "the background class never wins");

            MemorySegment yx = floats(arena, 0.1f, 0.2f, 0.3f, 0.6f);
            MemorySegment one = floats(arena, 0.0f, 1.0f);
            Detections.Detection t = new BoxesScoresDecoder().withBoxes(BoxesScoresDecoder.BoxOrder.YXYX, true)
                    .decode(yx, one, 1, 2, 100, 100, HALF).getFirst();
            assertBox(new Detections.Detection(1, 1f, 40, 20, 120, 60), t); // TensorFlow's y1, x1, y2, x2
            Detections.Detection px = new BoxesScoresDecoder().withBoxes(BoxesScoresDecoder.BoxOrder.XYXY, false)
                    .decode(floats(arena, 10, 20, 30, 40), one, 1, 2, 100, 100, HALF).getFirst();
            assertBox(new Detections.Detection(1, 1f, 20, 40, 60, 80), px); // corners in input pixels
            assertThrows(IllegalArgumentException.class,
                    () -> new BoxesScoresDecoder().decode(boxes, scores, 6, 3, 100, 100, HALF));
        }
    }

    @Test
    void topKKeepsTheBestLabelsInOrderAndTheSoftmaxMakesProbabilities() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment logits = floats(arena, 1f, 5f, Float.NaN, 3f, 5f, -2f);
            List<Detections.Detection> top = new TopKDecoder(3).decode(logits, 6, 640, 480);
            assertEquals(List.of(1, 4, 3), top.stream().map(Detections.Detection::classId).toList(),
                    "best first; a tie keeps the lower class first; NaN is never a label");
            assertEquals(new Detections.Detection(1, 5f, 0, 0, 640, 480), top.getFirst(), "boxed by the whole frame");

            List<Detections.Detection> p = new TopKDecoder(10).withSoftmax(true).decode(logits, 6, 640, 480);
            assertEquals(5, p.size(), "k larger than the classes: every class but the NaN");
            double sum = p.stream().mapToDouble(Detections.Detection::score).sum();
            assertEquals(1.0, sum, 1e-5, "probabilities over the classes");
            assertEquals(p.get(0).score(), p.get(1).score(), 1e-7);
            assertEquals(2, new TopKDecoder(5).withSoftmax(true).withMinScore(0.3f).decode(logits, 6, 1, 1).size());
            assertThrows(IllegalArgumentException.class, () -> new TopKDecoder(0));
            assertThrows(IllegalArgumentException.class, () -> new TopKDecoder(1).decode(logits, 7, 1, 1));
        }
    }

    private static void assertBox(Detections.Detection expected, Detections.Detection actual) {
        assertEquals(expected.classId(), actual.classId(), actual.toString());
        float[] e = {expected.score(), expected.x1(), expected.y1(), expected.x2(), expected.y2()};
        float[] a = {actual.score(), actual.x1(), actual.y1(), actual.x2(), actual.y2()};
        assertArrayEquals(e, a, 1e-3f, "expected " + expected + ", got " + actual);
    }

    private static MemorySegment floats(Arena arena, float... v) {
        MemorySegment m = arena.allocate(4L * v.length);
        for (int i = 0; i < v.length; i++) {
            m.setAtIndex(F, i, v[i]);
        }
        return m;
    }
}
