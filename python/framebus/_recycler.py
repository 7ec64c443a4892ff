"""The writer's side of the hold protocol: which slot to write next, and a wait's stall budget (docs/format.md,
"Publish", "LATEST and LOSSLESS", "Stall budget and demotion"; the Java ``SlotRecycler`` and ``StallWatch``).

A slot may be reused only when (a) no reader row holds it and (b) every live LOSSLESS reader has taken its
frame (its cursor is past the frame's sequence). Reservation stores CLAIMED (-1) into the slot's sequence and
then checks (a) and (b) again: with the reader's "store hold, then re-read sequence", one side always sees
the other. The oldest frame's slot is preferred, so the newest frames stay readable.
"""

from . import _atomics as A
from . import _layout as L
from .codes import ReaderMode

_LOSSLESS = int(ReaderMode.LOSSLESS)
_LATEST = int(ReaderMode.LATEST)
_NO_CURSOR = 1 << 63


class SlotRecycler:
    def __init__(self, control):
        g = control.g
        self.c = control
        self._ring = g.ring_capacity
        rows = range(g.max_readers)
        self._holds = [[control.hold_pointer(r, k) for r in rows] for k in range(g.slot_count)]
        self._state = [control.row_pointer32(r, L.RR_STATE) for r in rows]
        self._mode = [control.row_pointer32(r, L.RR_MODE) for r in rows]
        self._cursor = [control.row_pointer64(r, L.RR_CURSOR) for r in rows]
        self.sequence_of = [0] * g.slot_count
        for slot in range(g.slot_count):  # a new channel, or one taken over from a dead writer
            s = control.slot_sequence(slot)
            self.sequence_of[slot] = s if s > 0 else L.SLOT_EMPTY
        self.order = sorted(range(g.slot_count), key=lambda k: self.sequence_of[k])  # empty ones first
        self.races_lost = 0
        """Reservations given up because a hold appeared after the slot was marked claimed."""

    def try_reserve(self, next_sequence):
        """Reserves the oldest slot nobody needs for frame ``next_sequence``: marked CLAIMED, or -1."""
        min_cursor = self.min_lossless_cursor()
        if next_sequence - self._ring >= min_cursor:
            return -1  # announcing it would overwrite a ring entry a lossless reader has not read
        c = self.c
        for i, slot in enumerate(self.order):
            sequence = self.sequence_of[slot]
            if sequence != L.SLOT_EMPTY and sequence >= min_cursor:
                return -1  # this and every newer slot is still needed by a lossless reader
            if self.is_held(slot):
                continue
            c.set_slot_sequence(slot, L.SLOT_CLAIMED)
            if self.is_held(slot) or (sequence != L.SLOT_EMPTY and sequence >= self.min_lossless_cursor()):
                c.set_slot_sequence(slot, sequence)  # a reader got there first; the content is untouched
                self.races_lost += 1
                continue
            del self.order[i]
            return slot
        return -1

    def published(self, slot, sequence):
        self.sequence_of[slot] = sequence
        self.order.append(slot)

    def aborted(self, slot):
        self.sequence_of[slot] = L.SLOT_EMPTY
        self.c.set_slot_sequence(slot, L.SLOT_EMPTY)
        self.order.insert(0, slot)

    def is_held(self, slot):
        """True when any reader row holds the slot (or is about to validate a hold on it)."""
        for p in self._holds[slot]:
            if A.load64(p) != 0:
                return True
        return False

    def _lossless_rows(self):
        for row, state in enumerate(self._state):
            if A.load32(state) == L.ROW_ACTIVE and A.load32(self._mode[row]) == _LOSSLESS:
                cursor = A.load64(self._cursor[row])
                if cursor >= 1:  # below 1 cannot be a reader's cursor: a corrupt row does not hold us back
                    yield row, cursor

    def min_lossless_cursor(self):
        """The smallest cursor of the active lossless readers, or 2^63 when there is none."""
        return min((cursor for _, cursor in self._lossless_rows()), default=_NO_CURSOR)

    def furthest_behind(self):
        """The row of the lossless reader furthest behind (the one a waiting writer waits on), or -1."""
        best, found = _NO_CURSOR, -1
        for row, cursor in self._lossless_rows():
            if cursor < best:
                best, found = cursor, row
        return found


class StallWatch:
    """While the writer waits for a slot: whom it waits on (shown by inspect), and the demotion of a lossless
    reader that has not advanced for longer than its stall budget."""

    def __init__(self, control, recycler):
        self.c = control
        self.recycler = recycler
        self.watched_row = -1
        self.watched_cursor = 0
        self.watched_attach = 0
        self.still_since = 0

    def waiting(self, now, stall_start):
        """Records who the writer waits on; returns True when a reader was just demoted (claim again at once)."""
        c = self.c
        row = self.recycler.furthest_behind()
        c.mark_stall(stall_start, row)
        if row < 0:
            self.watched_row = -1
            return False
        cursor = c.row_cursor(row)
        attach = c.row_long(row, L.RR_ATTACH_NANOS)
        if row != self.watched_row or cursor != self.watched_cursor or attach != self.watched_attach:
            self.watched_row, self.watched_cursor, self.watched_attach = row, cursor, attach
            self.still_since = max(stall_start, now - 1)  # it has not held us back before this wait began
            return False
        budget = c.row_long(row, L.RR_STALL_BUDGET)
        if budget <= 0 or now - self.still_since < budget:
            return False
        if c.row_state(row) != L.ROW_ACTIVE or c.row_long(row, L.RR_ATTACH_NANOS) != attach:
            return False  # it detached meanwhile
        demoted = c.demote(row, cursor, _LOSSLESS, _LATEST)
        if demoted:
            c.add_header_long(L.ST_DEMOTIONS, 1)
        self.watched_row = -1
        return demoted

    def done(self):
        self.c.mark_stall(0, -1)
        self.watched_row = -1
