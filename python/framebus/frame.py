"""A frame held by a reader, and its zero-copy views (numpy, memoryview, DLPack).

The hold lasts as long as the frame is open **or any view of it is alive**: every view (the numpy array, its
slices and reshapes, a memoryview, a tensor made with ``torch.from_dlpack``) keeps a reference to one base
array over the slot, and the hold is dropped when the frame is released and that base array is gone. So a
view can never show a slot the writer is rewriting. Asking a released frame for a new view raises
:class:`~framebus.errors.FrameReleasedError`. Views are read-only (the data file is mapped ``PROT_READ``).
"""

import threading
import weakref

import numpy as np

from . import _layout as L
from .codes import DType, FrameKind, PixelFormat
from .errors import ChannelFormatError, FrameReleasedError


def check_metadata(m, slot, slot_size):
    """Validates a private copy of a descriptor before any of it shapes a view (the Java ``FrameMetadata``):
    every size must describe bytes inside the frame, and the frame must lie inside its slot."""
    kind = m.kind
    if (not 0 <= m.length <= slot_size or kind not in _KINDS or not 0 <= m.rank <= L.MAX_DIMS
            or m.upstream < 0):
        raise ChannelFormatError("corrupt channel: slot %d descriptor has length %d, kind %d, rank %d, upstream"
                                 " sequence %d (slot size %d)" % (slot, m.length, kind, m.rank, m.upstream, slot_size))
    if kind == FrameKind.VIDEO:
        _check_video(m, slot)
    elif kind == FrameKind.TENSOR:
        _check_tensor(m, slot)


_KINDS = frozenset(int(k) for k in FrameKind)
_FORMATS = frozenset(int(f) for f in PixelFormat)
_DTYPES = frozenset(int(d) for d in DType)


def _check_video(m, slot):
    ok = m.pixel_format in _FORMATS and m.width > 0 and m.height > 0 and m.stride > 0
    if ok:
        fmt = PixelFormat(m.pixel_format)
        bpp = fmt.bytes_per_pixel
        if bpp > 0:
            row = m.width * bpp
            ok = m.stride >= row and m.stride * (m.height - 1) + row <= m.length
        else:
            ok = m.stride >= m.width and fmt.frame_bytes(m.stride, m.height) <= m.length
    if not ok:
        fmt = PixelFormat(m.pixel_format).name if m.pixel_format in _FORMATS else "pixel format %d" % m.pixel_format
        raise ChannelFormatError("corrupt channel: slot %d describes a %dx%d %s picture with stride %d that does not"
                                 " fit its %d bytes" % (slot, m.width, m.height, fmt, m.stride, m.length))


def _check_tensor(m, slot):
    size = DType(m.dtype).size if m.dtype in _DTYPES else -1
    total = size
    for d in m.shape[:m.rank]:
        if total < 0:
            break
        total = -1 if d < 0 else total * d
    if total < 0 or total > m.length:
        dtype = DType(m.dtype).name if m.dtype in _DTYPES else "dtype %d" % m.dtype
        raise ChannelFormatError("corrupt channel: slot %d describes a %s tensor of shape %s that does not fit its %d"
                                 " bytes" % (slot, dtype, list(m.shape[:m.rank]), m.length))


class Hold:
    """One hold of a reader on a slot; :meth:`release` (idempotent, any thread) drops it."""

    __slots__ = ("_owner", "slot", "__weakref__")

    def __init__(self, owner, slot):
        self._owner = owner
        self.slot = slot

    def release(self):
        owner, self._owner = self._owner, None
        if owner is not None:
            owner.release_hold(self)


class Frame:
    """A held frame: its metadata (a validated private copy) and zero-copy, read-only views of its bytes.

    Use it as a context manager, or call :meth:`release`::

        with reader.take() as frame:
            image = frame.array          # height x width x channels, the real stride
    """

    def __init__(self, hold, metadata, sequence, take_nanos, data_mm, offset):
        self._hold = hold
        self._lock = threading.Lock()
        m = metadata
        self.sequence = sequence
        """The frame's sequence number: 1 for the channel's first frame, one more for each frame published."""
        self.slot = hold.slot
        self.length = m.length
        self.kind = FrameKind(m.kind)
        self.pixel_format = PixelFormat(m.pixel_format) if m.pixel_format in _FORMATS else PixelFormat.UNKNOWN
        self.width = m.width
        self.height = m.height
        self.stride = m.stride
        self.dtype = DType(m.dtype) if m.dtype in _DTYPES else DType.UNKNOWN
        self.shape = tuple(m.shape[:m.rank]) if self.kind == FrameKind.TENSOR else ()
        self.pts = m.pts
        """Presentation time, microseconds."""
        self.capture_nanos = m.capture_nanos
        """CLOCK_MONOTONIC nanoseconds (time.monotonic_ns(), Java's System.nanoTime()) of capture."""
        self.publish_nanos = m.publish_nanos
        self.take_nanos = take_nanos
        self.tag = m.tag
        self.origin = m.origin
        self.label = m.label
        self.upstream_sequence = m.upstream
        """The frame's sequence in the channel a network bridge received it from (``framebus bridge``, on another
        host); 0 for a frame published on this host. Java's ``Frame.upstreamSequence()``."""
        self.writer_generation = m.generation
        raw = np.frombuffer(data_mm, dtype=np.uint8, count=m.length, offset=offset)
        weakref.finalize(raw, hold.release)  # the hold ends when no view of the bytes is left
        self._raw = raw
        self._array = None

    def _base(self):
        raw = self._raw
        if raw is None:
            raise FrameReleasedError("frame %d was released; its views are gone with its hold. Keep a view (or the"
                                     " frame) alive while you use it, or copy it (np.array(view))" % self.sequence)
        return raw

    @property
    def released(self):
        return self._raw is None

    @property
    def buffer(self):
        """The frame's bytes as a read-only memoryview, :attr:`length` long."""
        return memoryview(self._base())

    @property
    def array(self):
        """A read-only numpy view shaped from the metadata: video ``(height, width, channels)`` with the real
        stride (planar formats: the whole picture as bytes, see :meth:`planes`); a tensor with its dtype and
        shape; raw and detections payloads as bytes."""
        with self._lock:
            if self._array is None:
                self._array = self._shape(self._base())
            return self._array

    def _shape(self, raw):
        if self.kind == FrameKind.VIDEO and self.pixel_format.bytes_per_pixel > 0:
            bpp = self.pixel_format.bytes_per_pixel
            return np.ndarray((self.height, self.width, bpp), np.uint8, raw, 0, (self.stride, bpp, 1))
        if self.kind == FrameKind.TENSOR and self.dtype.numpy is not None:
            return np.ndarray(self.shape, self.dtype.numpy, raw, 0)
        return raw[:]

    def planes(self):
        """The planes of a planar picture: I420 (Y, U, V), NV12 (Y, UV), each ``(rows, row bytes)`` with rows
        ``stride`` (chroma: ``ceil(stride / 2)``, NV12's UV: twice that) bytes apart; packed formats: one plane."""
        raw = self._base()
        if self.kind != FrameKind.VIDEO:
            raise ValueError("frame %d is %s, not a video picture" % (self.sequence, self.kind.name))
        if self.pixel_format.bytes_per_pixel > 0:
            return (self.array,)
        s, h = self.stride, self.height
        cs, ch, cw = (s + 1) // 2, (h + 1) // 2, (self.width + 1) // 2
        y = np.ndarray((h, self.width), np.uint8, raw, 0, (s, 1))
        if self.pixel_format == PixelFormat.NV12:
            return y, np.ndarray((ch, 2 * cw), np.uint8, raw, s * h, (2 * cs, 1))
        u = np.ndarray((ch, cw), np.uint8, raw, s * h, (cs, 1))
        return y, u, np.ndarray((ch, cw), np.uint8, raw, s * h + cs * ch, (cs, 1))

    def detections(self):
        """The boxes of a DETECTIONS frame (see :func:`framebus.detections.decode`)."""
        from .detections import decode

        return decode(self._base())

    def __dlpack__(self, **kwargs):
        """DLPack export of :attr:`array`, so ``torch.from_dlpack(frame)`` and ``np.from_dlpack(frame)`` share the
        slot without a copy. The array is read-only, which only the versioned protocol (DLPack 1.0,
        ``max_version=(1, 0)``) can say; the consumer must ask for it."""
        return self.array.__dlpack__(**kwargs)

    def __dlpack_device__(self):
        return self.array.__dlpack_device__()

    def release(self):
        """Ends this frame's own reference; the hold ends once no view of the frame is alive either."""
        with self._lock:
            self._raw = None
            self._array = None

    close = release

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.release()

    def __repr__(self):
        what = ("%dx%d %s" % (self.width, self.height, self.pixel_format.name) if self.kind == FrameKind.VIDEO
                else "%s %s" % (self.dtype.name, list(self.shape)) if self.kind == FrameKind.TENSOR
                else self.kind.name)
        return "Frame[%d, %s, %d bytes, slot %d%s]" % (self.sequence, what, self.length, self.slot,
                                                     ", released" if self.released else "")
