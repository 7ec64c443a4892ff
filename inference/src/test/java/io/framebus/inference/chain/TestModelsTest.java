package io.framebus.inference.chain;

import io.framebus.inference.TensorSession;
import io.framebus.testkit.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** The written models load in ONNX Runtime with the metadata the tests rely on. */
class TestModelsTest {
    @Test
    void modelsLoad(@TempDir Path dir) {
        try (TensorSession s = TensorSession.open(TestModels.dynamic(dir))) {
            System.out.println(s);
            assertEquals("batch", s.inputSpec(0).dimName(0));
            assertEquals(-1, s.inputSpec(0).dim(0));
            assertEquals("height", s.outputSpec(0).dimName(2));
            assertFalse(s.isPinned(0));
        }
        try (TensorSession s = TensorSession.open(TestModels.flatten(dir))) {
            System.out.println(s + " " + s.outputSpec(0).dimName(0) + " " + s.outputSpec(0).dimName(1));
        }
        try (TensorSession s = TensorSession.open(TestModels.ssd(dir))) {
            System.out.println(s);
            assertTrue(s.isPinned(1));
        }
        try (TensorSession s = TensorSession.open(TestModels.strings(dir))) {
            System.out.println(s);
        }
        try (TensorSession s = TensorSession.open(TestModels.twoInputs(dir))) {
            System.out.println(s);
        }
    }
}
