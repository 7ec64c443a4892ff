"""The hold protocol's two orders, played out step by step between a Python writer and a Python reader: whichever
side stores first, the other sees it (docs/format.md, "Take and hold")."""

import numpy as np
import pytest

import framebus
from framebus import _layout as L


@pytest.fixture
def pair(channel):
    name = channel("proto")
    with framebus.create(name, 4096, slots=2, hold_limit=1, backing=framebus.Backing.PLAIN) as w, \
            framebus.attach(name, framebus.LATEST) as r:
        w.publish(np.zeros(8, np.uint8))  # frame 1 in slot 0
        w.publish(np.ones(8, np.uint8))  # frame 2 in slot 1
        yield w, r


def test_a_hold_stored_after_the_writer_claimed_the_slot_is_dropped(pair):
    w, r = pair
    cursor, control = r._cursor, r._control
    slot = control.ring_slot(1 & control.g.ring_mask)  # the reader found frame 1 in the ring...
    assert control.ring_sequence(1) == 1 and slot == 0
    claim = w.try_claim()  # ...the writer claims the oldest slot before the reader stores its hold
    assert claim.slot == 0 and control.slot_sequence(0) == L.SLOT_CLAIMED
    assert not cursor._hold_and_validate(0, 1)  # the re-read sees the claim: no frame, and no hold left behind
    assert control.hold(r.row, 0) == 0 and cursor.races_lost == 1
    claim.abort()


def test_the_writer_never_claims_a_slot_a_reader_holds(pair):
    w, r = pair
    cursor, control = r._cursor, r._control
    assert cursor._hold_and_validate(0, 1)  # the reader stores its hold first...
    claim = w.try_claim()
    assert claim.slot == 1  # ...so the writer skips slot 0, the oldest, and takes the other one
    assert claim.set_length(8).publish() == 3
    other = framebus.attach(w.name, framebus.LATEST)
    assert other._cursor._hold_and_validate(1, 3)
    assert w.try_claim() is None  # every slot held: nothing to claim
    assert control.slot_sequence(0) == 1 and control.slot_sequence(1) == 3  # and nothing was touched
    cursor.release(0)
    other.close()
    assert w.try_claim().slot == 0
