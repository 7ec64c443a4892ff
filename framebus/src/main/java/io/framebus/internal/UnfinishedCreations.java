package io.framebus.internal;

import io.framebus.memory.ChannelFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The hidden temporary files of channel creations under way in this process, removed by a shutdown
 * hook if the JVM exits ({@code System.exit}, SIGTERM, SIGINT) before a creation finished. Without it a
 * process told to exit while it pre-faults a large channel leaves {@code .framebus-NAME.tmp-*} files
 * that only {@code framebus gc} would remove. (A SIGKILLed creator still leaves them: nothing runs.)
 *
 * <p>A file is created and recorded under one lock that the hook also takes, so no file is created
 * after the hook looked; once the hook ran, creations fail with {@link IllegalStateException}.
 */
final class UnfinishedCreations {
    private static final Object LOCK = new Object();
    private static final Set<Path> PATHS = new HashSet<>();
    private static boolean hooked;
    private static boolean exiting;

    private UnfinishedCreations() {
    }

    /**
     * Creates {@code path} exclusively (see {@link ChannelFile#createNew}) and records it for removal at
     * exit until {@link #finished} is called with it.
     *
     * @throws IllegalStateException when the JVM is already shutting down
     */
    static ChannelFile createNew(Path path, int mode) {
        synchronized (LOCK) {
            if (!hooked) {
                try {
                    Thread hook = Thread.ofPlatform().name("framebus-unfinished-creations")
                            .unstarted(UnfinishedCreations::removeAll);
                    Runtime.getRuntime().addShutdownHook(hook);
                } catch (IllegalStateException e) {
                    exiting = true;
                }
                hooked = true;
            }
            if (exiting) {
                throw new IllegalStateException("cannot create " + path + ": the JVM is shutting down");
            }
            ChannelFile file = Errors.open(() -> ChannelFile.createNew(path, mode), path);
            PATHS.add(path);
            return file;
        }
    }

    /** Forgets {@code paths}: renamed into place or removed by the creation itself. */
    static void finished(Path... paths) {
        synchronized (LOCK) {
            for (Path p : paths) {
                PATHS.remove(p);
            }
        }
    }

    /** The shutdown hook: unlinks every recorded file (names unique to this process: pid and sequence). */
    private static void removeAll() {
        synchronized (LOCK) {
            exiting = true;
            for (Path p : PATHS) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort at exit: framebus gc removes what is left
                }
            }
            PATHS.clear();
        }
    }
}
