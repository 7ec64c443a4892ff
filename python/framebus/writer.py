"""Writing a channel from Python (docs/format.md, "Create", "Publish", "Close"; the Java ``ChannelWriter`` and
``FrameClaim``). A channel has one writer; a writer is used by one thread."""

import atexit
import struct
import time
import weakref

import numpy as np

from . import _create, _liveness, names
from . import _layout as L
from ._control import encode_utf8z
from ._recycler import SlotRecycler, StallWatch
from ._signal import FutexSignal
from .codes import Backing, DType, FrameKind, PixelFormat
from .errors import ChannelClosedError, FrameTooLargeError

_MAX_SLEEP_NANOS = 50_000_000


class Config:
    """What :func:`framebus.create` makes; the defaults are the Java ``ChannelConfig``'s."""

    def __init__(self, name, slot_size, *, slots=8, ring_capacity=0, max_readers=16, hold_limit=0,
                 backing=Backing.AUTO, directory=None, group=None, file_mode=None, liveness_period=0.010,
                 replace_incompatible=True):
        self.name = names.validate(name)
        if not 1 <= slot_size <= L.MAX_SLOT_SIZE:
            raise ValueError("slot size must be 1..%d bytes, got %d" % (L.MAX_SLOT_SIZE, slot_size))
        if not 2 <= slots <= L.MAX_SLOTS:
            raise ValueError("slot count must be 2..%d (one slot is always free for the writer), got %d"
                             % (L.MAX_SLOTS, slots))
        self.slot_size = slot_size
        self.slots = slots
        ring = ring_capacity or max(16, 2 * slots)
        self.ring_capacity = 1 << (ring - 1).bit_length()
        self.max_readers = max_readers
        self.hold_limit = hold_limit or min(2, slots - 1)
        if self.hold_limit >= slots:
            raise ValueError("hold limit must be 1..%d (one slot less than the %d slots, so the writer always has"
                             " one), got %d" % (slots - 1, slots, self.hold_limit))
        self.backing = Backing(backing)
        self.directory = directory
        self.group = group
        self.file_mode = file_mode if file_mode is not None else (0o660 if group else 0o600)
        if self.file_mode & ~0o777 or self.file_mode & 0o600 != 0o600:
            raise ValueError("file mode must be within 0777 and include 0600, got %o" % self.file_mode)
        self.liveness_period = liveness_period
        self.replace_incompatible = replace_incompatible
        self.geometry(L.SMALL_PAGE)  # the limits

    def geometry(self, page_size):
        return L.Geometry(self.slots, self.slot_size, self.ring_capacity, self.max_readers, page_size)


class Claim:
    """A claimed slot: write the frame into :attr:`array` (a writable numpy view of the whole slot), describe
    it, then :meth:`publish` or :meth:`abort`. Valid until then."""

    def __init__(self, writer, slot, sequence, memory):
        self._writer = writer
        self.slot = slot
        self.sequence = sequence
        """The sequence the frame will be published with."""
        self.array = memory
        """The slot's bytes, writable, ``capacity`` long."""
        self.length = -1

    @property
    def capacity(self):
        return self.array.size

    def _open(self):
        if self._writer is None:
            raise ChannelClosedError("this claim was already published or aborted")
        if self._writer.closed:
            raise ChannelClosedError("the writer of this claim is closed")
        return self._writer

    def _set(self, fmt, offset, *values):
        w = self._open()
        struct.pack_into(fmt, w._mm, w._g.slot_descriptor(self.slot) + offset, *values)
        return self

    def set_length(self, length):
        self._open()
        if not 0 <= length <= self.capacity:
            raise FrameTooLargeError("frame of %d bytes does not fit a slot of %d bytes; create the channel with a"
                                     " larger slot size" % (length, self.capacity))
        self.length = length
        return self

    def _fit(self, length, what):
        if self.length < 0:
            self.set_length(length)
        elif self.length < length:
            raise FrameTooLargeError("%s needs %d bytes, but the length was set to %d" % (what, length, self.length))

    def video(self, width, height, stride, pixel_format):
        """Describes a video picture; the length defaults to its size."""
        fmt = PixelFormat(pixel_format)
        row = width * fmt.bytes_per_pixel if fmt.bytes_per_pixel else width
        if width <= 0 or height <= 0 or stride < row:
            raise ValueError("video frame needs positive width and height and a stride of at least %d bytes; got"
                             " %dx%d %s with stride %d" % (row, width, height, fmt.name, stride))
        length = stride * height if fmt.bytes_per_pixel else fmt.frame_bytes(stride, height)
        self._fit(length, "a %dx%d %s picture with stride %d" % (width, height, fmt.name, stride))
        return self._set("<iiiii", L.SD_KIND, int(FrameKind.VIDEO), int(fmt), width, height, stride)

    def tensor(self, dtype, shape):
        """Describes a tensor of ``dtype`` (a DType, or a numpy dtype) and ``shape`` (at most 8 dimensions)."""
        code = dtype if isinstance(dtype, DType) else DType.of(dtype)
        shape = tuple(int(d) for d in shape)
        if len(shape) > L.MAX_DIMS or any(d < 0 for d in shape):
            raise FrameTooLargeError("tensor shape %s: framebus stores at most %d non-negative dimensions"
                                     % (list(shape), L.MAX_DIMS))
        self._fit(code.size * int(np.prod(shape, dtype=object)), "a %s tensor of shape %s" % (code.name, list(shape)))
        self._set("<i", L.SD_KIND, int(FrameKind.TENSOR))
        self._set("<ii", L.SD_DTYPE, int(code), len(shape))
        return self._set("<%dq" % len(shape), L.SD_SHAPE, *shape)

    def kind(self, kind):
        return self._set("<i", L.SD_KIND, int(FrameKind(kind)))

    def pts(self, pts):
        return self._set("<q", L.SD_PTS, pts)

    def capture_nanos(self, nanos):
        return self._set("<q", L.SD_CAPTURE_NANOS, nanos)

    def origin(self, sequence):
        return self._set("<q", L.SD_ORIGIN, sequence)

    def tag(self, tag):
        return self._set("<q", L.SD_TAG, tag)

    def upstream_sequence(self, sequence):
        """The sequence the frame had in the channel it was carried from (a relay's job); 0 (the default) for a
        frame made here. Java's ``FrameClaim.upstreamSequence``."""
        if sequence < 0:
            raise ValueError("upstream sequence must be >= 0, got %d" % sequence)
        return self._set("<q", L.SD_UPSTREAM, sequence)

    def label(self, text):
        data = text.encode("utf-8")
        if len(data) > L.SLOT_LABEL_BYTES - 1:
            raise ValueError("a frame label holds at most %d bytes of UTF-8; %r has %d"
                             % (L.SLOT_LABEL_BYTES - 1, text, len(data)))
        return self._set("%ds" % L.SLOT_LABEL_BYTES, L.SD_LABEL, encode_utf8z(text, L.SLOT_LABEL_BYTES))

    def publish(self):
        """Publishes the frame to every reader; returns its sequence."""
        w = self._open()
        self._writer = None
        self.array = None
        return w._publish(self.slot, self.length if self.length >= 0 else w._g.slot_size)

    def abort(self):
        """Gives the slot back unwritten."""
        w = self._open()
        self._writer = None
        self.array = None
        w._abort(self.slot)


class Writer:
    """The single writer of a channel. Make one with :func:`framebus.create`. Closing it marks the channel closed
    (readers drain what was published, then stop) and removes both files; if the process dies instead, the files
    stay and the next writer of that name and user takes them over."""

    def __init__(self, cfg):
        opened = _create.open_channel(cfg)
        ch = opened.channel
        try:
            c = ch.control
            self._channel = ch
            self._control = c
            self._g = ch.geometry
            self._mm = c.mm
            self._opened = opened
            self.generation = opened.generation
            """1 for a new channel, one more each time a writer took over a dead writer's channel."""
            self.took_over = opened.took_over
            self._recycler = SlotRecycler(c)
            self._stall = StallWatch(c, self._recycler)
            self._reader_signal = FutexSignal(c.reader_futex, c.reader_sleepers, -1)
            self._writer_signal = FutexSignal(c.writer_futex, [c.writer_sleeping], 0)
            self._next = c.published() + 1
            data = ch.data_mapping.mm
            self._slots = [np.frombuffer(data, np.uint8, self._g.slot_size, self._g.slot_data(k))
                           for k in range(self._g.slot_count)]
            self._claim = None
            self._closed = False
            self._monitor = _liveness.LivenessMonitor(ch.name, ch.file, c, cfg.liveness_period,
                                                      self._writer_signal.signal_if_sleeping).start()
        except BaseException:
            ch.unlink_files()
            ch.close()
            raise
        ref = weakref.ref(self)
        self._at_exit = lambda: ref() is not None and ref().close()
        atexit.register(self._at_exit)

    # claiming and publishing

    def _ensure_open(self):
        if self._closed:
            raise ChannelClosedError("writer of channel '%s' is closed" % self.name)
        if self._claim is not None:
            raise RuntimeError("a claim on channel '%s' is still open; publish or abort it before claiming again"
                               % self.name)

    def try_claim(self):
        """A free slot now, or None when every slot is held or still owed to a lossless reader."""
        self._ensure_open()
        return self._opened_claim(self._recycler.try_reserve(self._next))

    def claim(self, timeout=None):
        """A free slot, waiting up to ``timeout`` seconds (None: for ever) for readers to release one; None on
        timeout. Dead readers are reclaimed meanwhile; a lossless reader that holds the writer back for longer
        than its stall budget is demoted to LATEST."""
        self._ensure_open()
        return self._opened_claim(self._reserve(1 << 62 if timeout is None else max(0, int(timeout * 1e9))))

    def _opened_claim(self, slot):
        if slot < 0:
            return None
        start = self._g.slot_descriptor(slot)
        self._mm[start + L.SD_LENGTH:start + L.SLOT_DESCRIPTOR_SIZE] = bytes(L.SLOT_DESCRIPTOR_SIZE - L.SD_LENGTH)
        self._claim = Claim(self, slot, self._next, self._slots[slot])
        return self._claim

    def _reserve(self, timeout_nanos):
        slot = self._recycler.try_reserve(self._next)
        if slot >= 0:
            return slot
        start = time.monotonic_ns()
        deadline = start + timeout_nanos
        signal = self._writer_signal
        try:
            while True:
                observed = signal.prepare()
                try:
                    slot = self._recycler.try_reserve(self._next)
                    if slot >= 0:
                        return slot
                    now = time.monotonic_ns()
                    if self._stall.waiting(now, start):
                        continue  # a stalled lossless reader was demoted: its slots may be free now
                    if now >= deadline:
                        return -1
                    signal.wait(observed, min(deadline - now, _MAX_SLEEP_NANOS))
                finally:
                    signal.done()
        finally:
            self._stall.done()
            stalled = time.monotonic_ns() - start
            if stalled > self._control.header_long(L.ST_MAX_WRITER_STALL_NANOS):
                self._control.set_header_long(L.ST_MAX_WRITER_STALL_NANOS, stalled)

    def _publish(self, slot, length):
        c = self._control
        sequence = self._next
        now = time.monotonic_ns()
        base = self._g.slot_descriptor(slot)
        if struct.unpack_from("<q", self._mm, base + L.SD_CAPTURE_NANOS)[0] == 0:
            struct.pack_into("<q", self._mm, base + L.SD_CAPTURE_NANOS, now)
        struct.pack_into("<q", self._mm, base + L.SD_LENGTH, length)
        struct.pack_into("<q", self._mm, base + L.SD_PUBLISH_NANOS, now)
        struct.pack_into("<q", self._mm, base + L.SD_GENERATION, self.generation)
        c.set_slot_sequence(slot, sequence)
        c.announce(sequence & self._g.ring_mask, slot, sequence)
        c.publish(sequence)
        self._reader_signal.signal_if_sleeping()
        self._recycler.published(slot, sequence)
        self._next = sequence + 1
        self._claim = None
        return sequence

    def _abort(self, slot):
        self._recycler.aborted(slot)
        self._claim = None

    def publish(self, array, *, pts=0, tag=0, timeout=None):
        """Copies ``array`` into a claimed slot and publishes it, described from its shape: an ``(h, w, 3)`` uint8
        array as BGR24 video, ``(h, w, 4)`` as BGRA, ``(h, w)`` as GRAY8, anything else as a tensor. For zero
        copies write into :meth:`claim`'s ``array`` instead. Returns the sequence, or None on timeout."""
        a = np.ascontiguousarray(array)
        c = self.claim(timeout)
        if c is None:
            return None
        try:
            if a.nbytes > c.capacity:
                raise FrameTooLargeError("an array of %d bytes does not fit a slot of %d bytes" % (a.nbytes,
                                                                                                  c.capacity))
            c.array[:a.nbytes] = a.reshape(-1).view(np.uint8)
            formats = {3: PixelFormat.BGR24, 4: PixelFormat.BGRA, 1: PixelFormat.GRAY8}
            if a.dtype == np.uint8 and (a.ndim == 2 or (a.ndim == 3 and a.shape[2] in formats)):
                channels = 1 if a.ndim == 2 else a.shape[2]
                c.video(a.shape[1], a.shape[0], a.shape[1] * channels, formats[channels])
            else:
                c.tensor(a.dtype, a.shape)
            return c.pts(pts).tag(tag).publish()
        except BaseException:
            if c._writer is not None:
                c.abort()
            raise

    # readers, state

    def _live(self):
        if self._closed:
            raise ChannelClosedError("writer of channel '%s' is closed" % self.name)
        return self._control

    def reader_count(self):
        """Active reader rows (alive, or dead and not yet reclaimed)."""
        c = self._live()
        return sum(1 for row in range(self._g.max_readers) if c.row_state(row) == L.ROW_ACTIVE)

    def await_readers(self, count, timeout):
        deadline = time.monotonic() + timeout
        while self.reader_count() < count:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.002)
        return True

    def reclaim_dead_readers(self):
        """Probes every used reader row's lock now and reclaims the dead ones (the background thread does this every
        liveness period); returns how many were reclaimed."""
        self._live()
        return self._monitor.scan_once()

    def note(self, text):
        """A note that ``framebus inspect`` shows; at most 127 bytes of UTF-8 are kept."""
        self._live().write_text(L.H_NOTE, L.NOTE_MAX_BYTES, text)

    @property
    def name(self):
        return self._channel.name

    @property
    def path(self):
        return self._channel.file.path

    @property
    def backing(self):
        return self._channel.header.backing

    @property
    def placement_reason(self):
        return self._opened.placement.reason

    @property
    def page_report(self):
        return self._opened.pages

    @property
    def published(self):
        return self._live().published()

    @property
    def next_sequence(self):
        return self._next

    @property
    def slot_size(self):
        return self._g.slot_size

    @property
    def slot_count(self):
        return self._g.slot_count

    @property
    def races_lost(self):
        """Reservations given up because a reader's hold appeared after the slot was marked claimed."""
        return self._recycler.races_lost

    @property
    def max_stall_nanos(self):
        return self._live().header_long(L.ST_MAX_WRITER_STALL_NANOS)

    @property
    def closed(self):
        return self._closed

    def close(self):
        """Marks the channel closed, wakes every reader, removes both files and unmaps. Idempotent."""
        if self._closed:
            return
        self._closed = True
        atexit.unregister(self._at_exit)
        self._monitor.close()
        self._control.set_state(L.STATE_CLOSED)
        self._reader_signal.signal()
        self._channel.unlink_files()
        self._claim = None
        self._slots = None
        self._channel.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        return "Writer[%s, generation %d, %d published%s]" % (self.name, self.generation, self._next - 1,
                                                             ", closed" if self._closed else "")
