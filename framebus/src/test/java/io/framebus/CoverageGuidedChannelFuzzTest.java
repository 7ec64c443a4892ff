package io.framebus;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.framebus.mains.ChannelFileTorture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
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
}
