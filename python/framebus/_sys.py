"""The Linux calls framebus needs beyond the os module: OFD byte locks, fallocate, renameat2(RENAME_NOREPLACE),
fstatfs, and who this process is (pid, start time, PID namespace)."""

import errno
import fcntl
import os
import struct

import cffi

_ffi = cffi.FFI()
_ffi.cdef("""
int fallocate(int fd, int mode, int64_t offset, int64_t len);
int renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, unsigned int flags);
int fstatfs(int fd, void *buf);
""")
_libc = _ffi.dlopen(None)

AT_FDCWD = -100
RENAME_NOREPLACE = 1
HUGETLBFS_MAGIC = 0x958458F6
TMPFS_MAGIC = 0x01021994

# struct flock on x86-64 and arm64: short l_type, short l_whence, (pad), off_t l_start, off_t l_len, pid_t l_pid,
# (pad): 32 bytes.
_FLOCK = struct.Struct("hhxxxxqqi4x")
_F_OFD_GETLK = getattr(fcntl, "F_OFD_GETLK", 36)
_F_OFD_SETLK = getattr(fcntl, "F_OFD_SETLK", 37)


def open_file(path, writable):
    """Opens an existing file without following a symbolic link, close-on-exec (no child inherits its locks)."""
    flags = (os.O_RDWR if writable else os.O_RDONLY) | os.O_CLOEXEC | os.O_NOFOLLOW
    return os.open(path, flags)


def create_file(path, mode):
    """Creates ``path``, which must not exist (O_EXCL), read-write, with exactly ``mode`` (umask ignored)."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC | os.O_NOFOLLOW, mode & 0o600)
    try:
        os.fchmod(fd, mode)
    except OSError:
        os.close(fd)
        os.unlink(path)
        raise
    return fd


def try_lock(fd, byte):
    """Takes the OFD write lock on one byte without waiting; False when another open file description has it."""
    try:
        fcntl.fcntl(fd, _F_OFD_SETLK, _FLOCK.pack(fcntl.F_WRLCK, os.SEEK_SET, byte, 1, 0))
        return True
    except OSError as e:
        if e.errno in (errno.EAGAIN, errno.EACCES):
            return False
        raise


def unlock(fd, byte):
    fcntl.fcntl(fd, _F_OFD_SETLK, _FLOCK.pack(fcntl.F_UNLCK, os.SEEK_SET, byte, 1, 0))


def locked_by_other(fd, byte):
    """True when another open file description (any process, this one included) holds a lock on the byte."""
    result = fcntl.fcntl(fd, _F_OFD_GETLK, _FLOCK.pack(fcntl.F_WRLCK, os.SEEK_SET, byte, 1, 0))
    return _FLOCK.unpack(result)[0] != fcntl.F_UNLCK


def fallocate(fd, length):
    """Reserves ``length`` bytes; raises OSError (errno ENOSPC, EOPNOTSUPP...) on failure."""
    if _libc.fallocate(fd, 0, 0, length) != 0:
        code = _ffi.errno
        raise OSError(code, os.strerror(code))


def rename_no_replace(source, target):
    """Renames ``source`` to ``target``; raises FileExistsError when ``target`` exists (it is never replaced)."""
    if _libc.renameat2(AT_FDCWD, os.fsencode(source), AT_FDCWD, os.fsencode(target), RENAME_NOREPLACE) != 0:
        code = _ffi.errno
        raise OSError(code, os.strerror(code), source, None, target)


class FileSystem:
    """What fstatfs(2) says about the filesystem of an open file."""

    __slots__ = ("type", "block_size", "total_blocks", "available_blocks")

    def __init__(self, fd):
        buf = _ffi.new("int64_t[16]")  # struct statfs: f_type, f_bsize, f_blocks, f_bfree, f_bavail, ...
        if _libc.fstatfs(fd, buf) != 0:
            code = _ffi.errno
            raise OSError(code, os.strerror(code))
        self.type = buf[0] & 0xFFFFFFFF
        self.block_size = buf[1]
        self.total_blocks = buf[2]
        self.available_blocks = buf[4]

    @property
    def is_hugetlbfs(self):
        return self.type == HUGETLBFS_MAGIC

    @property
    def available_bytes(self):
        """Free bytes, or -1 when the filesystem has no limit (hugetlbfs without size=)."""
        return -1 if self.total_blocks == 0 else self.available_blocks * self.block_size

    @property
    def total_bytes(self):
        return self.total_blocks * self.block_size


def file_system(path):
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        return FileSystem(fd)
    finally:
        os.close(fd)


def start_time(pid):
    """Field 22 of /proc/PID/stat (clock ticks since boot), or -1 when there is no such process."""
    if pid <= 0:
        return -1
    try:
        with open("/proc/%d/stat" % pid, "rb") as f:
            stat = f.read().decode("ascii", "replace")
        return int(stat[stat.rindex(")") + 2:].split(" ")[19])
    except (OSError, ValueError, IndexError):
        return -1


def pid_namespace(who="self"):
    """The inode of /proc/WHO/ns/pid, 0 when it cannot be read."""
    try:
        link = os.readlink("/proc/%s/ns/pid" % who)
        return int(link[link.index("[") + 1:link.index("]")])
    except (OSError, ValueError):
        return 0


class Identity:
    """This process: pid, start time and PID namespace, as reader rows and the header record them."""

    def __init__(self):
        self.pid = os.getpid()
        self.start_time = start_time(self.pid)
        self.pid_namespace = pid_namespace()


def me():
    """This process's identity (read again after a fork)."""
    global _me
    if _me is None or _me.pid != os.getpid():
        _me = Identity()
    return _me


_me = None
