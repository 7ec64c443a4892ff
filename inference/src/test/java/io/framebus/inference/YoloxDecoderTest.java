package io.framebus.inference;

import io.framebus.DType;
import io.framebus.pipeline.Detections;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Grid decode, thresholds, class-wise NMS and the mapping back to frame pixels, on a synthetic output. */
class YoloxDecoderTest {
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final int ROW = 85;

    @Test
    void gridHas3549CellsFor416() {
        YoloxDecoder d = new YoloxDecoder(416, 416, 80);
        assertEquals(52 * 52 + 26 * 26 + 13 * 13, d.cells());
        assertEquals(3549L * 85 * 4, d.outputBytes());
        YoloxDecoder fromMeta = YoloxDecoder.forModel(
                new TensorSpec("images", DType.FLOAT32, new long[] {1, 3, 416, 416}),
                new TensorSpec("output", DType.FLOAT32, new long[] {1, 3549, 85}));
        assertEquals(80, fromMeta.classes());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> YoloxDecoder.forModel(
                new TensorSpec("images", DType.FLOAT32, new long[] {1, 3, 640, 640}),
                new TensorSpec("output", DType.FLOAT32, new long[] {1, 3549, 85})));
        assertTrue(e.getMessage().contains("8400"), e.getMessage());
    }

    @Test
    void decodesThresholdsSuppressesPerClassAndMapsBack() {
        YoloxDecoder d = new YoloxDecoder(416, 416, 80);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(d.outputBytes(), 64);
            // stride-8 cell (10, 20): centre ((0.5 + 10) * 8, (0.5 + 20) * 8) = (84, 164), size e^ln(10) * 8 = 80 x 160
            int a = 20 * 52 + 10;
            cell(out, a, 0.5f, 0.5f, (float) Math.log(10), (float) Math.log(20), 0.9f, 0, 0.95f);
            // its neighbour, same object, lower score: suppressed by NMS
            cell(out, a + 1, -0.4f, 0.5f, (float) Math.log(10), (float) Math.log(20), 0.8f, 0, 0.9f);
            // same place, other class ("tv"): kept, NMS is per class
            cell(out, a + 52, 0.5f, -0.5f, (float) Math.log(10), (float) Math.log(20), 0.7f, 62, 0.8f);
            // stride-32 cell (3, 2) of class "car" with a score under the threshold: 0.6 * 0.4 = 0.24
            int b = 52 * 52 + 26 * 26 + 2 * 13 + 3;
            cell(out, b, 0f, 0f, 0f, 0f, 0.6f, 2, 0.4f);
            // stride-16 cell (25, 25) of class "dog", box near the bottom-right corner
            int c = 52 * 52 + 25 * 26 + 25;
            cell(out, c, 0.5f, 0.5f, (float) Math.log(4), (float) Math.log(4), 0.99f, 16, 0.99f);

            BoxMapping half = new BoxMapping(0.5f, 0.5f, 0, 0, 832, 500);
            List<Detections.Detection> got = d.decode(out, half);
            assertEquals(3, got.size(), got.toString());
            Detections.Detection dog = got.get(0);
            assertEquals(16, dog.classId());
            assertEquals(0.99f * 0.99f, dog.score(), 1e-6);
            Detections.Detection person = got.get(1);
            assertEquals(0, person.classId());
            assertEquals(0.9f * 0.95f, person.score(), 1e-6);
            assertEquals((84 - 40) * 2, person.x1(), 1e-3);
            assertEquals((164 - 80) * 2, person.y1(), 1e-3);
            assertEquals((84 + 40) * 2, person.x2(), 1e-3);
            assertEquals((164 + 80) * 2, person.y2(), 1e-3);
            assertEquals(62, got.get(2).classId());
            // dog: centre (25.5 * 16, 25.5 * 16) = (408, 408), 64 x 64 -> x2 = 440 -> 880, clamped to 832; y2 to 500
            assertEquals(832, dog.x2(), 1e-3);
            assertEquals(500, dog.y2(), 1e-3);

            assertEquals(4, d.withThresholds(0.2f, 0.45f).decode(out, half).size(), "the car passes a 0.2 threshold");
            assertEquals(4, d.withThresholds(0.3f, 0.99f).decode(out, half).size(), "a lax IoU keeps both persons");
            assertEquals(1, d.withMaxDetections(1).decode(out, half).size());
        }
    }

    @Test
    void sigmoidOptionForLogitExports() {
        YoloxDecoder d = new YoloxDecoder(32, 32, 2).withSigmoid(true);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(d.outputBytes(), 64);
            for (int i = 0; i < d.cells(); i++) {
                out.setAtIndex(F, (long) i * 7 + 4, -20f); // sigmoid(-20) ~ 0
            }
            out.setAtIndex(F, 4, 5f);
            out.setAtIndex(F, 6, 5f);
            List<Detections.Detection> got = d.decode(out, new BoxMapping(1, 1, 0, 0, 32, 32));
            assertEquals(1, got.size());
            float s = (float) (1 / (1 + Math.exp(-5)));
            assertEquals(s * s, got.get(0).score(), 1e-5);
            assertEquals(1, got.get(0).classId());
        }
    }

    private static void cell(MemorySegment out, int cell, float tx, float ty, float tw, float th, float obj, int cls,
                             float p) {
        long base = (long) cell * ROW;
        out.setAtIndex(F, base, tx);
        out.setAtIndex(F, base + 1, ty);
        out.setAtIndex(F, base + 2, tw);
        out.setAtIndex(F, base + 3, th);
        out.setAtIndex(F, base + 4, obj);
        out.setAtIndex(F, base + 5 + cls, p);
    }
}
