"""Offsets and constants of channel layout version 3 (docs/format.md).

The same values as docs/layout.tsv, the machine-readable source that the Java flyweights are also tested
against; tests/test_layout_spec.py compares every name here with it. Prefixes name the region:
``H_`` header, ``ST_`` header statistics, ``LK_`` header link lines (all three from the start of the
control file), ``RG_`` one ring entry, ``SD_`` one slot descriptor, ``RR_`` one reader row, ``DT_`` the
detections payload, ``DE_`` one detection entry.
"""

MAGIC = 0x535542454D415246  # "FRAMEBUS" read as a little-endian 64-bit integer
VERSION = 3
CACHE_LINE = 64
HEADER_SIZE = 2048
RING_ENTRY_SIZE = 16
SLOT_DESCRIPTOR_SIZE = 256
ROW_FIXED_SIZE = 256
MAX_DIMS = 8
NAME_MAX_BYTES = 64
NOTE_MAX_BYTES = 128
SLOT_LABEL_BYTES = 48
ROW_LABEL_BYTES = 64
LINK_SOURCE_BYTES = 64
MAX_SLOTS = 1 << 16
MAX_READERS = 1024
MAX_RING_CAPACITY = 1 << 24
MAX_SLOT_SIZE = (1 << 31) - 1
SMALL_PAGE = 4096
HUGE_PAGE = 2 << 20
WRITER_LOCK_BYTE = 0
SLOT_EMPTY = 0
SLOT_CLAIMED = -1
MAX_SEQUENCE = 1 << 62
DETECTIONS_MAGIC = 0x53544544  # "DETS"
DETECTIONS_VERSION = 1
DETECTIONS_HEADER_SIZE = 40
DETECTION_ENTRY_SIZE = 24

# header, line 0
H_MAGIC = 0
H_VERSION = 8
H_SLOT_COUNT = 12
H_MAX_READERS = 16
H_RING_CAPACITY = 20
H_HOLD_LIMIT = 24
H_BACKING = 28
H_SLOT_SIZE = 32
H_SLOT_STRIDE = 40
H_PAGE_SIZE = 48
H_CONTROL_SIZE = 56
# line 1
H_DATA_SIZE = 64
H_DATA_INODE = 72
H_DATA_DEVICE = 80
H_CREATED_MILLIS = 88
H_CREATOR_PID = 96
H_FILE_MODE = 104
H_NAME_LENGTH = 108
H_NAME = 128
# line 3
H_WRITER_PID = 192
H_WRITER_START_TIME = 200
H_GENERATION = 208
H_STATE = 216
H_WRITER_PID_NAMESPACE = 224
H_PUBLISHED = 256
H_READER_FUTEX = 320
H_WRITER_FUTEX = 384
H_WRITER_SLEEPING = 392
H_NOTE = 576
H_READER_SLEEPERS = 704

ST_RECLAIMED_READERS = 448
ST_RECLAIMED_HOLDS = 456
ST_LAST_RECLAIM_NANOS = 464
ST_WRITER_RESTARTS = 472
ST_DEMOTIONS = 480
ST_OBTAINED_PAGE_SIZE = 512
ST_HUGE_MAPPED_BYTES = 520
ST_MAX_WRITER_STALL_NANOS = 528
ST_STALL_SINCE_NANOS = 536
ST_STALLED_ON_ROW = 544

LK_KIND = 832
LK_LAST_HEARD_NANOS = 840
LK_RECEIVED = 848
LK_SOURCE_SKIPPED = 856
LK_INCOMPLETE = 864
LK_SOURCE = 896

RG_SEQUENCE = 0
RG_SLOT = 8

SD_SEQUENCE = 0
SD_LENGTH = 8
SD_KIND = 16
SD_PIXEL_FORMAT = 20
SD_WIDTH = 24
SD_HEIGHT = 28
SD_STRIDE = 32
SD_DTYPE = 36
SD_RANK = 40
SD_PTS = 48
SD_CAPTURE_NANOS = 56
SD_PUBLISH_NANOS = 64
SD_TAG = 72
SD_GENERATION = 80
SD_SHAPE = 88
SD_ORIGIN = 152
SD_LABEL = 160
SD_UPSTREAM = 208

RR_STATE = 0
RR_MODE = 4
RR_HOLD_LIMIT = 8
RR_PID = 16
RR_START_TIME = 24
RR_ATTACH_NANOS = 32
RR_PID_NAMESPACE = 40
RR_STALL_BUDGET = 48
RR_DEMOTED_AT = 56
RR_CURSOR = 64
RR_RECEIVED = 128
RR_SKIPPED = 136
RR_LOST = 144
RR_LAST_CONTACT = 152
RR_LABEL = 192
RR_HOLDS = 256

DT_MAGIC = 0
DT_VERSION = 4
DT_FRAME_SEQUENCE = 8
DT_WIDTH = 16
DT_HEIGHT = 20
DT_PRODUCER = 24
DT_COUNT = 28
DT_ANALYSIS_NANOS = 32
DE_CLASS_ID = 0
DE_SCORE = 4
DE_X1 = 8
DE_Y1 = 12
DE_X2 = 16
DE_Y2 = 20

STATE_INITIALIZING = 0
STATE_OPEN = 1
STATE_CLOSED = 2
ROW_FREE = 0
ROW_ACTIVE = 1
LINK_NONE = 0
LINK_BRIDGE = 1


def align_up(value, alignment):
    """``value`` rounded up to a multiple of ``alignment`` (a power of two)."""
    return (value + alignment - 1) & -alignment


def reader_lock_byte(row):
    """The control-file byte whose OFD write lock reader row ``row`` holds."""
    return 1 + row


class Geometry:
    """The geometry of a channel and the offsets derived from it (docs/format.md, "Derived offsets").

    Raises ValueError for a value outside the limits, like the Java ``ChannelLayout``.
    """

    __slots__ = ("slot_count", "slot_size", "ring_capacity", "max_readers", "page_size", "ring_offset",
                 "slot_table_offset", "reader_table_offset", "reader_row_size", "control_size", "slot_stride",
                 "data_size")

    def __init__(self, slot_count, slot_size, ring_capacity, max_readers, page_size):
        _check(2 <= slot_count <= MAX_SLOTS, "slot count must be 2..%d, got %d" % (MAX_SLOTS, slot_count))
        _check(1 <= slot_size <= MAX_SLOT_SIZE, "slot size must be 1..%d bytes, got %d" % (MAX_SLOT_SIZE, slot_size))
        _check(slot_count <= ring_capacity <= MAX_RING_CAPACITY and ring_capacity & (ring_capacity - 1) == 0,
               "ring capacity must be a power of two between the slot count (%d) and %d, got %d"
               % (slot_count, MAX_RING_CAPACITY, ring_capacity))
        _check(1 <= max_readers <= MAX_READERS, "max readers must be 1..%d, got %d" % (MAX_READERS, max_readers))
        _check(page_size in (SMALL_PAGE, HUGE_PAGE), "page size must be 4 KiB or 2 MiB, got %d" % page_size)
        self.slot_count = slot_count
        self.slot_size = slot_size
        self.ring_capacity = ring_capacity
        self.max_readers = max_readers
        self.page_size = page_size
        self.ring_offset = HEADER_SIZE
        self.slot_table_offset = align_up(self.ring_offset + ring_capacity * RING_ENTRY_SIZE, CACHE_LINE)
        self.reader_table_offset = self.slot_table_offset + slot_count * SLOT_DESCRIPTOR_SIZE
        self.reader_row_size = ROW_FIXED_SIZE + align_up(8 * slot_count, CACHE_LINE)
        self.control_size = align_up(self.reader_table_offset + max_readers * self.reader_row_size, page_size)
        self.slot_stride = align_up(slot_size, page_size)
        self.data_size = self.slot_stride * slot_count

    @property
    def ring_mask(self):
        return self.ring_capacity - 1

    @property
    def total_size(self):
        """Bytes of both files."""
        return self.control_size + self.data_size

    def ring_entry(self, index):
        return self.ring_offset + index * RING_ENTRY_SIZE

    def slot_descriptor(self, slot):
        return self.slot_table_offset + slot * SLOT_DESCRIPTOR_SIZE

    def reader_row(self, row):
        return self.reader_table_offset + row * self.reader_row_size

    def slot_data(self, slot):
        return slot * self.slot_stride

    def same_as(self, other):
        return all(getattr(self, k) == getattr(other, k) for k in
                   ("slot_count", "slot_size", "ring_capacity", "max_readers", "page_size"))

    def __repr__(self):
        return ("Geometry[slots=%d x %d B (stride %d), ring=%d, readers=%d, page=%d, control=%d, data=%d]"
                % (self.slot_count, self.slot_size, self.slot_stride, self.ring_capacity, self.max_readers,
                   self.page_size, self.control_size, self.data_size))


def _check(condition, message):
    if not condition:
        raise ValueError(message)
