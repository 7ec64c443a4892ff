"""The codes stored in a channel's files (docs/format.md, "Codes"): fixed forever, never derived from order."""

import enum

import numpy as np


class FrameKind(enum.IntEnum):
    """What a frame's bytes are (slot descriptor ``kind``)."""

    RAW = 0
    VIDEO = 1
    TENSOR = 2
    DETECTIONS = 3


class PixelFormat(enum.IntEnum):
    """Pixel layouts of video frames (slot descriptor ``pixel_format``)."""

    UNKNOWN = 0
    BGR24 = 1
    RGB24 = 2
    BGRA = 3
    RGBA = 4
    GRAY8 = 5
    I420 = 6
    NV12 = 7

    @property
    def bytes_per_pixel(self):
        """Bytes per pixel of packed formats; 0 for planar and unknown ones."""
        return _BYTES_PER_PIXEL[self]

    def frame_bytes(self, width, height):
        """Bytes of a ``width`` x ``height`` picture whose rows are ``width`` bytes apart in every plane (pass
        the stride as ``width``). Planar: a Y plane, then chroma of ``ceil(h/2)`` rows of ``ceil(w/2)`` bytes,
        twice (I420: U then V; NV12: one interleaved UV plane of twice that width)."""
        bpp = _BYTES_PER_PIXEL[self]
        if bpp > 0:
            return width * height * bpp
        return width * height + 2 * ((width + 1) // 2) * ((height + 1) // 2)


_BYTES_PER_PIXEL = {PixelFormat.UNKNOWN: 0, PixelFormat.BGR24: 3, PixelFormat.RGB24: 3, PixelFormat.BGRA: 4,
                    PixelFormat.RGBA: 4, PixelFormat.GRAY8: 1, PixelFormat.I420: 0, PixelFormat.NV12: 0}


class DType(enum.IntEnum):
    """Element types of tensors (slot descriptor ``dtype``)."""

    UNKNOWN = 0
    FLOAT32 = 1
    FLOAT16 = 2
    BFLOAT16 = 3
    FLOAT64 = 4
    INT8 = 5
    UINT8 = 6
    INT16 = 7
    INT32 = 8
    INT64 = 9
    BOOL = 10

    @property
    def size(self):
        """Bytes per element; 0 for UNKNOWN."""
        return _DTYPE_SIZE[self]

    @property
    def numpy(self):
        """The numpy dtype of the elements, little-endian. BFLOAT16 has none in numpy: its elements are
        ``uint16`` (``torch.from_dlpack(frame).view(torch.bfloat16)`` reinterprets them). None for UNKNOWN."""
        return _NUMPY[self]

    @classmethod
    def of(cls, dtype):
        """The code of a numpy dtype (``np.float32`` ...), for writers."""
        dt = np.dtype(dtype).newbyteorder("<")
        for code, candidate in _NUMPY.items():
            if candidate is not None and candidate == dt and code != DType.BFLOAT16:
                return code
        raise ValueError("framebus has no tensor code for numpy dtype %s" % dt)


_DTYPE_SIZE = {DType.UNKNOWN: 0, DType.FLOAT32: 4, DType.FLOAT16: 2, DType.BFLOAT16: 2, DType.FLOAT64: 8,
               DType.INT8: 1, DType.UINT8: 1, DType.INT16: 2, DType.INT32: 4, DType.INT64: 8, DType.BOOL: 1}
_NUMPY = {DType.UNKNOWN: None, DType.FLOAT32: np.dtype("<f4"), DType.FLOAT16: np.dtype("<f2"),
          DType.BFLOAT16: np.dtype("<u2"), DType.FLOAT64: np.dtype("<f8"), DType.INT8: np.dtype("i1"),
          DType.UINT8: np.dtype("u1"), DType.INT16: np.dtype("<i2"), DType.INT32: np.dtype("<i4"),
          DType.INT64: np.dtype("<i8"), DType.BOOL: np.dtype("?")}


class Backing(enum.IntEnum):
    """Where a channel's memory comes from (header ``backing``). AUTO is a request, never stored."""

    AUTO = 0
    HUGETLBFS = 1
    THP = 2
    PLAIN = 3


class ReaderMode(enum.IntEnum):
    """How a reader consumes a channel (reader row ``mode``)."""

    LATEST = 1
    LOSSLESS = 2


class ReadStatus(enum.Enum):
    """What :meth:`framebus.Reader.read` found (Java: ``ReadStatus``)."""

    FRAME = "frame"
    TIMEOUT = "timeout"
    CLOSED = "closed"
    WRITER_DEAD = "writer_dead"
    WRITER_RESTARTED = "writer_restarted"
    DEMOTED = "demoted"


LATEST = ReaderMode.LATEST
LOSSLESS = ReaderMode.LOSSLESS
