"""A writer and the channel of a dead writer of its own user (docs/format.md, "Takeover"; the Java
``ChannelTakeover`` and ``TakeoverCheck``): continued in place when its geometry matches and its state checks
out, so attached readers carry on; otherwise marked closed and removed, to be created anew."""

import errno

from . import _layout as L
from . import _sys, _trust
from ._channel import MappedChannel, translate
from ._control import Control
from ._files import ChannelFile
from ._signal import FutexSignal
from ._smaps import page_report
from .errors import ChannelFormatError


def open_own_data(path, control_stat, header):
    """The channel's own data file, opened read-write; None when it is missing or not the channel's."""
    try:
        data = ChannelFile.open(path, True)
    except OSError as e:
        if e.errno == errno.ENOENT:
            return None
        raise translate(e, path) from None
    try:
        _trust.require_data_file(control_stat, path, data.stat(), header)
        return data
    except ChannelFormatError:
        data.close()
        return None


def validate_and_repair(control, name):
    """Checks the dead writer's published counter, ring and slot table against each other and the geometry, and
    repairs what a writer dying at any instruction leaves behind. Returns the entries repaired; raises
    ChannelFormatError for what no writer can leave behind."""
    g = control.g
    published = control.published()
    if not 0 <= published <= L.MAX_SEQUENCE:
        raise ChannelFormatError("channel '%s' has a published counter of %d, which no writer can leave behind: the"
                                 " file is corrupt. Remove it with 'framebus rm %s' and create the channel again."
                                 % (name, published, name))
    repaired = 0
    for slot in range(g.slot_count):
        sequence = control.slot_sequence(slot)
        if sequence < 0 or sequence > published:
            control.set_slot_sequence(slot, L.SLOT_EMPTY)  # claimed but never published
            repaired += 1
    for index in range(g.ring_capacity):
        sequence = control.ring_sequence(index)
        slot = control.ring_slot(index)
        valid = sequence == 0 or (0 < sequence <= published and sequence & g.ring_mask == index
                                  and 0 <= slot < g.slot_count)
        if not valid:
            control.announce(index, 0, 0)
            repaired += 1
    return repaired


def take_over(control_file, data_file, header):
    """Maps the dead writer's files and continues them: generation + 1, readers woken. Returns (channel, pages,
    generation)."""
    try:
        channel = MappedChannel(header, control_file, data_file, True)
    except BaseException:
        data_file.close()
        raise
    try:
        c = channel.control
        validate_and_repair(c, header.name)
        FutexSignal(c.writer_futex, [c.writer_sleeping], 0).done()  # the dead writer's sleeper bit
        generation = max(c.generation(), 0) + 1
        me = _sys.me()
        c.write_writer_identity(me.pid, me.start_time, generation, me.pid_namespace)
        c.add_header_long(L.ST_WRITER_RESTARTS, 1)
        c.mark_stall(0, -1)
        pages = page_report(channel.data_mapping)
        c.set_header_long(L.ST_OBTAINED_PAGE_SIZE, pages.effective_page_size)
        c.set_header_long(L.ST_HUGE_MAPPED_BYTES, pages.huge_mapped_bytes)
        c.set_state(L.STATE_OPEN)
        FutexSignal(c.reader_futex, c.reader_sleepers, -1).signal()
        return channel, pages, generation
    except BaseException:
        channel.close()
        raise


def mark_closed(control_file, header):
    """Best effort: marks an incompatible dead channel closed, so its attached readers end cleanly."""
    try:
        mapping = control_file.map(header.geometry.control_size, True)
    except (OSError, ValueError):
        return
    try:
        c = Control(mapping, header.geometry)
        c.set_state(L.STATE_CLOSED)
        FutexSignal(c.reader_futex, c.reader_sleepers, -1).signal()
    finally:
        mapping.release()


def remove_own_data(path, owner):
    """Removes the data file at ``path`` if ``owner`` owns it (a stale one: its control file is gone)."""
    try:
        data = ChannelFile.open(path, False)
    except OSError:
        return
    try:
        if data.stat().st_uid == owner:
            data.unlink_if_linked()
    finally:
        data.close()
