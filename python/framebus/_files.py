"""An open channel file and its shared mappings."""

import errno
import mmap
import os

import numpy as np

from . import _atomics, _sys

MADV_HUGEPAGE = getattr(mmap, "MADV_HUGEPAGE", 14)
MADV_DONTDUMP = getattr(mmap, "MADV_DONTDUMP", 16)
MADV_POPULATE_READ = 22  # Linux 5.14
MADV_POPULATE_WRITE = 23


class ChannelFile:
    """One descriptor of a channel file: locks, identity, space, mapping. Its path follows renames."""

    def __init__(self, path, fd):
        self.path = path
        self.fd = fd

    @classmethod
    def open(cls, path, writable):
        return cls(path, _sys.open_file(path, writable))

    @classmethod
    def create(cls, path, mode):
        return cls(path, _sys.create_file(path, mode))

    def stat(self):
        return os.fstat(self.fd)

    def size(self):
        return os.fstat(self.fd).st_size

    def file_system(self):
        return _sys.FileSystem(self.fd)

    def read(self, offset, length):
        """A private copy of up to ``length`` bytes at ``offset`` (shorter if the file is)."""
        return os.pread(self.fd, length, offset)

    def try_lock(self, byte):
        return _sys.try_lock(self.fd, byte)

    def unlock(self, byte):
        _sys.unlock(self.fd, byte)

    def locked_by_other(self, byte):
        return _sys.locked_by_other(self.fd, byte)

    def reserve(self, length):
        _sys.fallocate(self.fd, length)

    def truncate(self, length):
        os.ftruncate(self.fd, length)

    def change_group(self, gid):
        os.fchown(self.fd, -1, gid)

    def move_to(self, target):
        """Renames the file to ``target``, never over an existing file (FileExistsError)."""
        _sys.rename_no_replace(self.path, target)
        self.path = target

    def is_linked_at_path(self):
        """True while :attr:`path` still names this very file."""
        try:
            st = os.stat(self.path, follow_symlinks=False)
        except OSError:
            return False
        mine = os.fstat(self.fd)
        return st.st_ino == mine.st_ino and st.st_dev == mine.st_dev

    def unlink_if_linked(self):
        if not self.is_linked_at_path():
            return False
        try:
            os.unlink(self.path)
            return True
        except OSError:
            return False

    def map(self, length, writable):
        return Mapping(self.fd, length, writable)

    def close(self):
        if self.fd >= 0:
            fd, self.fd = self.fd, -1
            os.close(fd)


class Mapping:
    """A shared mapping of a whole file, read-write or read-only (``PROT_READ``: a stray write raises).

    :attr:`base` is a ``char *`` to its start for the atomics. The mapping is unmapped when the last Python
    object using it (this one, a numpy view of a frame) is gone: :meth:`release` only drops this object's
    own references, so a view that outlives its reader never points at unmapped memory.
    """

    def __init__(self, fd, length, writable):
        prot = mmap.PROT_READ | (mmap.PROT_WRITE if writable else 0)
        self.mm = mmap.mmap(fd, length, mmap.MAP_SHARED, prot)
        self.length = length
        self.writable = writable
        self._export, self.base = _atomics.export(self.mm)

    def advise(self, advice):
        try:
            self.mm.madvise(advice)
        except (OSError, ValueError):
            pass  # best effort, as in Java

    def populate(self, page_size):
        """Faults every page in now (MADV_POPULATE_*, which reports failure; touching each page on older kernels),
        so no page fault happens on the hot path. Raises OSError (ENOMEM, EFAULT) when the memory is not there."""
        advice = MADV_POPULATE_WRITE if self.writable else MADV_POPULATE_READ
        try:
            self.mm.madvise(advice)
            return
        except OSError as e:
            if e.errno != errno.EINVAL:
                raise
        pages = np.frombuffer(self.mm, dtype=np.uint8)[::page_size]
        if self.writable:
            pages[...] = pages  # a write per page
        else:
            int(pages.sum())

    def release(self):
        """Drops this object's hold on the mapping; unmaps it unless a view still uses it."""
        self.base = None
        self._export = None
        mm, self.mm = self.mm, None
        if mm is not None:
            try:
                mm.close()
            except BufferError:
                pass  # a frame view still exports it: unmapped when that view is gone
