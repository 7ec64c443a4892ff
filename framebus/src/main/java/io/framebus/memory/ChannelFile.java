package io.framebus.memory;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * An open channel file descriptor: open flags, space reservation, byte-range liveness locks
 * and identity checks. Opened with {@code O_CLOEXEC} (child processes never inherit it, so a
 * lock dies with its process) and {@code O_NOFOLLOW} (a symlink planted in a shared directory is
 * refused).
 */
public final class ChannelFile implements AutoCloseable {
    private volatile Path path;
    private final int fd;
    private boolean closed;

    private ChannelFile(Path path, int fd) {
        this.path = path;
        this.fd = fd;
    }

    /**
     * Creates {@code path}, which must not exist ({@code O_EXCL}: a file planted there by anyone is never
     * opened), read-write, then sets its permission bits to exactly {@code mode} (the umask does not
     * apply).
     *
     * @param path the new file
     * @param mode its permission bits
     * @return the open file
     * @throws NativeException with {@code EEXIST} when the path exists
     */
    public static ChannelFile createNew(Path path, int mode) {
        ChannelFile file = new ChannelFile(path, Libc.open(path.toString(),
                Libc.O_RDWR | Libc.O_CREAT | Libc.O_EXCL | Libc.O_CLOEXEC | Libc.O_NOFOLLOW, mode & 0600));
        try {
            LibcFiles.fchmod(file.fd, mode);
            return file;
        } catch (RuntimeException e) {
            file.unlinkIfLinked();
            file.close();
            throw e;
        }
    }

    /** Opens an existing file, read-write or read-only. */
    public static ChannelFile open(Path path, boolean writable) {
        int flags = (writable ? Libc.O_RDWR : Libc.O_RDONLY) | Libc.O_CLOEXEC | Libc.O_NOFOLLOW;
        return new ChannelFile(path, Libc.open(path.toString(), flags, 0));
    }

    public Path path() {
        return path;
    }

    public int fd() {
        return fd;
    }

    /**
     * The file's {@code stat} fields framebus uses.
     *
     * @param device the device ({@code st_dev})
     * @param inode  the inode number
     * @param mode   type and permission bits
     * @param uid    the owner
     * @param gid    the group
     * @param size   bytes
     */
    public record Stat(long device, long inode, int mode, int uid, int gid, long size) {
        /** @return true for a regular file */
        public boolean isRegularFile() {
            return (mode & 0170000) == 0100000;
        }

        /** @return the permission bits alone */
        public int permissions() {
            return mode & 07777;
        }
    }

    /** @return the file's {@code fstat} fields */
    public Stat stat() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment st = Libc.fstat(fd, arena);
            return new Stat(st.get(ValueLayout.JAVA_LONG, Libc.STAT_DEV), st.get(ValueLayout.JAVA_LONG, Libc.STAT_INO),
                    st.get(ValueLayout.JAVA_INT, Libc.STAT_MODE), st.get(ValueLayout.JAVA_INT, Libc.STAT_UID),
                    st.get(ValueLayout.JAVA_INT, Libc.STAT_GID), st.get(ValueLayout.JAVA_LONG, Libc.STAT_SIZE_FIELD));
        }
    }

    /**
     * Gives the file to group {@code gid}.
     *
     * @param gid the group
     */
    public void changeGroup(int gid) {
        LibcFiles.fchown(fd, -1, gid);
    }

    /**
     * Renames the file to {@code target}, which must not exist: an existing file there is never
     * replaced. From then on {@link #path()} is {@code target}.
     *
     * @param target the new path
     * @throws NativeException with {@code EEXIST} when {@code target} exists
     */
    public void moveTo(Path target) {
        LibcFiles.renameNoReplace(path.toString(), target.toString());
        path = target;
    }

    public long size() {
        return stat().size();
    }

    /** The filesystem holding the file. */
    public FileSystemInfo fileSystem() {
        try (Arena arena = Arena.ofConfined()) {
            return FileSystemInfo.of(Libc.fstatfs(fd, arena));
        }
    }

    /** True while {@link #path()} still names this very file (it was not unlinked or replaced). */
    public boolean isLinkedAtPath() {
        try {
            Object inode = Files.getAttribute(path, "unix:ino", LinkOption.NOFOLLOW_LINKS);
            return inode instanceof Long l && l == stat().inode();
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Unlinks {@link #path()} if it still names this file. Returns true when it did. */
    public boolean unlinkIfLinked() {
        if (!isLinkedAtPath()) {
            return false;
        }
        try {
            return Files.deleteIfExists(path);
        } catch (IOException e) {
            return false;
        }
    }

    public void truncate(long size) {
        Libc.ftruncate(fd, size);
    }

    /** Reserves every byte so that no later page fault can hit a full filesystem (no SIGBUS). */
    public void reserve(long size) {
        Libc.fallocate(fd, 0, size);
    }

    /** Reads {@code length} bytes at {@code offset} (short if the file is shorter). */
    public MemorySegment read(long offset, long length, Arena arena) {
        MemorySegment buffer = arena.allocate(length, 8);
        long n = Libc.pread(fd, buffer, offset);
        return buffer.asSlice(0, n);
    }

    /** Takes the liveness lock on byte {@code offset} without waiting; false if another holder has it. */
    public boolean tryLock(long offset) {
        return Libc.ofdLock(fd, offset, Libc.F_WRLCK);
    }

    public void unlock(long offset) {
        Libc.ofdLock(fd, offset, Libc.F_UNLCK);
    }

    /** True when another open file description (any process, including this one) holds the byte. */
    public boolean isLockedByOther(long offset) {
        return Libc.ofdLocked(fd, offset);
    }

    public Mapping map(long offset, long length, boolean writable) {
        return Mapping.map(this, offset, length, writable);
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            Libc.close(fd);
        }
    }
}
