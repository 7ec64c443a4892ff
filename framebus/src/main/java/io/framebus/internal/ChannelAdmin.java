package io.framebus.internal;

import io.framebus.ChannelBusyException;
import io.framebus.ChannelFormatException;
import io.framebus.ChannelNames;
import io.framebus.ChannelNotFoundException;
import io.framebus.ChannelSnapshot;
import io.framebus.layout.ChannelLayout;
import io.framebus.layout.HeaderCheck;
import io.framebus.layout.HeaderFlyweight;
import io.framebus.memory.Accounts;
import io.framebus.memory.ChannelFile;
import io.framebus.memory.NativeException;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code inspect}, {@code ls}, {@code rm} and {@code gc}: reading channel files without disturbing them,
 * and removing them. A channel is removed with both of its files; {@code gc} also removes what a creator
 * killed midway left (hidden temporary files) and data files whose control file is gone. Only files of
 * this process's user are removed (root may remove any).
 */
public final class ChannelAdmin {
    private ChannelAdmin() {
    }

    /**
     * @param name      the channel
     * @param directory where it is, or null for the search path
     * @return what its control file holds now
     */
    public static ChannelSnapshot inspect(String name, Path directory) {
        ReaderOpener.Found found = ReaderOpener.find(name, directory, 0, false);
        try (ChannelFile file = found.file()) {
            return SnapshotReader.read(file, found.stat(), found.header());
        }
    }

    /**
     * @param directory a channel directory, or null for every one
     * @return one summary per control file found
     */
    public static List<ChannelSnapshot.Summary> list(Path directory) {
        List<ChannelSnapshot.Summary> out = new ArrayList<>();
        for (Path file : files(directory, ChannelNames.FILE_PREFIX)) {
            if (ChannelNames.nameOf(file) != null) {
                out.add(summarize(file));
            }
        }
        return out;
    }

    private static ChannelSnapshot.Summary summarize(Path path) {
        String name = ChannelNames.nameOf(path);
        try (ChannelFile file = ChannelFile.open(path, false); Arena arena = Arena.ofConfined()) {
            ChannelFile.Stat stat = file.stat();
            boolean alive = file.isLockedByOther(ChannelLayout.WRITER_LOCK_BYTE);
            try {
                HeaderCheck.Header h = HeaderCheck.check(file.read(0, HeaderFlyweight.HEADER_SIZE, arena),
                        stat.size(), path.toString());
                ChannelSnapshot s = SnapshotReader.read(file, stat, h);
                return new ChannelSnapshot.Summary(name, path.toString(), s.fileSize(), s.backing(), alive,
                        s.writer().pid(), (int) s.readers().stream().filter(ChannelSnapshot.Reader::alive).count(),
                        s.published(), null, bridge(s));
            } catch (ChannelFormatException e) {
                return new ChannelSnapshot.Summary(name, path.toString(), stat.size(), "?", alive, 0, 0, 0,
                        e.getMessage(), null);
            }
        } catch (NativeException e) {
            return new ChannelSnapshot.Summary(name, path.toString(), 0, "?", false, 0, 0, 0, e.getMessage(), null);
        }
    }

    /** "from SOURCE" for a channel a bridge writes; "to LABEL, ..." for one that live bridges read; else null. */
    private static String bridge(ChannelSnapshot s) {
        if (s.link() != null) {
            return "from " + s.link().source() + (s.link().sourceGone() ? " (gone)" : "");
        }
        String to = null;
        for (ChannelSnapshot.Reader r : s.readers()) {
            if (r.alive() && r.lastContactMs() >= 0) {
                to = (to == null ? "to " : to + ", ") + r.label();
            }
        }
        return to;
    }

    /** Regular files (not links) whose names start with {@code prefix}, in every searched directory. */
    private static List<Path> files(Path directory, String prefix) {
        List<Path> files = new ArrayList<>();
        for (Path dir : ReaderOpener.searchPath(directory)) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, prefix + "*")) {
                for (Path f : stream) {
                    if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                        files.add(f);
                    }
                }
            } catch (IOException e) {
                // unreadable directory: nothing to list there
            }
        }
        return files;
    }

    /**
     * @param name      the channel
     * @param directory where it is, or null for the search path
     * @param force     remove it even while its writer is alive
     * @return true if a file was removed
     */
    public static boolean remove(String name, Path directory, boolean force) {
        ChannelNames.validate(name);
        boolean removed = false;
        boolean found = false;
        for (Path dir : ReaderOpener.searchPath(directory)) {
            Path control = ChannelNames.file(dir, name);
            Path data = ChannelNames.dataFile(dir, name);
            if (Files.exists(control, LinkOption.NOFOLLOW_LINKS)) {
                found = true;
                try (ChannelFile file = ChannelFile.open(control, false)) {
                    if (!force && file.isLockedByOther(ChannelLayout.WRITER_LOCK_BYTE)) {
                        throw new ChannelBusyException("channel '" + name + "' has a live writer ("
                                + Errors.describeWriter(file) + "); stop it first, or use --force");
                    }
                    removed |= removeIfAllowed(file);
                } catch (NativeException e) {
                    throw Errors.translate(e, control);
                }
            }
            if (Files.exists(data, LinkOption.NOFOLLOW_LINKS)) {
                found = true;
                removed |= removeIfAllowed(data);
            }
        }
        if (!found) {
            throw new ChannelNotFoundException("no channel '" + name + "' in " + ReaderOpener.searchPath(directory));
        }
        return removed;
    }

    /**
     * Removes the files of dead writers: channels whose writer lock nobody holds, temporary files of
     * creators that died, and data files whose control file is gone.
     *
     * @param directory the directory to clean, or null for every channel directory
     * @return the names removed: channel names, or file names for leftovers
     */
    public static List<String> gc(Path directory) {
        return gc(directory, "");
    }

    /**
     * As {@link #gc(Path)}, for the channels whose name starts with {@code namePrefix} only (and their
     * temporary files).
     *
     * @param directory  the directory to clean, or null for every channel directory
     * @param namePrefix the start of the names to look at: empty, or valid characters of a channel name
     * @return the names removed: channel names, or file names for leftovers
     */
    public static List<String> gc(Path directory, String namePrefix) {
        if (!namePrefix.isEmpty()) {
            ChannelNames.validate(namePrefix); // also keeps glob characters out of the patterns below
        }
        List<String> removed = new ArrayList<>();
        for (Path path : files(directory, ChannelNames.FILE_PREFIX + namePrefix)) {
            String name = ChannelNames.nameOf(path);
            if (name != null) {
                if (removeIfDead(path)) {
                    removeIfAllowed(ChannelNames.dataFile(path.getParent(), name));
                    removed.add(name);
                }
            } else if (isOrphanData(path) && removeIfAllowed(path)) {
                removed.add(path.getFileName().toString());
            }
        }
        for (Path temp : files(directory, ChannelNames.TEMP_PREFIX + namePrefix)) {
            if (!temp.getFileName().toString().endsWith(ChannelNames.DATA_SUFFIX) && removeIfDead(temp)) {
                removeIfAllowed(Path.of(temp + ChannelNames.DATA_SUFFIX));
                removed.add(temp.getFileName().toString());
            }
        }
        for (Path temp : files(directory, ChannelNames.TEMP_PREFIX + namePrefix)) {
            String data = temp.toString();
            String control = data.substring(0, Math.max(0, data.length() - ChannelNames.DATA_SUFFIX.length()));
            if (data.endsWith(ChannelNames.DATA_SUFFIX) && !Files.exists(Path.of(control), LinkOption.NOFOLLOW_LINKS)
                    && removeIfAllowed(temp)) {
                removed.add(temp.getFileName().toString());
            }
        }
        return removed;
    }

    /** Removes a control file (channel or temporary) whose writer lock nobody holds. */
    private static boolean removeIfDead(Path path) {
        try (ChannelFile file = ChannelFile.open(path, false)) {
            return !file.isLockedByOther(ChannelLayout.WRITER_LOCK_BYTE) && removeIfAllowed(file);
        } catch (NativeException e) {
            return false; // vanished, or unreadable: not ours to remove
        }
    }

    /** A {@code framebus-X.data} file whose control file {@code framebus-X} does not exist. */
    private static boolean isOrphanData(Path path) {
        String f = path.getFileName().toString();
        if (!f.endsWith(ChannelNames.DATA_SUFFIX)) {
            return false;
        }
        String controlName = f.substring(0, f.length() - ChannelNames.DATA_SUFFIX.length());
        return ChannelNames.nameOf(path.resolveSibling(controlName)) != null
                && !Files.exists(path.resolveSibling(controlName), LinkOption.NOFOLLOW_LINKS);
    }

    private static boolean removeIfAllowed(Path path) {
        try (ChannelFile file = ChannelFile.open(path, false)) {
            return removeIfAllowed(file);
        } catch (NativeException e) {
            return false;
        }
    }

    /** Unlinks a file of this user (root: of anyone) if the path still names it. */
    private static boolean removeIfAllowed(ChannelFile file) {
        int me = Accounts.effectiveUid();
        return (me == 0 || file.stat().uid() == me) && file.unlinkIfLinked();
    }
}
