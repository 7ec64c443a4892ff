"""Dead readers and their holds (docs/format.md, "Liveness and reclaim"; the Java ``Reclaimer`` and
``LivenessMonitor``).

A reader row belongs to whoever holds its lock byte. If nobody does, its owner died, and every non-zero hold
in the row is exactly a hold that owner had taken or was about to validate. Taking the lock before touching
the row makes reclaim exclusive with a new reader claiming the row and with other reclaimers.
"""

import threading
import time

from . import _layout as L


def looks_used(control, row):
    """True when the row has anything to reclaim (no syscall)."""
    if control.row_state(row) != L.ROW_FREE:
        return True
    for slot in range(control.g.slot_count):
        if control.hold(row, slot) != 0:
            return True
    return False


def clear_row(control, row):
    """Clears a row whose lock the caller holds: its holds, its sleeper bit, its state. Returns the holds
    released, or -1 when the row was unused."""
    used = control.row_state(row) != L.ROW_FREE
    released = 0
    for slot in range(control.g.slot_count):
        if control.hold(row, slot) != 0:
            control.set_hold(row, slot, 0)
            released += 1
    control.clear_reader_sleeper(row)
    if not used and released == 0:
        return -1
    control.set_row_state(row, L.ROW_FREE)
    control.record_reclaim(released, time.monotonic_ns())
    return released


def reclaim_if_dead(channel_file, control, row):
    """Reclaims row ``row`` if its owner is dead; returns the holds released, or -1 (alive, or unused)."""
    byte = L.reader_lock_byte(row)
    if not channel_file.try_lock(byte):
        return -1
    try:
        return clear_row(control, row)
    finally:
        channel_file.unlock(byte)


class LivenessMonitor:
    """The writer's background thread that reclaims dead readers' rows every ``period`` seconds and then wakes
    the writer, in case it waits for a slot. It never touches the publish path."""

    def __init__(self, name, channel_file, control, period, on_reclaim):
        self._file = channel_file
        self._control = control
        self._period = period
        self._on_reclaim = on_reclaim
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="framebus-liveness-" + name, daemon=True)

    def start(self):
        self._thread.start()
        return self

    def _run(self):
        while not self._stop.is_set():
            try:
                self.scan_once()
            except (ValueError, OSError):
                return  # the mapping or the file was closed under us: the writer is closing
            self._stop.wait(self._period)

    def scan_once(self):
        reclaimed = 0
        for row in range(self._control.g.max_readers):
            if self._stop.is_set():
                break
            if looks_used(self._control, row) and reclaim_if_dead(self._file, self._control, row) >= 0:
                reclaimed += 1
        if reclaimed:
            self._on_reclaim()
        return reclaimed

    def close(self):
        self._stop.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(5)
