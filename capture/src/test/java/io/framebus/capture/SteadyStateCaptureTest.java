package io.framebus.capture;

import io.framebus.ChannelWriter;
import io.framebus.FrameChannel;
import io.framebus.PixelFormat;
import io.framebus.pipeline.StageListener;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.time.Duration;

import static io.framebus.capture.TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Decode and sws_scale into the slot allocate nothing on the Java heap per frame, and the capture
 * stage adds nothing to what the core's own claim/publish costs. Measured with the JVM's
 * per-thread allocation counter.
 */
class SteadyStateCaptureTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void decodeAndConvertIntoMemoryAllocateNothing() {
        try (FfmpegDecoder decoder = new FfmpegDecoder(PEOPLE.toString(), FfmpegOptions.defaults());
             SlotScaler scaler = new SlotScaler();
             Arena arena = Arena.ofConfined()) {
            MemorySegment slot = arena.allocate(768L * 432 * 3, 4096);
            for (int i = 0; i < 50; i++) {
                assertTrue(decoder.decodeNext());
                scaler.scale(decoder.frame(), decoder.frameData(), decoder.frameLinesize(), slot.address(), 2304, 768,
                        432);
            }
            long before = THREADS.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 300; i++) {
                assertTrue(decoder.decodeNext());
                scaler.scale(decoder.frame(), decoder.frameData(), decoder.frameLinesize(), slot.address(), 2304, 768,
                        432);
            }
            long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
            System.out.println("decode + sws_scale into memory: " + allocated + " bytes allocated over 300 frames");
            assertTrue(allocated < 300, "decode + convert allocated " + allocated + " bytes over 300 frames");
        }
    }

    @Test
    void captureStageAddsNoAllocationToClaimAndPublish() {
        String name = uniqueName("alloc");
        try (FfmpegSource source = FfmpegSource.open(PEOPLE);
             ChannelWriter writer = FrameChannel.create(config(name, source.info(), 4))) {
            // Baseline: the core's claim + describe + publish of a frame, without any capture code.
            Duration timeout = Duration.ofSeconds(1);
            for (int i = 0; i < 300; i++) {
                writer.claim(timeout).video(768, 432, 2304, PixelFormat.BGR24).pts(i).captureNanos(System.nanoTime())
                        .publish();
            }
            long t0 = THREADS.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 200; i++) {
                writer.claim(timeout).video(768, 432, 2304, PixelFormat.BGR24).pts(i).captureNanos(System.nanoTime())
                        .publish();
            }
            double core = (THREADS.getCurrentThreadAllocatedBytes() - t0) / 200.0;

            Capture capture = new Capture(source);
            CaptureOptions opts = CaptureOptions.defaults();
            capture.run(writer, opts.withMaxFrames(50), StageListener.NONE); // warm up
            // A steady per-frame allocation shows in every round; what a JIT recompilation or a rare
            // library path allocates once does not, so the least of three rounds is the steady cost.
            double perFrame = Double.MAX_VALUE;
            for (int round = 0; round < 3; round++) {
                long a = THREADS.getCurrentThreadAllocatedBytes();
                capture.run(writer, opts.withMaxFrames(20), StageListener.NONE);
                long b = THREADS.getCurrentThreadAllocatedBytes();
                capture.run(writer, opts.withMaxFrames(220), StageListener.NONE);
                long c = THREADS.getCurrentThreadAllocatedBytes();
                perFrame = Math.min(perFrame, ((c - b) - (b - a)) / 200.0); // the fixed per-run cost cancels out
            }
            System.out.printf("allocation per frame: capture stage %.1f B, of which core claim+publish %.1f B%n",
                    perFrame, core);
            assertTrue(perFrame - core < 8, "capture adds " + (perFrame - core) + " bytes per frame to the core's "
                    + core);
        }
        assertFalse(channelFileExists(name));
    }
}
