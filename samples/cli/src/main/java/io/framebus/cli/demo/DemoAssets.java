package io.framebus.cli.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The demo's bundled video and model, packaged in the CLI jar under {@value #ROOT} (the repository's
 * {@code assets/} folder) and extracted at run time into a private temporary directory that
 * {@link #close()} deletes. The demo never reads them from the source tree. (There is no shutdown hook
 * of its own: on Ctrl-C the demo's hook waits for the run to stop its stages and close this, because
 * the stages still write into the directory while they stop.)
 */
public final class DemoAssets implements AutoCloseable {
    /** Resource folder of the assets in the jar. */
    public static final String ROOT = "demo-assets/";
    /** The bundled video: H.264 768x432, 10 fps, 1394 frames of people walking. */
    public static final String VIDEO = "video/people-walking-768x432.mp4";
    /** The bundled detector: YOLOX-Nano, 416x416 input, 80 COCO classes. */
    public static final String MODEL = "models/yolox_nano.onnx";

    private final Path dir;
    private boolean deleted;

    private DemoAssets(Path dir) {
        this.dir = dir;
    }

    /** A new, empty temporary directory for this run's assets and scratch files. */
    public static DemoAssets create() {
        try {
            return new DemoAssets(Files.createTempDirectory("framebus-demo-"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the demo", e);
        }
    }

    /** The temporary directory. */
    public Path dir() {
        return dir;
    }

    /**
     * Extracts bundled asset {@code name} (e.g. {@link #VIDEO}) and returns its path in the temporary directory.
     *
     * @throws IllegalStateException when the jar does not contain it
     */
    public Path extract(String name) {
        Path target = dir.resolve(name);
        try (InputStream in = DemoAssets.class.getClassLoader().getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException("the framebus CLI was built without its demo asset " + name
                        + " (resource " + ROOT + name + "); rebuild it with ./mvnw install");
            }
            Files.createDirectories(target.getParent());
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract demo asset " + name + " to " + target, e);
        }
    }

    private synchronized void deleteQuietly() {
        if (deleted) {
            return;
        }
        deleted = true;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // best effort: a temporary directory
        }
    }

    /** Deletes the directory and everything in it. */
    @Override
    public void close() {
        deleteQuietly();
    }
}
