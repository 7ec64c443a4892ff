package io.framebus.bridge;

import io.aeron.Aeron;
import io.aeron.CommonContext;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.exceptions.AeronException;
import org.agrona.IoUtil;
import org.agrona.concurrent.BackoffIdleStrategy;

import java.io.File;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A bridge's connection to Aeron: a media driver embedded in this process (the default), in its own directory
 * under {@code /dev/shm}, or an external driver's directory; and the client on it. The embedded driver runs one
 * thread (conductor, sender and receiver) that backs off to sleeping when idle, so an idle bridge costs little
 * CPU. Errors that end the client (the external driver died or stopped answering) are kept and raised by
 * {@link #checkHealthy()} as a {@link BridgeException}.
 */
final class AeronMedia implements AutoCloseable {
    private static final long DRIVER_TIMEOUT_MS = 10_000;
    private static int counter;

    private final MediaDriver driver;
    private final Aeron aeron;
    private final String description;
    private final AtomicReference<Throwable> fatal = new AtomicReference<>();

    private AeronMedia(MediaDriver driver, Aeron aeron, String description) {
        this.driver = driver;
        this.aeron = aeron;
        this.description = description;
    }

    /**
     * Starts an embedded driver, or connects to the external one in {@code settings.directory()}.
     *
     * @param log told about stale directories removed
     * @throws BridgeException when the driver cannot be started or reached
     */
    static AeronMedia start(AeronSettings settings, Consumer<String> log) {
        checkAccess();
        if (settings.directory() != null) {
            return external(settings.directory().toString());
        }
        AeronDirectories.removeStale(log);
        String dir = AeronDirectories.SHM.resolve(AeronDirectories.PREFIX + ProcessHandle.current().pid() + "-"
                + next()).toString();
        MediaDriver driver;
        try {
            driver = MediaDriver.launch(new MediaDriver.Context()
                    .aeronDirectoryName(dir)
                    .dirDeleteOnStart(true)
                    .dirDeleteOnShutdown(true)
                    .threadingMode(ThreadingMode.SHARED)
                    .sharedIdleStrategy(new BackoffIdleStrategy(100, 10, 1_000, 50_000))
                    .termBufferSparseFile(false));
        } catch (RuntimeException | LinkageError e) {
            IoUtil.delete(new File(dir), true);
            throw new BridgeException("cannot start the embedded Aeron media driver in " + dir + ": " + e
                    + "; check that /dev/shm is writable and has room (each bridge needs about 3 x the term length),"
                    + " or run an external driver and pass --aeron-dir", e);
        }
        try {
            return connect(driver, dir, "embedded Aeron media driver in " + dir);
        } catch (RuntimeException e) {
            driver.close();
            throw e;
        }
    }

    private static synchronized int next() {
        return ++counter;
    }

    private static AeronMedia external(String dir) {
        if (!CommonContext.isDriverActive(new File(dir), DRIVER_TIMEOUT_MS, message -> { })) {
            throw new BridgeException("no Aeron media driver is running in " + dir + " (--aeron-dir): start one"
                    + " there (java -cp aeron-all.jar io.aeron.driver.MediaDriver, with -Daeron.dir=" + dir
                    + "), or leave out --aeron-dir to embed a driver in the bridge");
        }
        return connect(null, dir, "external Aeron media driver in " + dir);
    }

    private static AeronMedia connect(MediaDriver driver, String dir, String description) {
        AtomicReference<AeronMedia> self = new AtomicReference<>();
        AtomicReference<Throwable> early = new AtomicReference<>();
        Aeron aeron;
        try {
            aeron = Aeron.connect(new Aeron.Context()
                    .aeronDirectoryName(dir)
                    .driverTimeoutMs(DRIVER_TIMEOUT_MS)
                    .preTouchMappedMemory(true)
                    .errorHandler(error -> {
                        AeronMedia media = self.get();
                        AtomicReference<Throwable> sink = media != null ? media.fatal : early;
                        if (isFatal(error)) {
                            sink.compareAndSet(null, error);
                        }
                    }));
        } catch (RuntimeException e) {
            throw new BridgeException("cannot connect to the " + description + ": " + e.getMessage(), e);
        }
        AeronMedia media = new AeronMedia(driver, aeron, description);
        self.set(media);
        Throwable before = early.get();
        if (before != null) {
            media.fatal.compareAndSet(null, before);
        }
        return media;
    }

    /** Errors after which the client is closed: the driver is gone or the client timed out. */
    private static boolean isFatal(Throwable error) {
        return error instanceof io.aeron.exceptions.DriverTimeoutException
                || error instanceof io.aeron.exceptions.ConductorServiceTimeoutException
                || error instanceof io.aeron.exceptions.ClientTimeoutException
                || (error instanceof AeronException && error.getMessage() != null
                && error.getMessage().contains("unexpected close"));
    }

    /** Aeron's Agrona needs {@code jdk.internal.misc}; without the export it fails with an obscure error. */
    private static void checkAccess() {
        if (!Object.class.getModule().isExported("jdk.internal.misc", AeronMedia.class.getModule())) {
            throw new BridgeException("the bridge runs Aeron, whose Agrona needs the JVM option"
                    + " --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED (bin/framebus adds it for 'bridge')");
        }
    }

    Aeron aeron() {
        return aeron;
    }

    /** @return which driver, for messages */
    String description() {
        return description;
    }

    /**
     * @throws BridgeException when the driver is gone or the client was closed under us
     */
    void checkHealthy() {
        Throwable t = fatal.get();
        if (t != null || aeron.isClosed()) {
            throw new BridgeException("lost the " + description + (t != null ? ": " + t.getMessage() : "")
                    + "; the bridge stops", t);
        }
    }

    @Override
    public void close() {
        try {
            aeron.close();
        } finally {
            if (driver != null) {
                driver.close();
            }
        }
    }
}
