package io.framebus.inference.motion;

import io.framebus.PixelFormat;
import io.framebus.pipeline.Detections;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** In-place differencing of two frames: what moved is boxed, noise and static scenes are not. */
class MotionDetectorTest {
    static final int W = 768;
    static final int H = 432;
    static final int STRIDE = (W * 3 + 63) & ~63;

    @Test
    void movingRectangleIsBoxedAndNoiseIsNot() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = arena.allocate((long) STRIDE * H, 64);
            MemorySegment b = arena.allocate((long) STRIDE * H, 64);
            scene(a, 1, 200, 120, 80, 60);
            scene(b, 2, 230, 130, 80, 60); // moved 30 px right, 10 px down; different sensor noise
            MotionDetector motion = new MotionDetector();
            List<Detections.Detection> boxes = motion.detect(a, b, W, H, STRIDE, PixelFormat.BGR24);
            assertEquals(1, boxes.size(), boxes.toString());
            Detections.Detection box = boxes.getFirst();
            assertEquals(MotionDetector.MOTION_CLASS, box.classId());
            // the union of both positions is x 200..310, y 120..190; cells are 16 px
            assertTrue(box.x1() <= 200 && box.x1() >= 200 - 16, box.toString());
            assertTrue(box.y1() <= 120 && box.y1() >= 120 - 16, box.toString());
            assertTrue(box.x2() >= 310 && box.x2() <= 310 + 16, box.toString());
            assertTrue(box.y2() >= 190 && box.y2() <= 190 + 16, box.toString());
            assertTrue(box.score() > 0 && box.score() <= 1);

            scene(b, 3, 200, 120, 80, 60); // same place, only noise differs
            assertEquals(List.of(), motion.detect(a, b, W, H, STRIDE, PixelFormat.BGR24));
            assertEquals(0, motion.activeCells());
            assertEquals(List.of(), motion.detect(a, a, W, H, STRIDE, PixelFormat.BGR24), "identical frames");
        }
    }

    @Test
    void twoMoversGiveTwoBoxesLargestFirstAndSubsamplingAgrees() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = arena.allocate((long) STRIDE * H, 64);
            MemorySegment b = arena.allocate((long) STRIDE * H, 64);
            scene(a, 1, 40, 40, 40, 40);
            rect(a, 500, 250, 120, 100, 30);
            scene(b, 1, 60, 40, 40, 40);
            rect(b, 540, 250, 120, 100, 30);
            for (int step : new int[] {1, 2}) {
                List<Detections.Detection> boxes = new MotionDetector(16, 12, 1, 8, step)
                        .detect(a, b, W, H, STRIDE, PixelFormat.BGR24);
                assertEquals(2, boxes.size(), "step " + step + ": " + boxes);
                assertTrue(boxes.get(0).x1() >= 480, "the larger mover first: " + boxes);
                assertTrue(boxes.get(1).x2() <= 120, boxes.toString());
            }
            assertEquals(1, new MotionDetector(16, 12, 1, 1, 1).detect(a, b, W, H, STRIDE, PixelFormat.BGR24).size());
            assertEquals(1, new MotionDetector(16, 12, 20, 8, 1).detect(a, b, W, H, STRIDE, PixelFormat.BGR24).size(),
                    "components under 20 cells are dropped");
        }
    }

    @Test
    void readsFramesInPlaceFromReadOnlySegmentsWithoutAllocatingPerPixel() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = arena.allocate((long) STRIDE * H, 64);
            MemorySegment b = arena.allocate((long) STRIDE * H, 64);
            scene(a, 1, 200, 120, 80, 60);
            scene(b, 1, 200, 120, 80, 60);
            MemorySegment ra = a.asReadOnly();
            MemorySegment rb = b.asReadOnly();
            MotionDetector motion = new MotionDetector();
            for (int i = 0; i < 200; i++) {
                motion.detect(ra, rb, W, H, STRIDE, PixelFormat.BGR24);
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 100; i++) {
                motion.detect(ra, rb, W, H, STRIDE, PixelFormat.BGR24);
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertTrue(allocated < 100 * 64,
                    "100 static-scene diffs allocated " + allocated + " bytes (only the empty lists)");
        }
    }

    @Test
    void grayAndErrors() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = arena.allocate(64 * 64);
            MemorySegment b = arena.allocate(64 * 64);
            for (int y = 16; y < 32; y++) {
                for (int x = 16; x < 32; x++) {
                    b.set(ValueLayout.JAVA_BYTE, y * 64L + x, (byte) 200);
                }
            }
            List<Detections.Detection> boxes = new MotionDetector().detect(a, b, 64, 64, 64, PixelFormat.GRAY8);
            assertEquals(1, boxes.size());
            Detections.Detection box = boxes.getFirst();
            assertEquals(-1, box.classId());
            assertEquals(200f / 255, box.score(), 1e-5);
            assertEquals(List.of(16f, 16f, 32f, 32f), List.of(box.x1(), box.y1(), box.x2(), box.y2()));
            assertThrows(IllegalArgumentException.class,
                    () -> new MotionDetector().detect(a, b, 64, 64, 64, PixelFormat.I420));
            assertThrows(IllegalArgumentException.class,
                    () -> new MotionDetector().detect(a, b.asSlice(0, 100), 64, 64, 64, PixelFormat.GRAY8));
            assertThrows(IllegalArgumentException.class, () -> new MotionDetector(16, 12, 1, 8, 32));
        }
    }

    /** A grey background with per-seed noise of +-3 and a textured rectangle. */
    static void scene(MemorySegment s, long seed, int x, int y, int w, int h) {
        Random r = new Random(seed);
        byte[] row = new byte[STRIDE];
        for (int yy = 0; yy < H; yy++) {
            for (int i = 0; i < W * 3; i++) {
                row[i] = (byte) (128 + r.nextInt(7) - 3);
            }
            MemorySegment.copy(row, 0, s, ValueLayout.JAVA_BYTE, (long) yy * STRIDE, STRIDE);
        }
        rect(s, x, y, w, h, 20);
    }

    /** A textured (8 px checkerboard of {@code value} and 200) rectangle, so its inside changes when it moves. */
    static void rect(MemorySegment s, int x, int y, int w, int h, int value) {
        for (int yy = y; yy < y + h; yy++) {
            for (int xx = x; xx < x + w; xx++) {
                int v = (((xx - x) / 8 + (yy - y) / 8) & 1) == 0 ? value : 200;
                for (int c = 0; c < 3; c++) {
                    s.set(ValueLayout.JAVA_BYTE, (long) yy * STRIDE + xx * 3L + c, (byte) v);
                }
            }
        }
    }
}
