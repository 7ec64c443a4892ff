"""Typed access to a mapped control file: the header, ring, slot table and reader table of docs/format.md,
each field with the memory order the format gives it (the Java flyweights of ``io.framebus.layout``).

Values read here come from shared memory that another process, or a bug, may have written; callers check
every index or length against the geometry, which comes from the validated header.
"""

import struct

from . import _atomics as A
from . import _layout as L

_DESCRIPTOR = struct.Struct("<qiiiiiiii" + "qqqqq" + "8q" + "q48s" + "q")  # from SD_LENGTH to upstream's end
assert _DESCRIPTOR.size == L.SD_UPSTREAM + 8 - L.SD_LENGTH
assert L.SD_LABEL + L.SLOT_LABEL_BYTES == L.SD_UPSTREAM


def utf8z(raw):
    """The text of a zero-terminated UTF-8 field (invalid bytes become U+FFFD)."""
    end = raw.find(b"\0")
    return bytes(raw if end < 0 else raw[:end]).decode("utf-8", "replace")


def encode_utf8z(text, width):
    """``text`` cut to ``width - 1`` bytes at a character boundary, zero-padded to ``width``."""
    data = text.encode("utf-8")
    n = min(len(data), width - 1)
    while 0 < n < len(data) and data[n] & 0xC0 == 0x80:
        n -= 1
    return data[:n] + b"\0" * (width - n)


def sleeper_bit(party):
    """Bit ``party % 64`` of a sleeper word, as the signed 64-bit value the atomics take."""
    bit = 1 << (party & 63)
    return bit - (1 << 64) if bit >= 1 << 63 else bit


class Metadata:
    """A private copy of one slot descriptor, every field read exactly once (unvalidated)."""

    __slots__ = ("length", "kind", "pixel_format", "width", "height", "stride", "dtype", "rank", "pts",
                 "capture_nanos", "publish_nanos", "tag", "generation", "shape", "origin", "label", "upstream")

    def __init__(self, raw):
        v = _DESCRIPTOR.unpack(raw)
        (self.length, self.kind, self.pixel_format, self.width, self.height, self.stride, self.dtype, self.rank,
         _flags, self.pts, self.capture_nanos, self.publish_nanos, self.tag, self.generation) = v[:14]
        self.shape = v[14:22]
        self.origin = v[22]
        self.label = utf8z(v[23])
        self.upstream = v[24]


class Control:
    """The control region of one mapping, for the geometry validated from its header."""

    def __init__(self, mapping, geometry):
        self.mm = mapping.mm
        self.g = geometry
        base = mapping.base
        self.base = base
        self.published_p = A.i64(base, L.H_PUBLISHED)
        self.state_p = A.i32(base, L.H_STATE)
        self.generation_p = A.i64(base, L.H_GENERATION)
        self.reader_futex = A.i32(base, L.H_READER_FUTEX)
        self.writer_futex = A.i32(base, L.H_WRITER_FUTEX)
        self.writer_sleeping = A.i64(base, L.H_WRITER_SLEEPING)
        self.reader_sleepers = [A.i64(base, L.H_READER_SLEEPERS + 8 * w)
                                for w in range((geometry.max_readers + 63) // 64)]
        self._ring64 = A.i64(base, geometry.ring_offset)
        self._ring32 = A.i32(base, geometry.ring_offset)
        self._slots64 = A.i64(base, geometry.slot_table_offset)
        self._rows64 = A.i64(base, geometry.reader_table_offset)
        self._rows32 = A.i32(base, geometry.reader_table_offset)
        self._row_longs = geometry.reader_row_size // 8
        self._mask = geometry.ring_mask

    # header
    def published(self):
        return A.load64(self.published_p)

    def publish(self, sequence):
        A.store64(self.published_p, sequence)

    def state(self):
        return A.load32(self.state_p)

    def set_state(self, state):
        A.store32(self.state_p, state)

    def generation(self):
        return A.load64(self.generation_p)

    def header_long(self, offset):
        return A.load64(A.i64(self.base, offset))

    def set_header_long(self, offset, value):
        A.store64(A.i64(self.base, offset), value)

    def header_int(self, offset):
        return A.load32(A.i32(self.base, offset))

    def set_header_int(self, offset, value):
        A.store32(A.i32(self.base, offset), value)

    def add_header_long(self, offset, delta):
        A.fetch_add64(A.i64(self.base, offset), delta)

    def write_writer_identity(self, pid, start_time, generation, pid_namespace):
        self.set_header_long(L.H_WRITER_PID, pid)
        self.set_header_long(L.H_WRITER_START_TIME, start_time)
        self.set_header_long(L.H_WRITER_PID_NAMESPACE, pid_namespace)
        A.store64(self.generation_p, generation)

    def write_text(self, offset, width, text):
        self.mm[offset:offset + width] = encode_utf8z(text, width)

    def read_text(self, offset, width):
        return utf8z(self.mm[offset:offset + width])

    # ring
    def ring_sequence(self, index):
        return A.load64_acquire(self._ring64 + 2 * index)

    def ring_slot(self, index):
        return A.load32_acquire(self._ring32 + 4 * index + 2)

    def announce(self, index, slot, sequence):
        A.store32_release(self._ring32 + 4 * index + 2, slot)
        A.store64_release(self._ring64 + 2 * index, sequence)

    # slot table
    def slot_sequence(self, slot):
        return A.load64(self._slots64 + 32 * slot)

    def set_slot_sequence(self, slot, sequence):
        A.store64(self._slots64 + 32 * slot, sequence)

    def read_metadata(self, slot):
        start = self.g.slot_descriptor(slot) + L.SD_LENGTH
        return Metadata(self.mm[start:start + _DESCRIPTOR.size])

    def descriptor_offset(self, slot):
        return self.g.slot_descriptor(slot)

    # reader table
    def row_pointer64(self, row, offset):
        return self._rows64 + self._row_longs * row + offset // 8

    def row_pointer32(self, row, offset):
        return self._rows32 + 2 * self._row_longs * row + offset // 4

    def row_state(self, row):
        return A.load32(self.row_pointer32(row, L.RR_STATE))

    def set_row_state(self, row, state):
        A.store32(self.row_pointer32(row, L.RR_STATE), state)

    def row_mode(self, row):
        return A.load32(self.row_pointer32(row, L.RR_MODE))

    def row_int(self, row, offset):
        return A.load32(self.row_pointer32(row, offset))

    def row_long(self, row, offset):
        return A.load64(self.row_pointer64(row, offset))

    def set_row_long(self, row, offset, value):
        A.store64(self.row_pointer64(row, offset), value)

    def row_cursor(self, row):
        return A.load64(self.row_pointer64(row, L.RR_CURSOR))

    def hold_pointer(self, row, slot):
        return self._rows64 + self._row_longs * row + L.RR_HOLDS // 8 + slot

    def hold(self, row, slot):
        return A.load64(self.hold_pointer(row, slot))

    def set_hold(self, row, slot, sequence):
        A.store64(self.hold_pointer(row, slot), sequence)

    def row_label(self, row):
        start = self.g.reader_row(row) + L.RR_LABEL
        return utf8z(self.mm[start:start + L.ROW_LABEL_BYTES])

    def init_row(self, row, mode, hold_limit, pid, start_time, pid_namespace, attach_nanos, stall_budget, label):
        """Zeroes a row the caller has locked, then stores label, mode and identity; the state stays FREE."""
        start = self.g.reader_row(row)
        self.mm[start:start + self.g.reader_row_size] = bytes(self.g.reader_row_size)
        self.mm[start + L.RR_LABEL:start + L.RR_LABEL + L.ROW_LABEL_BYTES] = encode_utf8z(label, L.ROW_LABEL_BYTES)
        A.store32(self.row_pointer32(row, L.RR_MODE), mode)
        A.store32(self.row_pointer32(row, L.RR_HOLD_LIMIT), hold_limit)
        A.store64(self.row_pointer64(row, L.RR_PID), pid)
        A.store64(self.row_pointer64(row, L.RR_START_TIME), start_time)
        A.store64(self.row_pointer64(row, L.RR_PID_NAMESPACE), pid_namespace)
        A.store64(self.row_pointer64(row, L.RR_ATTACH_NANOS), attach_nanos)
        A.store64(self.row_pointer64(row, L.RR_STALL_BUDGET), stall_budget)

    def demote(self, row, cursor_at, lossless, latest):
        """Writer only: records the demotion, then turns a lossless row into a latest one if it still is."""
        A.store64(self.row_pointer64(row, L.RR_DEMOTED_AT), max(1, cursor_at))
        return A.cas32(self.row_pointer32(row, L.RR_MODE), lossless, latest)

    # sleeper bitmaps
    def clear_reader_sleeper(self, row):
        A.fetch_and64(self.reader_sleepers[row >> 6], ~sleeper_bit(row))

    def any_reader_sleeping(self):
        for word in self.reader_sleepers:
            if A.load64(word) != 0:
                return True
        return False

    def record_reclaim(self, holds, nanos):
        self.add_header_long(L.ST_RECLAIMED_READERS, 1)
        self.add_header_long(L.ST_RECLAIMED_HOLDS, holds)
        self.set_header_long(L.ST_LAST_RECLAIM_NANOS, nanos)

    def mark_stall(self, since_nanos, row):
        self.set_header_int(L.ST_STALLED_ON_ROW, row)
        self.set_header_long(L.ST_STALL_SINCE_NANOS, since_nanos)
