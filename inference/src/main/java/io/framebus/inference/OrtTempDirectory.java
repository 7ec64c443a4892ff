package io.framebus.inference;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Removes the directory ONNX Runtime's Java binding extracts its native libraries into.
 *
 * <p>ONNX Runtime 1.29 extracts {@code libonnxruntime.so} and its JNI library into a fresh
 * {@code $TMPDIR/onnxruntime-java<random>} per JVM and asks {@link java.io.File#deleteOnExit()} to
 * remove the files and then the directory. {@code deleteOnExit} deletes in reverse order of
 * registration, so the directory goes first, while it still holds the libraries, and stays behind,
 * empty, after every run. framebus stages start many JVMs, so they would litter {@code /tmp}.
 *
 * <p>This class finds that directory through the libraries this process has mapped
 * ({@code /proc/self/maps}) and removes it, with its files, from a shutdown hook. Removing a
 * mapped library is safe on Linux: the mapping keeps the inode until the process exits.
 */
final class OrtTempDirectory {
    private static final String PREFIX = "onnxruntime-java";
    private static boolean registered;

    private OrtTempDirectory() {
    }

    /** Registers the removal once per JVM, after ONNX Runtime has loaded its libraries. */
    static synchronized void removeAtExit() {
        if (registered) {
            return;
        }
        registered = true;
        find(Path.of("/proc/self/maps")).ifPresent(dir ->
                Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("ort-temp-cleanup").unstarted(() ->
                        removeQuietly(dir))));
    }

    /** The extraction directory named in a maps file, if ONNX Runtime loaded its libraries from one. */
    static Optional<Path> find(Path maps) {
        if (!Files.isReadable(maps)) {
            return Optional.empty();
        }
        try (Stream<String> lines = Files.lines(maps)) {
            return lines.map(OrtTempDirectory::mappedFile)
                    .filter(p -> p != null && p.getParent() != null
                            && p.getParent().getFileName().toString().startsWith(PREFIX)
                            && p.getFileName().toString().contains("onnxruntime"))
                    .map(Path::getParent)
                    .findFirst();
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    private static Path mappedFile(String mapsLine) {
        int slash = mapsLine.indexOf('/');
        if (slash < 0) {
            return null;
        }
        String path = mapsLine.substring(slash);
        if (path.endsWith(" (deleted)")) {
            return null;
        }
        return Path.of(path);
    }

    /** Deletes the files of {@code dir} (not recursing) and then {@code dir}; best effort at exit. */
    static void removeQuietly(Path dir) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException | RuntimeException e) {
            // best effort: the JVM is exiting
        }
    }
}
