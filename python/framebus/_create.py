"""Opening a channel for writing: creating a new one, or taking over a dead writer's channel of the same user
(docs/format.md, "Create" and "Takeover"; the Java ``WriterOpener``, ``ChannelCreator``, ``ChannelTakeover`` and
``TakeoverCheck``)."""

import errno
import itertools
import os
import stat
import struct
import time

from . import _atomics as A
from . import _header, _placement, _sys, _takeover, _trust, names
from . import _layout as L
from ._channel import MappedChannel, translate
from ._files import ChannelFile
from ._header import Header
from ._smaps import page_report
from .codes import Backing
from .errors import ChannelAccessDeniedError, ChannelBusyError, ChannelFormatError, InsufficientSpaceError

_ATTEMPTS = 8
_SEQUENCE = itertools.count(1)


class Opened:
    def __init__(self, channel, placement, pages, generation, took_over):
        self.channel = channel
        self.placement = placement
        self.pages = pages
        self.generation = generation
        self.took_over = took_over


def open_channel(cfg):
    """Creates channel ``cfg.name`` or takes over its dead writer's files; returns an Opened, the writer lock held."""
    placement = _placement.select(cfg.backing, cfg.directory, lambda page: cfg.geometry(page).total_size)
    geometry = cfg.geometry(placement.page_size)
    path = names.control_file(placement.directory, cfg.name)
    for _ in range(_ATTEMPTS):
        existing = _open_existing(path)
        if existing is None:
            try:
                return _create(cfg, geometry, placement)
            except FileExistsError as taken:
                _clear_orphan_data(taken.filename2 or taken.filename, path)
                continue  # a file of that name appeared meanwhile: look at it
        try:
            opened = _reuse(cfg, existing, geometry, placement)
        except BaseException:
            existing.close()
            raise
        if opened is not None:
            return opened
        existing.close()
    raise ChannelBusyError("channel '%s' at %s kept being replaced by another process; gave up after %d attempts"
                           % (cfg.name, path, _ATTEMPTS))


def _open_existing(path):
    try:
        return ChannelFile.open(path, True)
    except OSError as e:
        if e.errno == errno.ENOENT:
            return None
        raise translate(e, path) from None


def _insufficient(name, placement, needed, fs):
    available = fs.available_bytes
    have = ("%d bytes are free (filesystem size %d bytes)" % (available, fs.total_bytes) if available >= 0
            else "the kernel could not provide them")
    if placement.backing == Backing.HUGETLBFS:
        advice = ("Reserve more huge pages as root: echo %d > /proc/sys/vm/nr_hugepages, or use backing plain."
                  % (_placement.huge_pages_total() + needed // L.HUGE_PAGE))
    else:
        mib = lambda b: (b + (1 << 20) - 1) >> 20  # noqa: E731
        advice = ("In Docker, start the container with --shm-size=%dm (Docker's default /dev/shm is 64 MiB); on a"
                  " host, as root: mount -o remount,size=%dm %s. Or use fewer or smaller slots."
                  % (mib(needed + (64 << 20)), mib(fs.total_bytes + needed), placement.directory))
    return InsufficientSpaceError("channel '%s' needs %d bytes in %s but %s. %s"
                                  % (name, needed, placement.directory, have, advice))


def _reserve(cfg, f, length, total, placement):
    fs = f.file_system()
    if 0 <= fs.available_bytes < length:
        raise _insufficient(cfg.name, placement, total, fs)
    try:
        if placement.backing == Backing.HUGETLBFS:
            f.truncate(length)  # hugetlbfs has no write(2); its pages are reserved when the size is set
        f.reserve(length)
    except OSError as e:
        if e.errno in (errno.ENOSPC, errno.ENOMEM):
            raise _insufficient(cfg.name, placement, total, f.file_system()) from None
        if e.errno != errno.EOPNOTSUPP:
            raise
        f.truncate(length)  # no fallocate here: pre-faulting still commits every page


def _create(cfg, geometry, placement):
    """Both files under private temporary names, reserved, mapped, pre-faulted and sealed, then renamed into place
    without ever replacing a file: the data file first, the control file last."""
    d = placement.directory
    temp = os.path.join(d, "%s%s.tmp-%d-%d" % (names.TEMP_PREFIX, cfg.name, os.getpid(), next(_SEQUENCE)))
    try:
        control = ChannelFile.create(temp, cfg.file_mode)
    except OSError as e:
        raise translate(e, temp) from None
    data = channel = None
    try:
        try:
            data = ChannelFile.create(temp + names.DATA_SUFFIX, cfg.file_mode & ~0o022)
        except OSError as e:
            raise translate(e, temp + names.DATA_SUFFIX) from None
        if not control.try_lock(L.WRITER_LOCK_BYTE):
            raise RuntimeError("cannot lock %s, which this process just created" % control.path)
        if cfg.group is not None:
            gid = _trust.group_id(cfg.group)
            control.change_group(gid)
            data.change_group(gid)
        _reserve(cfg, data, geometry.data_size, geometry.total_size, placement)
        _reserve(cfg, control, geometry.control_size, geometry.total_size, placement)
        st = data.stat()
        header = Header(geometry, cfg.hold_limit, placement.backing, cfg.name, L.STATE_OPEN, cfg.file_mode,
                        st.st_ino, st.st_dev)
        try:
            channel = MappedChannel(header, control, data, True)
        except OSError as e:
            if e.errno in (errno.ENOMEM, errno.EFAULT, errno.ENOSPC):
                raise _insufficient(cfg.name, placement, geometry.total_size, data.file_system()) from None
            raise
        pages = _initialise(channel, cfg, header)
        data.move_to(names.data_file(d, cfg.name))
        control.move_to(names.control_file(d, cfg.name))
        return Opened(channel, placement, pages, 1, False)
    except BaseException:
        if channel is not None:
            channel.unlink_files()
            channel.close()
        else:
            control.unlink_if_linked()
            control.close()
            if data is not None:
                data.unlink_if_linked()
                data.close()
        raise


def _initialise(channel, cfg, header):
    """Writes a new channel's header; the magic goes last, with a release store."""
    c = channel.control
    g = header.geometry
    name = cfg.name.encode("utf-8")
    me = _sys.me()
    struct.pack_into("<iiiiiiqqqqqqqqqii", c.mm, L.H_VERSION, L.VERSION, g.slot_count, g.max_readers,
                     g.ring_capacity, cfg.hold_limit, int(header.backing), g.slot_size, g.slot_stride, g.page_size,
                     g.control_size, g.data_size, header.data_inode, header.data_device, int(time.time() * 1000),
                     me.pid, cfg.file_mode, len(name))
    c.mm[L.H_NAME:L.H_NAME + len(name)] = name
    c.write_writer_identity(me.pid, me.start_time, 1, me.pid_namespace)
    pages = page_report(channel.data_mapping)
    c.set_header_long(L.ST_OBTAINED_PAGE_SIZE, pages.effective_page_size)
    c.set_header_long(L.ST_HUGE_MAPPED_BYTES, pages.huge_mapped_bytes)
    c.mark_stall(0, -1)
    c.set_state(L.STATE_OPEN)
    A.store64_release(A.i64(c.base, L.H_MAGIC), L.MAGIC - (1 << 64) if L.MAGIC >= 1 << 63 else L.MAGIC)
    return pages


def _reuse(cfg, f, geometry, placement):
    """An existing control file of this user: taken over, or removed (None: create anew)."""
    st = f.stat()
    if not stat.S_ISREG(st.st_mode):
        raise ChannelFormatError("%s is not a regular file" % f.path)
    _trust.require_own_file(f.path, st)
    if not f.try_lock(L.WRITER_LOCK_BYTE):
        raise ChannelBusyError("channel '%s' already has a live writer (%s); close it first, or pick another name"
                               % (cfg.name, _describe_writer(f)))
    if not f.is_linked_at_path():
        return None  # another writer replaced the file between our open and our lock
    return _takeover_or_remove(cfg, f, st, geometry, placement)


def _describe_writer(f):
    try:
        return "pid %d" % _header.i64(f.read(0, L.HEADER_SIZE), L.H_WRITER_PID)
    except Exception:  # noqa: BLE001 - only for a message
        return "pid unknown"


def _takeover_or_remove(cfg, f, st, geometry, placement):
    try:
        header = _header.check(f.read(0, L.HEADER_SIZE), st.st_size, f.path)
    except ChannelFormatError:
        header = None  # garbage, another layout version, or a creator that died before sealing: replace it
    compatible = header is not None and header.geometry.same_as(geometry) and header.backing == placement.backing
    data_path = names.data_file(os.path.dirname(f.path), cfg.name)
    if compatible:
        data = _takeover.open_own_data(data_path, st, header)
        if data is not None:
            channel, pages, generation = _takeover.take_over(f, data, header)
            return Opened(channel, placement, pages, generation, True)
    if header is not None and not compatible and not cfg.replace_incompatible:
        raise ChannelBusyError("channel '%s' exists at %s with another geometry (%s) and its writer is dead; remove"
                               " it with 'framebus rm %s' or allow replacement" % (cfg.name, f.path, header.geometry,
                                                                                  cfg.name))
    if header is not None:
        _takeover.mark_closed(f, header)
    _takeover.remove_own_data(data_path, st.st_uid)
    f.unlink_if_linked()
    return None


def _clear_orphan_data(taken, control_path):
    """The data file's name was taken when a new channel was put in place: a stale file of this user whose
    control file is gone (a creator killed between its two renames) is removed; another user's is refused."""
    if taken == control_path:
        return  # the control file appeared: the next attempt inspects it
    try:
        data = ChannelFile.open(taken, False)
    except OSError:
        return  # gone meanwhile: the next attempt tries again
    try:
        st = data.stat()
        if st.st_uid != os.geteuid():
            raise ChannelAccessDeniedError("%s is owned by %s: another user holds this channel's name. framebus never"
                                           " writes into or removes another user's file; ask its owner to remove it,"
                                           " or use another channel name." % (taken, _trust.user(st.st_uid)))
        existing = _open_existing(control_path)
        if existing is None:
            data.unlink_if_linked()
        else:
            existing.close()
    finally:
        data.close()
