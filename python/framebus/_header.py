"""Validation of a channel header read from a file (docs/format.md, "Attach", step 3).

Everything a process later trusts (geometry, sizes, the default hold limit) is read once from a private copy
of the header, checked here against itself and the file's size, and kept in a :class:`Header`; none of it is
ever read again from shared memory.
"""

import struct

from . import _layout as L
from . import names
from .codes import Backing
from .errors import ChannelFormatError, InvalidChannelNameError

_I32 = struct.Struct("<i")
_I64 = struct.Struct("<q")


class Header:
    """A valid header: the geometry and the fields around it, as they were when checked."""

    __slots__ = ("geometry", "hold_limit", "backing", "name", "state", "file_mode", "data_inode", "data_device")

    def __init__(self, geometry, hold_limit, backing, name, state, file_mode, data_inode, data_device):
        self.geometry = geometry
        self.hold_limit = hold_limit
        self.backing = backing
        self.name = name
        self.state = state
        self.file_mode = file_mode
        self.data_inode = data_inode
        self.data_device = data_device


def i32(buf, offset):
    return _I32.unpack_from(buf, offset)[0]


def i64(buf, offset):
    return _I64.unpack_from(buf, offset)[0]


def check(copy, file_size, what):
    """Validates ``copy``, a private copy (bytes) of the first HEADER_SIZE bytes of a control file of
    ``file_size`` bytes; ``what`` names the file in messages. Raises ChannelFormatError."""
    if len(copy) < L.HEADER_SIZE:
        raise ChannelFormatError("%s is %d bytes, shorter than a channel header (%d bytes): truncated, or not a"
                                 " framebus channel" % (what, file_size, L.HEADER_SIZE))
    magic = i64(copy, L.H_MAGIC) & 0xFFFFFFFFFFFFFFFF
    if magic != L.MAGIC:
        raise ChannelFormatError('%s is not a framebus channel: magic is 0x%x, expected 0x%x ("FRAMEBUS")'
                                 % (what, magic, L.MAGIC))
    version = i32(copy, L.H_VERSION)
    if version != L.VERSION:
        raise ChannelFormatError("%s has layout version %d; this framebus reads version %d. Use the framebus"
                                 " release that created it, or recreate the channel." % (what, version, L.VERSION))
    try:
        geometry = L.Geometry(i32(copy, L.H_SLOT_COUNT), i64(copy, L.H_SLOT_SIZE), i32(copy, L.H_RING_CAPACITY),
                              i32(copy, L.H_MAX_READERS), i64(copy, L.H_PAGE_SIZE))
    except ValueError as e:
        raise ChannelFormatError("%s has an invalid geometry: %s" % (what, e)) from None
    _expect(what, "slot stride", i64(copy, L.H_SLOT_STRIDE), geometry.slot_stride)
    _expect(what, "control file size", i64(copy, L.H_CONTROL_SIZE), geometry.control_size)
    _expect(what, "data file size", i64(copy, L.H_DATA_SIZE), geometry.data_size)
    if file_size != geometry.control_size:
        raise ChannelFormatError("%s is %d bytes but its header describes %d bytes: the file was truncated or its"
                                 " header is corrupt" % (what, file_size, geometry.control_size))
    hold_limit = i32(copy, L.H_HOLD_LIMIT)
    if not 1 <= hold_limit < geometry.slot_count:
        raise ChannelFormatError("%s has hold limit %d, outside 1..%d" % (what, hold_limit, geometry.slot_count - 1))
    code = i32(copy, L.H_BACKING)
    if code not in (Backing.HUGETLBFS, Backing.THP, Backing.PLAIN):
        raise ChannelFormatError("%s has unknown backing code %d" % (what, code))
    backing = Backing(code)
    if backing != Backing.PLAIN and geometry.page_size != L.HUGE_PAGE:
        raise ChannelFormatError("%s is backed by %s but aligned to %d-byte pages"
                                 % (what, backing.name, geometry.page_size))
    name = _name(copy, what)
    state = i32(copy, L.H_STATE)
    if state not in (L.STATE_INITIALIZING, L.STATE_OPEN, L.STATE_CLOSED):
        raise ChannelFormatError("%s has unknown channel state %d" % (what, state))
    return Header(geometry, hold_limit, backing, name, state, i32(copy, L.H_FILE_MODE), i64(copy, L.H_DATA_INODE),
                  i64(copy, L.H_DATA_DEVICE))


def _name(copy, what):
    length = i32(copy, L.H_NAME_LENGTH)
    if not 1 <= length <= L.NAME_MAX_BYTES:
        raise ChannelFormatError("%s has name length %d, outside 1..%d" % (what, length, L.NAME_MAX_BYTES))
    name = bytes(copy[L.H_NAME:L.H_NAME + length]).decode("utf-8", "replace")
    try:
        return names.validate(name)
    except InvalidChannelNameError as e:
        raise ChannelFormatError("%s stores an invalid channel name: %s" % (what, e)) from None


def _expect(what, field, stored, computed):
    if stored != computed:
        raise ChannelFormatError("%s has %s %d but its geometry implies %d: the header is corrupt"
                                 % (what, field, stored, computed))
