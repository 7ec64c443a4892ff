package io.framebus.internal;

import io.framebus.Backing;
import io.framebus.ChannelFormatException;
import io.framebus.ChannelNames;
import io.framebus.ChannelNotFoundException;
import io.framebus.layout.ChannelLayout;
import io.framebus.layout.HeaderFlyweight;
import io.framebus.layout.HeaderCheck;
import io.framebus.memory.BackingSelector;
import io.framebus.memory.ChannelFile;
import io.framebus.memory.Libc;
import io.framebus.memory.MountTable;
import io.framebus.memory.NativeException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Finds and maps an existing channel for a reader (or for {@code inspect}): searches the channel
 * directories, waits for the file to appear and be sealed, validates the header against the file,
 * and maps the data region read-only.
 */
public final class ReaderOpener {
    private static final long RETRY_NANOS = 5_000_000;

    private ReaderOpener() {
    }

    /** A channel file found on disk, opened, with its validated header. */
    public record Found(ChannelFile file, HeaderCheck.Header header) {
    }

    /** Directories searched for {@code name}: the explicit one, or {@code $FRAMEBUS_DIR}, or all candidates. */
    public static List<Path> searchPath(Path directory) {
        return new BackingSelector(MountTable.read()).searchPath(directory);
    }

    /**
     * Waits up to {@code timeoutNanos} for channel {@code name} to exist and be sealed, then maps it.
     *
     * @throws ChannelNotFoundException when it does not appear in time
     * @throws ChannelFormatException   when the file exists but is not a valid channel
     */
    public static MappedChannel attach(String name, Path directory, long timeoutNanos) {
        Libc.requireSupportedPlatform();
        Found found = find(name, directory, timeoutNanos, true);
        try {
            HeaderCheck.Header h = found.header();
            Backing backing = h.backing();
            if (backing == Backing.HUGETLBFS && !found.file().fileSystem().isHugetlbfs()) {
                throw new ChannelFormatException(found.file().path()
                        + " claims hugetlbfs backing but is not on hugetlbfs");
            }
            return MappedChannel.map(h, found.file(), false);
        } catch (RuntimeException e) {
            found.file().close();
            throw e;
        }
    }

    /**
     * Finds and opens channel {@code name} and validates its header, waiting up to {@code timeoutNanos}
     * for it to appear and be sealed.
     */
    public static Found find(String name, Path directory, long timeoutNanos, boolean writable) {
        ChannelNames.validate(name);
        List<Path> dirs = searchPath(directory);
        long deadline = System.nanoTime() + Math.max(0, timeoutNanos);
        ChannelFormatException lastFormatError = null;
        while (true) {
            for (Path dir : dirs) {
                Path path = ChannelNames.file(dir, name);
                if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                Found found = tryOpen(path, writable);
                if (found != null) {
                    return found;
                }
                lastFormatError = new ChannelFormatException(path + " is still being initialised by its writer");
            }
            if (System.nanoTime() - deadline >= 0) {
                if (lastFormatError != null) {
                    throw lastFormatError;
                }
                throw new ChannelNotFoundException("no channel '" + name + "' in " + dirs
                        + (timeoutNanos > 0 ? " (waited " + timeoutNanos / 1_000_000 + " ms)" : "")
                        + "; is its writer running? 'framebus ls' lists channels");
            }
            LockSupport.parkNanos(RETRY_NANOS);
        }
    }

    /** Opens and validates one file; null when it vanished or is not sealed yet (try again). */
    private static Found tryOpen(Path path, boolean writable) {
        ChannelFile file;
        try {
            file = ChannelFile.open(path, writable);
        } catch (NativeException e) {
            if (e.errno() == Libc.ENOENT) {
                return null;
            }
            throw Errors.translate(e, path);
        }
        try {
            ChannelFile.Stat stat = file.stat();
            if (!stat.isRegularFile()) {
                throw new ChannelFormatException(path + " is not a regular file");
            }
            MemorySegment header = file.read(0, HeaderFlyweight.HEADER_SIZE, Arena.ofAuto());
            if (stat.size() == 0
                    || HeaderCheck.isInitializing(header) && file.isLockedByOther(ChannelLayout.WRITER_LOCK_BYTE)) {
                file.close();
                return null; // a writer is creating it right now
            }
            HeaderCheck.Header h = HeaderCheck.check(header, stat.size(), path.toString());
            if (h.state() == ChannelLayout.STATE_CLOSED && !file.isLinkedAtPath()) {
                file.close();
                return null;
            }
            return new Found(file, h);
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }
}
