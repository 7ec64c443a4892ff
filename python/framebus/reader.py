"""Reading a channel from Python: a real reader row, with its lock byte, holds and futex sleep (docs/format.md,
"Attach", "Take and hold", "Sleeping and waking"; the Java ``ChannelReader``)."""

import os
import threading
import time

from . import _atomics as A
from . import _channel, _cursor, _liveness, _sys
from . import _layout as L
from ._signal import FutexSignal
from .codes import LATEST, ReaderMode, ReadStatus
from .errors import ChannelClosedError, HoldLimitExceededError, TooManyReadersError, WriterDeadError
from .frame import Frame, Hold, check_metadata

_WRITER_PROBE_NANOS = 100_000_000
_MAX_DRAIN_ATTEMPTS = 64
_FOREVER = 1 << 62
_WAITS = ("futex", "yield", "spin")


def _nanos(seconds):
    return _FOREVER if seconds is None else max(0, int(seconds * 1e9))


class Reader:
    """An attached reader. Make one with :func:`framebus.attach`; use it from one thread (frames and their views
    may be released from any thread)."""

    def __init__(self, name, mode=LATEST, *, directory=None, timeout=0.0, hold_limit=0, group=None,
                 label="python", stall_budget=0.0, wait="futex"):
        mode = ReaderMode(mode)
        if hold_limit < 0 or timeout < 0 or stall_budget < 0:
            raise ValueError("hold_limit, timeout and stall_budget must not be negative")
        if wait not in _WAITS:
            raise ValueError("unknown wait strategy %r; known: %s" % (wait, ", ".join(_WAITS)))
        ch = _channel.attach(name, directory, timeout, group)
        row = -1
        try:
            g = ch.geometry
            limit = hold_limit or ch.header.hold_limit
            if limit > g.slot_count - 1:
                raise ValueError("hold limit %d leaves the writer no slot: channel '%s' has %d slots, so at most %d"
                                 % (limit, ch.name, g.slot_count, g.slot_count - 1))
            row = self._claim_row(ch)
            c = ch.control
            _liveness.clear_row(c, row)  # whatever a dead predecessor in this row left behind
            me = _sys.me()
            c.init_row(row, int(mode), limit, me.pid, me.start_time, me.pid_namespace, time.monotonic_ns(),
                       int(stall_budget * 1e9), label)
            start = _cursor.register(c, row, mode)
        except BaseException:
            if row >= 0:
                ch.control.set_row_state(row, L.ROW_FREE)
            ch.close()
            raise
        self._channel = ch
        self._control = c
        self.name = ch.name
        self.row = row
        self.hold_limit = limit
        self._mode = mode
        self._cursor = _cursor.RingCursor(c, row, mode, start)
        self._slot_size = g.slot_size
        self._slot_offsets = [g.slot_data(k) for k in range(g.slot_count)]
        self._data_mm = ch.data_mapping.mm
        self._reader_signal = FutexSignal(c.reader_futex, c.reader_sleepers, row)
        self._writer_signal = FutexSignal(c.writer_futex, [c.writer_sleeping], -1)
        self._wait = wait
        self._next_probe = time.monotonic_ns()
        self._generation_seen = c.generation()
        self._lock = threading.RLock()  # a view's finalizer may run during a garbage collection anywhere
        self._live = set()
        self._closed = False
        self.received = 0
        self.writer_restarts = 0
        self._stats = [c.row_pointer64(row, off) for off in (L.RR_RECEIVED, L.RR_SKIPPED, L.RR_LOST)]

    @staticmethod
    def _claim_row(ch):
        for row in range(ch.geometry.max_readers):
            if ch.file.try_lock(L.reader_lock_byte(row)):
                return row
        n = ch.geometry.max_readers
        raise TooManyReadersError("channel '%s' allows at most %d readers and all %d are attached by live processes;"
                                  " detach one, or create the channel with a larger --max-readers" % (ch.name, n, n))

    # taking frames

    def try_take(self):
        """The next frame if one is ready (the next in order for LOSSLESS, the newest for LATEST), else None.
        Never blocks. Raises HoldLimitExceededError when this reader already holds its limit of frames."""
        self._ensure_open()
        if len(self._live) >= self.hold_limit:
            raise HoldLimitExceededError("this reader of channel '%s' already holds %d frames, its hold limit;"
                                         " release a Frame (and drop the views made from it: numpy arrays, tensors)"
                                         " before taking another, or attach with a higher hold_limit (at most %d)"
                                         % (self.name, self.hold_limit, len(self._slot_offsets) - 1))
        cursor = self._cursor
        if not cursor.try_take():
            return None
        slot = cursor.taken_slot
        hold = Hold(self, slot)
        with self._lock:
            self._live.add(hold)
        try:
            metadata = self._control.read_metadata(slot)
            check_metadata(metadata, slot, self._slot_size)
            frame = Frame(hold, metadata, cursor.taken_sequence, time.monotonic_ns(), self._data_mm,
                          self._slot_offsets[slot])
        except BaseException:
            hold.release()
            raise
        self.received += 1
        received, skipped, lost = self._stats
        A.store64_relaxed(received, self.received)
        A.store64_relaxed(skipped, cursor.skipped)
        A.store64_relaxed(lost, cursor.lost)
        if cursor.lossless:
            self._writer_signal.signal_if_sleeping()  # our cursor moved: the writer may wait for room
        return frame

    def read(self, timeout=None):
        """Waits up to ``timeout`` seconds (None: for ever) for a frame. Returns ``(status, frame)``: the frame
        with FRAME, otherwise None and why: TIMEOUT, CLOSED (the writer closed the channel and everything
        published was read), WRITER_DEAD (a new writer may take over: read again), WRITER_RESTARTED (once, when a
        new writer took over) or DEMOTED (once, when the writer demoted this lossless reader to LATEST)."""
        self._ensure_open()
        deadline = time.monotonic_ns() + _nanos(timeout)
        drained = 0
        while True:
            event = self._event()
            if event is not None:
                return event, None
            frame = self.try_take()
            if frame is not None:
                return ReadStatus.FRAME, frame
            status = self._await_frame(deadline)
            if status == ReadStatus.CLOSED and self._cursor.has_published() and drained < _MAX_DRAIN_ATTEMPTS:
                drained += 1
                continue  # frames published before the close are still delivered
            if status is not None:
                return status, None

    def take(self, timeout=None):
        """Waits up to ``timeout`` seconds (None: for ever) for the next frame and returns it, or None on timeout.
        Raises ChannelClosedError when the writer closed the channel and every frame was read, WriterDeadError
        when the writer died (take again to carry on with a new writer). A writer's restart and a demotion are
        counted (:attr:`writer_restarts`, :attr:`demoted`), not raised."""
        deadline = time.monotonic_ns() + _nanos(timeout)
        while True:
            status, frame = self.read(max(0, deadline - time.monotonic_ns()) / 1e9)
            if status == ReadStatus.FRAME:
                return frame
            if status == ReadStatus.TIMEOUT:
                return None
            if status == ReadStatus.CLOSED:
                raise ChannelClosedError("the writer of channel '%s' closed it; every frame was read" % self.name)
            if status == ReadStatus.WRITER_DEAD:
                raise WriterDeadError("the writer of channel '%s' is dead; a new writer may take the channel over:"
                                      " take again to carry on" % self.name)

    def __iter__(self):
        """Every frame until the writer closes the channel (raises WriterDeadError if the writer dies)."""
        while True:
            try:
                yield self.take()
            except ChannelClosedError:
                return

    def _event(self):
        generation = self._control.generation()
        if generation != self._generation_seen:
            self._generation_seen = generation
            self.writer_restarts += 1
            return ReadStatus.WRITER_RESTARTED
        return ReadStatus.DEMOTED if self._cursor.poll_demotion() else None

    def _await_frame(self, deadline):
        c = self._control
        if c.state() == L.STATE_CLOSED:
            return ReadStatus.CLOSED
        now = time.monotonic_ns()
        if now >= self._next_probe:
            self._next_probe = now + _WRITER_PROBE_NANOS
            if not self._channel.file.locked_by_other(L.WRITER_LOCK_BYTE):
                return ReadStatus.WRITER_DEAD
        if now >= deadline:
            return ReadStatus.TIMEOUT
        if self._wait != "futex":
            if self._wait == "yield":
                os.sched_yield()
            return None
        signal = self._reader_signal
        observed = signal.prepare()
        try:
            if not self._cursor.has_published() and c.state() != L.STATE_CLOSED:
                signal.wait(observed, min(deadline, self._next_probe) - now)
        finally:
            signal.done()
        return None

    # releasing

    def release_hold(self, hold):
        """Drops ``hold`` (called by the hold itself, from any thread) and wakes a writer waiting for a slot."""
        with self._lock:
            if self._closed or hold not in self._live:
                return
            self._live.discard(hold)
            self._cursor.release(hold.slot)
            self._writer_signal.signal_if_sleeping()

    # state

    def _ensure_open(self):
        if self._closed:
            raise ChannelClosedError("reader of channel '%s' is closed" % self.name)

    @property
    def mode(self):
        """How this reader reads now: its mode, or LATEST once the writer demoted it."""
        return ReaderMode.LATEST if self._mode == ReaderMode.LOSSLESS and not self._cursor.lossless else self._mode

    @property
    def demoted(self):
        return self.mode != self._mode

    @property
    def held(self):
        """Frames held now (open frames, and frames whose views are still alive)."""
        return len(self._live)

    @property
    def races_lost(self):
        """Frames this reader found claimed by the writer just after it stored its hold, and let go: the moments
        the hold protocol's race (docs/format.md, "Take and hold") was decided for the writer."""
        return self._cursor.races_lost

    @property
    def skipped(self):
        return self._cursor.skipped

    @property
    def lost(self):
        return self._cursor.lost

    @property
    def published(self):
        self._ensure_open()
        return self._control.published()

    @property
    def slot_count(self):
        return self._channel.geometry.slot_count

    @property
    def slot_size(self):
        return self._slot_size

    @property
    def backing(self):
        return self._channel.header.backing

    def writer_status(self):
        """'alive', 'dead' or 'closed' (makes a syscall)."""
        self._ensure_open()
        if self._control.state() == L.STATE_CLOSED:
            return "closed"
        return "alive" if self._channel.file.locked_by_other(L.WRITER_LOCK_BYTE) else "dead"

    def close(self):
        """Detaches: drops every hold, frees the row, unlocks it and unmaps (views still alive keep the data
        mapped, but their bytes may be rewritten from now on). Idempotent."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            c = self._control
            for slot in range(len(self._slot_offsets)):
                c.set_hold(self.row, slot, 0)
            c.clear_reader_sleeper(self.row)
            c.set_row_state(self.row, L.ROW_FREE)
            self._channel.file.unlock(L.reader_lock_byte(self.row))
            self._writer_signal.signal_if_sleeping()
            self._live.clear()
        self._channel.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        return "Reader[%s, row %d, %s%s]" % (self.name, self.row, self.mode.name.lower(),
                                             ", closed" if self._closed else "")
