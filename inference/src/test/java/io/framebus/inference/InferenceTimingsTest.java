package io.framebus.inference;

import io.framebus.PixelFormat;
import io.framebus.inference.motion.MotionDetector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Locale;

/**
 * Rough per-frame timings on real frames of the bundled video. Not part of the normal build (the
 * machine is shared; nothing here asserts a time): run with
 * {@code ./mvnw -pl inference verify -Dtest=InferenceTimingsTest -Dinference.bench=true}.
 */
@EnabledIfSystemProperty(named = "inference.bench", matches = "true")
class InferenceTimingsTest {
    private static final int FRAMES = 40;

    @Test
    void letterboxInferenceAndMotionPerFrame() {
        try (Arena arena = Arena.ofShared(); TestVideo video = new TestVideo(TestSupport.PEOPLE)) {
            int w = video.width(), h = video.height(), stride = TestSupport.stride(w);
            MemorySegment[] frames = new MemorySegment[FRAMES];
            video.seekForward(Integer.getInteger("inference.bench.start", 300));
            for (int i = 0; i < FRAMES; i++) {
                frames[i] = arena.allocate((long) stride * h, 64);
                video.writeBgr(frames[i], stride);
                video.next();
            }
            TensorPreprocessor letterbox = new TensorPreprocessor(PreprocessSpec.yolox(416, 416));
            MemorySegment tensor = arena.allocate(letterbox.outputBytes(), 64);
            for (int i = 0; i < 200; i++) {
                letterbox.apply(frames[i % FRAMES], w, h, stride, PixelFormat.BGR24, tensor);
            }
            long t0 = System.nanoTime();
            int n = 0;
            for (int round = 0; round < 5; round++) {
                for (MemorySegment f : frames) {
                    letterbox.apply(f, w, h, stride, PixelFormat.BGR24, tensor);
                    n++;
                }
            }
            report("letterbox 768x432 -> 1x3x416x416", System.nanoTime() - t0, n);

            for (SessionConfig config : new SessionConfig[] {SessionConfig.defaults(),
                    SessionConfig.defaults().withIntraOpThreads(2),
                    SessionConfig.defaults().withIntraOpThreads(2).withSpinning(true)}) {
                try (TensorSession session = TensorSession.open(TestSupport.YOLOX, config);
                     InputBinding in = session.bind(tensor)) {
                    YoloxDecoder decoder = YoloxDecoder.forModel(session.inputSpec(0), session.outputSpec(0));
                    BoxMapping mapping = null;
                    for (int i = 0; i < 5; i++) {
                        mapping = letterbox.apply(frames[i], w, h, stride, PixelFormat.BGR24, in.memory());
                        session.run(in);
                    }
                    long run = 0, decode = 0;
                    for (MemorySegment f : frames) {
                        letterbox.apply(f, w, h, stride, PixelFormat.BGR24, in.memory());
                        long a = System.nanoTime();
                        session.run(in);
                        long b = System.nanoTime();
                        decoder.decode(session.outputMemory(0), mapping);
                        decode += System.nanoTime() - b;
                        run += b - a;
                    }
                    report("yolox_nano session.run, " + config.intraOpThreads() + " intra-op thread(s), spinning "
                            + (config.allowSpinning() ? "on" : "off"), run, FRAMES);
                    report("yolox decode + NMS", decode, FRAMES);
                }
            }

            for (int step : new int[] {1, 2}) {
                MotionDetector motion = new MotionDetector(16, 12, 1, 32, step);
                for (int i = 0; i < 200; i++) {
                    motion.detect(frames[i % FRAMES], frames[(i + 1) % FRAMES], w, h, stride, PixelFormat.BGR24);
                }
                long m0 = System.nanoTime();
                int boxes = 0;
                int moving = 0;
                for (int round = 0; round < 5; round++) {
                    for (int i = 0; i + 1 < FRAMES; i++) {
                        int found = motion.detect(frames[i].asReadOnly(), frames[i + 1].asReadOnly(), w, h, stride,
                                PixelFormat.BGR24).size();
                        boxes += found;
                        moving += found > 0 ? 1 : 0;
                    }
                }
                report("motion 768x432, 16 px cells, sample step " + step + " (" + boxes + " boxes, " + moving
                        + " frames with motion)",
                        System.nanoTime() - m0, 5 * (FRAMES - 1));
            }
        }
    }

    private static void report(String what, long nanos, int count) {
        System.out.printf(Locale.ROOT, "TIMING %-70s %8.3f ms/frame (%d frames)%n", what, nanos / 1e6 / count, count);
    }
}
