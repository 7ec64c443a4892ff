"""A cross-process wake-up: a 32-bit futex word plus a bitmap of sleepers (docs/format.md, "Sleeping and
waking"; the Java ``FutexSignal``).

Waiter: :meth:`prepare` (sets its bit, returns the word), re-check the condition, :meth:`wait`, :meth:`done`.
Signaller: make the condition true with a sequentially consistent store, then :meth:`signal_if_sleeping`.
Both sides' accesses are sequentially consistent, so a wake-up is never lost, and the futex syscall is made
only when some sleeper's bit is set.
"""

from . import _atomics as A
from ._control import sleeper_bit

_WAKE_ALL = 0x7FFFFFFF


class FutexSignal:
    def __init__(self, word, sleepers, party):
        """``word``: the int32 futex word; ``sleepers``: the int64 words of the bitmap; ``party``: this
        party's bit, or -1 for a party that only signals."""
        self.word = word
        self.sleepers = sleepers
        if party >= 0:
            self.sleeper = sleepers[party >> 6]
            self.bit = sleeper_bit(party)
        else:
            self.sleeper = None
            self.bit = 0

    def prepare(self):
        A.fetch_or64(self.sleeper, self.bit)
        return A.load32(self.word)

    def wait(self, observed, timeout_ns):
        """Sleeps until signalled, until the word differs from ``observed``, or for ``timeout_ns``; may return
        early (callers re-check). The GIL is released while asleep."""
        A.futex_wait(self.word, observed, max(0, timeout_ns))

    def done(self):
        A.fetch_and64(self.sleeper, ~self.bit)

    def any_sleeping(self):
        for w in self.sleepers:
            if A.load64(w) != 0:
                return True
        return False

    def signal_if_sleeping(self):
        for w in self.sleepers:
            if A.load64(w) != 0:
                self.signal()
                return

    def signal(self):
        A.fetch_add32(self.word, 1)
        A.futex_wake(self.word, _WAKE_ALL)
