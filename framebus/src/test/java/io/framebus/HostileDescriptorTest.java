package io.framebus;

import io.framebus.layout.ChannelLayout;
import io.framebus.layout.ControlRegion;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static io.framebus.TestChannels.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A hostile writer changes slot descriptors between a reader's validation and its use. The reader
 * copies every field once, validates the copy and uses only the copy, so every frame it accepts is
 * self-consistent and inside its slot, whatever the shared memory says a moment later.
 */
class HostileDescriptorTest {
    private static final int SLOTS = 4;
    private static final int SLOT_SIZE = 64 * 1024;
    /** Accepted and refused frames each test must see. */
    private static final int ENOUGH = 200;
    private static final int[] WIDTHS = {1, 16, 100, 128, 4096, 65_536, Integer.MAX_VALUE, -1, 0};
    private static final int[] STRIDES = {1, 48, 300, 384, 12_288, 65_536, Integer.MAX_VALUE, -7, 0};
    private static final long[] DIMS = {0, 1, 7, 128, 1 << 20, Long.MAX_VALUE, -1, 3_000_000_000L};

    @Test
    void aFieldChangedAfterValidationNeverReachesAViewOrAShape() throws Exception {
        String name = uniqueName("hostile");
        try (ChannelWriter writer = FrameChannel.create(plain(name, SLOT_SIZE).withSlots(SLOTS));
             ChannelReader reader = FrameChannel.attach(name, latest());
             Arena arena = Arena.ofShared()) {
            ControlRegion hostile = mapControl(writer, arena);
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread flipper = Thread.ofPlatform().name("hostile").start(() -> flip(hostile, running));
            Thread publisher = Thread.ofPlatform().name("writer").start(() -> {
                try {
                    publish(writer, running);
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            long accepted = 0;
            long rejected = 0;
            // until enough of both outcomes were seen, however slow a loaded machine is (the cap only ends a hang)
            long deadline = System.nanoTime() + 120_000_000_000L;
            while ((accepted < ENOUGH || rejected < ENOUGH) && System.nanoTime() < deadline) {
                try (Frame frame = reader.tryTake()) {
                    if (frame != null) {
                        assertSelfConsistent(frame);
                        accepted++;
                    }
                } catch (ChannelFormatException e) {
                    rejected++; // the copy failed validation: refused with a typed error, nothing exposed
                }
            }
            running.set(false);
            flipper.join();
            publisher.join();
            assertNull(failure.get());
            System.out.printf("hostile descriptors: %d frames accepted, %d refused%n", accepted, rejected);
            assertTrue(accepted >= ENOUGH, "frames got through: " + accepted);
            assertTrue(rejected >= ENOUGH, "the hostile writer reached the readers: " + rejected);
        }
    }

    @Test
    void aNegativeUpstreamSequenceIsRefusedWithATypedError() throws Exception {
        String name = uniqueName("hostile-up");
        try (ChannelWriter writer = FrameChannel.create(plain(name, SLOT_SIZE).withSlots(SLOTS));
             ChannelReader reader = FrameChannel.attach(name, lossless());
             Arena arena = Arena.ofShared()) {
            FrameClaim claim = writer.tryClaim();
            ControlRegion hostile = mapControl(writer, arena);
            int slot = claim.slot();
            claim.kind(FrameKind.RAW).upstreamSequence(7).publish();
            hostile.slots().setUpstreamSequence(slot, -7);
            ChannelFormatException e = assertThrows(ChannelFormatException.class, reader::tryTake);
            assertTrue(e.getMessage().contains("upstream sequence -7"), e.getMessage());
        }
    }

    /** The channel's control region, mapped read-write by a process that is not its writer. */
    private static ControlRegion mapControl(ChannelWriter writer, Arena arena) throws java.io.IOException {
        try (FileChannel file = FileChannel.open(writer.path(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ChannelLayout layout = new ChannelLayout(SLOTS, SLOT_SIZE, 16, 16, ChannelLayout.SMALL_PAGE);
            return new ControlRegion(file.map(FileChannel.MapMode.READ_WRITE, 0, layout.controlSize(), arena), layout);
        }
    }

    private static void flip(ControlRegion hostile, AtomicBoolean running) {
        SplittableRandom random = new SplittableRandom(42);
        long[] shape = new long[4];
        while (running.get()) {
            int slot = random.nextInt(SLOTS);
            if (random.nextBoolean()) {
                hostile.slots().setVideo(slot, FrameKind.VIDEO.code(), pick(random, WIDTHS), pick(random, WIDTHS),
                        pick(random, STRIDES), random.nextInt(0, 9));
            } else {
                for (int d = 0; d < shape.length; d++) {
                    shape[d] = DIMS[random.nextInt(DIMS.length)];
                }
                hostile.slots().setTensor(slot, FrameKind.TENSOR.code(), random.nextInt(0, 12), shape);
            }
        }
    }

    private static int pick(SplittableRandom random, int[] values) {
        return values[random.nextInt(values.length)];
    }

    private static void publish(ChannelWriter writer, AtomicBoolean running) {
        long n = 0;
        while (running.get()) {
            FrameClaim claim = writer.tryClaim();
            if (claim == null) {
                Thread.onSpinWait();
                continue;
            }
            if (++n % 2 == 0) {
                claim.video(128, 128, 384, PixelFormat.BGR24).publish();
            } else {
                claim.tensor(DType.FLOAT32, 1, 3, 64, 64).publish();
            }
        }
    }

    /** What every consumer of a frame trusts: the numbers describe bytes inside the frame, and it inside its slot. */
    private static void assertSelfConsistent(Frame frame) {
        long length = frame.length();
        assertTrue(length >= 0 && length <= SLOT_SIZE, "length " + length);
        assertEquals(length, frame.segment().byteSize(), "the view is exactly the frame");
        if (frame.kind() == FrameKind.VIDEO) {
            PixelFormat format = frame.pixelFormat();
            assertNotNull(format);
            assertTrue(frame.width() > 0 && frame.height() > 0, frame.width() + "x" + frame.height());
            if (format.bytesPerPixel() > 0) {
                long row = (long) frame.width() * format.bytesPerPixel();
                assertTrue(frame.stride() >= row, "stride " + frame.stride() + " row " + row);
                assertTrue((long) frame.stride() * (frame.height() - 1) + row <= length, "picture fits the frame");
            } else {
                assertTrue(format.frameBytes(frame.stride(), frame.height()) <= length, "planes fit the frame");
            }
        } else if (frame.kind() == FrameKind.TENSOR) {
            assertNotNull(frame.dtype());
            long bytes = frame.dtype().size();
            for (long d : frame.shape()) {
                assertTrue(d >= 0, "dimension " + d);
                bytes = Math.multiplyExact(bytes, d);
            }
            assertTrue(bytes <= length, "tensor of " + bytes + " B fits " + length);
            assertEquals(frame.rank(), frame.shape().length);
        }
    }
}
