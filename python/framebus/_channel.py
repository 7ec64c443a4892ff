"""Finding, validating and mapping a channel's two files (docs/format.md, "Attach", steps 1 to 4; the Java
``ReaderOpener`` and ``MappedChannel``)."""

import errno
import os
import stat
import time

from . import _header, _placement, _trust, names
from . import _layout as L
from ._control import Control
from ._files import MADV_DONTDUMP, MADV_HUGEPAGE, ChannelFile
from .codes import Backing
from .errors import ChannelAccessDeniedError, ChannelFormatError, ChannelNotFoundError

_RETRY_SECONDS = 0.005


def translate(error, path):
    """The typed error for an OSError raised while opening ``path``."""
    if error.errno in (errno.EACCES, errno.EPERM):
        return ChannelAccessDeniedError("%s: permission denied for uid %d. A channel is private to its creator's"
                                        " user by default (mode 0600); create it with a group (group=NAME, mode"
                                        " 0660) to share it." % (path, os.geteuid()))
    if error.errno == errno.ELOOP:
        return ChannelFormatError("%s is a symbolic link; framebus refuses to follow it" % path)
    if error.errno == errno.ENOENT:
        return ChannelNotFoundError("%s does not exist" % path)
    return error


class MappedChannel:
    """Both files of a channel, open and mapped: the control file read-write, the data file read-write for the
    writer and read-only for readers, both pre-faulted."""

    def __init__(self, header, control_file, data_file, writable_data):
        g = header.geometry
        self.header = header
        self.name = header.name
        self.geometry = g
        self.file = control_file
        self.data_file = data_file
        self.control_mapping = control_file.map(g.control_size, True)
        try:
            self.data_mapping = data_file.map(g.data_size, writable_data)
            if header.backing == Backing.THP:
                self.control_mapping.advise(MADV_HUGEPAGE)
                self.data_mapping.advise(MADV_HUGEPAGE)
            self.data_mapping.advise(MADV_DONTDUMP)
            self.control_mapping.populate(g.page_size)
            self.data_mapping.populate(g.page_size)
        except BaseException:
            self.control_mapping.release()
            if getattr(self, "data_mapping", None) is not None:
                self.data_mapping.release()
            raise
        self.control = Control(self.control_mapping, g)

    def unlink_files(self):
        """Removes both files if they are still this channel's: the control file first, the reverse of creation."""
        removed = self.file.unlink_if_linked()
        self.data_file.unlink_if_linked()
        return removed

    def close(self):
        """Unmaps (unless a frame view still uses the data mapping) and closes both files, dropping the locks."""
        self.control_mapping.release()
        self.data_mapping.release()
        self.data_file.close()
        self.file.close()


class Found:
    __slots__ = ("file", "stat", "header")

    def __init__(self, file, st, header):
        self.file = file
        self.stat = st
        self.header = header


def find(name, directory, timeout, writable):
    """Opens channel ``name``'s control file and validates its header, waiting up to ``timeout`` seconds for it to
    appear. Trust is the caller's business."""
    names.validate(name)
    dirs = _placement.search_path(directory)
    deadline = time.monotonic() + max(0.0, timeout)
    while True:
        for d in dirs:
            path = names.control_file(d, name)
            if os.path.lexists(path):
                found = _try_open(path, writable)
                if found is not None:
                    return found
        if time.monotonic() >= deadline:
            waited = " (waited %d ms)" % round(timeout * 1000) if timeout > 0 else ""
            raise ChannelNotFoundError("no channel '%s' in %s%s; is its writer running? 'framebus ls' lists channels"
                                       % (name, dirs, waited))
        time.sleep(_RETRY_SECONDS)


def _try_open(path, writable):
    try:
        f = ChannelFile.open(path, writable)
    except OSError as e:
        if e.errno == errno.ENOENT:
            return None
        raise translate(e, path) from None
    try:
        st = f.stat()
        if not stat.S_ISREG(st.st_mode):
            raise ChannelFormatError("%s is not a regular file" % path)
        if st.st_size == 0:
            raise ChannelFormatError("%s is empty: no framebus writer completed it (framebus puts a channel's files in"
                                     " place only when they are complete), so it is another program's file, or one"
                                     " left by an older framebus. 'framebus gc' removes it when no writer holds it."
                                     % path)
        header = _header.check(f.read(0, L.HEADER_SIZE), st.st_size, path)
        if header.state == L.STATE_CLOSED and not f.is_linked_at_path():
            f.close()
            return None
        return Found(f, st, header)
    except BaseException:
        f.close()
        raise


def attach(name, directory, timeout, group):
    """Finds channel ``name``, checks that this process may trust it, and maps it for a reader."""
    found = find(name, directory, timeout, True)
    data = None
    try:
        _trust.require_trusted(found.file.path, found.stat, group)
        h = found.header
        if h.backing == Backing.HUGETLBFS and not found.file.file_system().is_hugetlbfs:
            raise ChannelFormatError("%s claims hugetlbfs backing but is not on hugetlbfs" % found.file.path)
        data_path = names.data_file(os.path.dirname(found.file.path), h.name)
        try:
            data = ChannelFile.open(data_path, False)
        except OSError as e:
            raise translate(e, data_path) from None
        _trust.require_data_file(found.stat, data_path, data.stat(), h)
        return MappedChannel(h, found.file, data, False)
    except BaseException:
        if data is not None:
            data.close()
        found.file.close()
        raise
