package io.framebus;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.framebus.mains.ChannelFileTorture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.framebus.layout.ChannelLayout;
import io.framebus.layout.ControlRegion;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of channel files with Jazzer. In a normal test run it replays its seed
 * inputs (src/test/resources/.../CoverageGuidedChannelFuzzTestInputs); with {@code JAZZER_FUZZ=1} it
 * mutates for up to {@code maxDuration}, steered by code coverage, and reports any exception that is
 * not a {@link FramebusException} as a finding (CI runs it for a minute).
 */
class CoverageGuidedChannelFuzzTest {
    private static ChannelFileTorture torture;

    @BeforeAll
    static void makeBaseImage() throws IOException {
        torture = new ChannelFileTorture();
    }

    @AfterAll
    static void cleanUp() throws IOException {
        torture.close();
    }

    @FuzzTest(maxDuration = "60s")
    void mutatedChannelFile(FuzzedDataProvider data) throws IOException {
        byte[] image = torture.baseImage();
        int controlSize = (int) ChannelFileTorture.LAYOUT.controlSize();
        int patches = data.consumeInt(1, 8);
        for (int p = 0; p < patches; p++) {
            int offset = data.consumeInt(0, controlSize - 1);
            byte[] bytes = data.consumeBytes(8);
            System.arraycopy(bytes, 0, image, offset, Math.min(bytes.length, image.length - offset));
        }
        if (data.consumeBoolean()) {
            describe(image, data);
        }
        if (data.consumeBoolean()) {
            image = Arrays.copyOf(image, data.consumeInt(0, image.length));
        }
        int which = data.consumeInt(0, 3);
        boolean latest = data.consumeBoolean();
        try {
            torture.exercise(image, which, latest);
        } catch (FramebusException expected) {
            if (expected.getMessage() == null || expected.getMessage().isBlank()) {
                throw new AssertionError("a typed error without a message", expected);
            }
        }
    }

    /** A slot described as a video frame (planar formats included) or a tensor with fuzzed geometry. */
    private static void describe(byte[] image, FuzzedDataProvider data) {
        ChannelLayout layout = ChannelFileTorture.LAYOUT;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment control = arena.allocate(image.length, 8);
            MemorySegment.copy(MemorySegment.ofArray(image), 0, control, 0, image.length);
            ControlRegion c = new ControlRegion(control, layout);
            int slot = data.consumeInt(0, layout.slotCount() - 1);
            if (data.consumeBoolean()) {
                c.slots().setVideo(slot, FrameKind.VIDEO.code(), data.consumeInt(), data.consumeInt(),
                        data.consumeInt(), data.consumeInt(-1, 9));
            } else {
                long[] shape = new long[data.consumeInt(0, ChannelLayout.MAX_DIMS)];
                for (int d = 0; d < shape.length; d++) {
                    shape[d] = data.consumeLong();
                }
                c.slots().setTensor(slot, FrameKind.TENSOR.code(), data.consumeInt(-1, 12), shape);
            }
            MemorySegment.copy(control, 0, MemorySegment.ofArray(image), 0, image.length);
        }
    }
}
