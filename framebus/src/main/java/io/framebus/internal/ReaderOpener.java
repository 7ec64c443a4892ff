package io.framebus.internal;

import io.framebus.Backing;
import io.framebus.ChannelAccessDeniedException;
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

    /**
     * A channel found on disk: its control file, opened, with its validated header.
     *
     * @param file   the control file
     * @param stat   its {@code fstat} when it was opened
     * @param header its validated header
     */
    public record Found(ChannelFile file, ChannelFile.Stat stat, HeaderCheck.Header header) {
    }

    /**
     * Directories searched for a channel: the explicit one, or {@code $FRAMEBUS_DIR}, or all candidates.
     *
     * @param directory an explicit directory, or null
     * @return the directories, in search order
     */
    public static List<Path> searchPath(Path directory) {
        return new BackingSelector(MountTable.read()).searchPath(directory);
    }

    /**
     * Waits up to {@code timeoutNanos} for channel {@code name} to exist, checks that this process may
     * trust it ({@link Trust}), and maps it: the control file read-write, the data file read-only.
     *
     * @param name         the channel
     * @param directory    where it is, or null for the search path
     * @param timeoutNanos how long to wait for it to appear
     * @param group        the group whose members' channels this reader trusts, or null
     * @return the mapped channel
     * @throws ChannelNotFoundException     when it does not appear in time
     * @throws ChannelAccessDeniedException when it must not be trusted
     * @throws ChannelFormatException       when the files exist but are not a valid channel
     */
    public static MappedChannel attach(String name, Path directory, long timeoutNanos, String group) {
        Libc.requireSupportedPlatform();
        long deadline = System.nanoTime() + Math.max(0, timeoutNanos);
        while (true) {
            MappedChannel channel = tryAttach(find(name, directory, deadline - System.nanoTime(), true), group);
            if (channel != null) {
                return channel;
            }
            // the channel was closed and removed between its control file and its data file: look again
        }
    }

    /** Maps a found channel; null when it was removed after its control file was opened (look again). */
    private static MappedChannel tryAttach(Found found, String group) {
        ChannelFile data = null;
        try {
            Trust.requireTrusted(found.file(), found.stat(), group);
            HeaderCheck.Header h = found.header();
            if (h.backing() == Backing.HUGETLBFS && !found.file().fileSystem().isHugetlbfs()) {
                throw new ChannelFormatException(found.file().path()
                        + " claims hugetlbfs backing but is not on hugetlbfs");
            }
            Path dataPath = ChannelNames.dataFile(found.file().path().getParent(), h.name());
            try {
                data = Errors.open(() -> ChannelFile.open(dataPath, false), dataPath);
                Trust.requireDataFile(found.stat(), data, h);
            } catch (ChannelNotFoundException | ChannelFormatException e) {
                if (!found.file().isLinkedAtPath()) { // removed (or replaced) since: not this data file's fault
                    if (data != null) {
                        data.close();
                    }
                    found.file().close();
                    return null;
                }
                throw e;
            }
            return MappedChannel.map(h, found.file(), data, false);
        } catch (RuntimeException e) {
            if (data != null) {
                data.close();
            }
            found.file().close();
            throw e;
        }
    }

    /**
     * Finds and opens channel {@code name}'s control file and validates its header, waiting up to
     * {@code timeoutNanos} for it to appear. Trust is the caller's business ({@code inspect} shows any
     * channel; readers check it).
     *
     * @param name         the channel
     * @param directory    where it is, or null for the search path
     * @param timeoutNanos how long to wait for it to appear
     * @param writable     open the control file read-write (a reader) or read-only (inspect)
     * @return the open control file and its header
     */
    public static Found find(String name, Path directory, long timeoutNanos, boolean writable) {
        ChannelNames.validate(name);
        List<Path> dirs = searchPath(directory);
        long deadline = System.nanoTime() + Math.max(0, timeoutNanos);
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
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new ChannelNotFoundException("no channel '" + name + "' in " + dirs
                        + (timeoutNanos > 0 ? " (waited " + timeoutNanos / 1_000_000 + " ms)" : "")
                        + "; is its writer running? 'framebus ls' lists channels");
            }
            LockSupport.parkNanos(RETRY_NANOS);
        }
    }

    /** Opens and validates one control file; null when it vanished or was closed and removed (look again). */
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
            if (stat.size() == 0) {
                throw new ChannelFormatException(path + " is empty: no framebus writer completed it (framebus "
                        + "puts a channel's files in place only when they are complete), so it is another program's "
                        + "file, or one left by an older framebus. 'framebus gc' removes it when no writer holds it.");
            }
            MemorySegment header = file.read(0, HeaderFlyweight.HEADER_SIZE, Arena.ofAuto());
            HeaderCheck.Header h = HeaderCheck.check(header, stat.size(), path.toString());
            if (h.state() == ChannelLayout.STATE_CLOSED && !file.isLinkedAtPath()) {
                file.close();
                return null;
            }
            return new Found(file, stat, h);
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }
}
