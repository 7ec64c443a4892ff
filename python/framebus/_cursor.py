"""A reader's side of the hold protocol (docs/format.md, "Take and hold"; the Java ``RingCursor``).

It finds the next frame to take (the next in order for LOSSLESS, the newest for LATEST), stores the hold in
its own row and only then re-reads the slot's sequence, both with sequentially consistent atomics: the
writer stores "claimed" into the slot's sequence and then scans the holds, so at least one of the two sees
the other. A failed validation drops the hold; a frame is never delivered torn. Every slot index read from
the ring is checked against the geometry; every loop is bounded.
"""

from . import _atomics as A
from . import _layout as L
from .codes import ReaderMode
from .errors import ChannelFormatError

_MAX_ATTEMPTS = 64
_REGISTER_ATTEMPTS = 1000
_LOSSLESS = int(ReaderMode.LOSSLESS)


def _corrupt(what):
    return ChannelFormatError("corrupt channel: " + what)


def register(control, row, mode):
    """Makes the initialised row ACTIVE and returns its starting cursor: the newest published frame, or 1. A
    lossless reader then checks that this frame survived its registration (it stored its cursor before
    re-reading the slot's sequence; the writer's reservation re-reads the cursors after marking the slot)."""
    g = control.g
    start = max(control.published(), 1)
    cursor_p = control.row_pointer64(row, L.RR_CURSOR)
    A.store64(cursor_p, start)
    control.set_row_state(row, L.ROW_ACTIVE)
    if mode == ReaderMode.LATEST:
        return start
    attempt = 0
    while attempt < _REGISTER_ATTEMPTS and start <= control.published():
        index = start & g.ring_mask
        slot = control.ring_slot(index)
        if control.ring_sequence(index) == start and 0 <= slot < g.slot_count and control.slot_sequence(slot) == start:
            return start
        start = max(control.published(), start + 1)
        A.store64(cursor_p, start)
        attempt += 1
    return start


class RingCursor:
    def __init__(self, control, row, mode, start):
        self.c = control
        self.row = row
        self.lossless = mode == ReaderMode.LOSSLESS
        self.demotion_unreported = False
        self.cursor = start
        self.skipped = 0
        self.lost = 0
        self.taken_slot = -1
        self.taken_sequence = 0
        self.races_lost = 0
        """Holds stored on a slot the writer had already claimed (the hold protocol decided for the writer)."""
        g = control.g
        self._mask = g.ring_mask
        self._slots = g.slot_count
        self._ring_capacity = g.ring_capacity
        self._published = control.published_p
        self._cursor_p = control.row_pointer64(row, L.RR_CURSOR)
        self._mode_p = control.row_pointer32(row, L.RR_MODE)
        self._holds = [control.hold_pointer(row, k) for k in range(g.slot_count)]

    def has_published(self):
        return A.load64(self._published) >= self.cursor

    def try_take(self):
        """Tries to take one frame; on success :attr:`taken_slot` and :attr:`taken_sequence` say which."""
        if self.lossless and A.load32(self._mode_p) != _LOSSLESS:
            self._demoted()
        published = A.load64(self._published)
        if published < self.cursor:
            return False
        return self._take_next(published) if self.lossless else self._take_newest(published)

    def _demoted(self):
        self.lossless = False
        self.demotion_unreported = True
        published = A.load64(self._published)
        if published >= self.cursor:
            self.lost += published - self.cursor
            self.cursor = published

    def poll_demotion(self):
        """True the first time it is called after the writer demoted this lossless reader."""
        if self.lossless and A.load32(self._mode_p) != _LOSSLESS:
            self._demoted()
        if self.demotion_unreported:
            self.demotion_unreported = False
            return True
        return False

    def _take_next(self, published):
        c = self.c
        attempt = 0
        while attempt < _MAX_ATTEMPTS and self.cursor <= published:
            attempt += 1
            sequence = self.cursor
            index = sequence & self._mask
            announced = c.ring_sequence(index)
            slot = c.ring_slot(index)
            if c.ring_sequence(index) != announced:
                continue  # the entry changed while we read it
            if announced != sequence:
                if announced < sequence:
                    raise _corrupt("ring entry %d announces sequence %d but %d is published"
                                   % (index, announced, published))
                oldest = max(sequence + 1, published - self._ring_capacity + 1)  # lapped: jump to the oldest entry
                self.lost += oldest - sequence
                self._move(oldest)
                continue
            self._check_slot(slot, index)
            if self._hold_and_validate(slot, sequence):
                self._move(sequence + 1)
                return True
            self.lost += 1
            self._move(sequence + 1)
        return False

    def _take_newest(self, published):
        c = self.c
        for _ in range(_MAX_ATTEMPTS):
            index = published & self._mask
            announced = c.ring_sequence(index)
            slot = c.ring_slot(index)
            if announced == published and c.ring_sequence(index) == announced:
                self._check_slot(slot, index)
                if self._hold_and_validate(slot, published):
                    self.skipped += published - self.cursor
                    self.cursor = published + 1
                    A.store64_release(self._cursor_p, self.cursor)
                    return True
            now = A.load64(self._published)
            if now == published:
                return False  # the newest frame's slot is being recycled; a newer frame follows shortly
            published = now
        return False

    def _hold_and_validate(self, slot, sequence):
        hold = self._holds[slot]
        if A.load64(hold) != 0:
            return False  # we hold this slot already, so it cannot carry a newer frame: a stale read
        A.store64(hold, sequence)  # sequentially consistent: ordered before the load below on every CPU
        if self.c.slot_sequence(slot) == sequence:
            self.taken_slot = slot
            self.taken_sequence = sequence
            return True
        A.store64(hold, 0)
        self.races_lost += 1
        return False

    def _move(self, following):
        self.cursor = following
        A.store64(self._cursor_p, following)

    def _check_slot(self, slot, index):
        if not 0 <= slot < self._slots:
            raise _corrupt("ring entry %d names slot %d but the channel has %d" % (index, slot, self._slots))

    def release(self, slot):
        """Drops the hold on ``slot``. Any thread."""
        A.store64(self._holds[slot], 0)
