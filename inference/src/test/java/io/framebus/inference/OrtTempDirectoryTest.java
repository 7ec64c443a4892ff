package io.framebus.inference;

import io.framebus.testkit.ChildProcess;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/** ONNX Runtime's extraction directory is gone after a JVM that loaded a model exits. */
class OrtTempDirectoryTest {

    @Test
    void aChildJvmThatRanAModelLeavesNoExtractionDirectory() {
        try (ChildProcess child = ChildProcess.start("ort", LoadModel.class, TestSupport.MNIST.toString())) {
            String line = child.awaitLine("DIR ", Duration.ofMinutes(1));
            assertNotNull(line, child.output());
            Path dir = Path.of(line.substring("DIR ".length()));
            assertTrue(dir.getFileName().toString().startsWith("onnxruntime-java"), line);
            assertEquals(0, child.waitFor(Duration.ofMinutes(1)), child.output());
            assertFalse(Files.exists(dir), "ONNX Runtime's " + dir + " outlived the JVM");
        }
    }

    @Test
    void findsNothingWithoutAnExtractedLibrary(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path maps = tmp.resolve("maps");
        Files.writeString(maps, "7f00-7f01 r-xp 00000000 08:01 1 /usr/lib/x86_64-linux-gnu/libc.so.6\n"
                + "7f02-7f03 rw-p 00000000 00:00 0 [heap]\n");
        assertEquals(Optional.empty(), OrtTempDirectory.find(maps));
        Files.writeString(maps, "7f00-7f01 r-xp 00000000 08:01 1 /tmp/onnxruntime-java42/libonnxruntime.so\n");
        assertEquals(Optional.of(Path.of("/tmp/onnxruntime-java42")), OrtTempDirectory.find(maps));
    }

    /** Child: loads a model, reports the extraction directory this JVM mapped its libraries from, exits. */
    public static final class LoadModel {
        public static void main(String[] args) {
            try (TensorSession _ = TensorSession.open(Path.of(args[0]))) {
                System.out.println("DIR " + OrtTempDirectory.find(Path.of("/proc/self/maps")).orElseThrow());
                System.out.flush();
            }
        }
    }
}
