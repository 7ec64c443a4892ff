package io.framebus.cli.demo;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * JVM options of the demo's stage processes ({@link io.framebus.testkit.JavaLauncher} adds
 * {@code -XX:+UseSerialGC} and native access to each).
 *
 * <ul>
 *   <li><b>C1 only for the native-bound stages.</b> Capture, detect and encode do their heavy work in
 *       native code (FFmpeg decode and sws_scale, ONNX Runtime, openh264); motion's in-place difference
 *       is a Java loop. So capture, detect and encode run with {@code -XX:TieredStopAtLevel=1}: on 2
 *       cores shared by 4 processes, C2 compiling code that hardly runs is CPU taken from the pipeline.
 *       Motion keeps C2 for its loop, and so do the chain's preprocess (a Java letterbox) and postprocess
 *       (a Java decoder); its infer is native-bound.</li>
 *   <li><b>A class-data sharing archive per stage</b> ({@code -XX:+AutoCreateSharedArchive}) when the
 *       class path is made of jars only (as {@code ./framebus} runs it; CDS cannot archive classes from
 *       directories): the first run writes it when the stage exits, later runs map it and start about
 *       twice as fast. The JVM checks the archive against the class path and JDK, and rewrites it when
 *       they changed. Kept in {@code <tmp>/framebus-cds-<hash of JDK and class path>/}.</li>
 * </ul>
 *
 * @param heap        maximum heap of each stage ({@code -Xmx}); frames live in shared memory, not on the heap
 * @param c1ForNative run the native-bound stages with C1 only
 * @param cds         use a class-data sharing archive per stage when the class path allows it
 * @param extra       further options for every stage
 */
public record StageJvm(String heap, boolean c1ForNative, boolean cds, List<String> extra) {
    /** Stages whose heavy work is a Java loop: they keep C2 (the chain's letterbox and decoders too). */
    private static final java.util.Set<String> JAVA_BOUND = java.util.Set.of("motion", "preprocess", "postprocess");

    public StageJvm {
        extra = List.copyOf(extra);
    }

    /** 256 MiB heaps, C1 for the native-bound stages, CDS archives. */
    public static StageJvm defaults() {
        return new StageJvm("256m", true, true, List.of());
    }

    /** The options for {@code stage} ("capture", "detect", "motion", "encode"). */
    public List<String> options(String stage) {
        List<String> o = new ArrayList<>();
        o.add("-Xmx" + heap);
        o.add("-XX:-UsePerfData");
        if (c1ForNative && !JAVA_BOUND.contains(stage)) {
            o.add("-XX:TieredStopAtLevel=1");
        }
        Path archive = cds ? archiveDirectory() : null;
        if (archive != null) {
            o.add("-XX:SharedArchiveFile=" + archive.resolve(stage + ".jsa"));
            o.add("-XX:+AutoCreateSharedArchive");
            o.add("-Xlog:cds=off,aot=off"); // the JVM explains at length why it (re)writes an archive
        }
        o.addAll(extra);
        return o;
    }

    /** Where the archives of this JDK and class path go, or null when CDS cannot be used. */
    static Path archiveDirectory() {
        String classPath = System.getProperty("java.class.path", "");
        if (classPath.isEmpty()) {
            return null;
        }
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.endsWith(".jar") || !Files.isRegularFile(Path.of(entry))) {
                return null; // a directory (an IDE, a test): dynamic archives cannot include it
            }
        }
        try {
            String key = System.getProperty("java.home") + "|" + Runtime.version() + "|" + classPath;
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(key.getBytes(
                    java.nio.charset.StandardCharsets.UTF_8));
            Path dir = Path.of(System.getProperty("java.io.tmpdir"),
                    "framebus-cds-" + HexFormat.of().formatHex(hash, 0, 8));
            Files.createDirectories(dir);
            return Files.isWritable(dir) ? dir : null;
        } catch (java.io.IOException | java.security.NoSuchAlgorithmException e) {
            return null;
        }
    }
}
