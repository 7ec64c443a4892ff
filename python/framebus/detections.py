"""The payload of a DETECTIONS frame (docs/format.md, "Detections payload"; the Java
``io.framebus.pipeline.Detections``): a 40-byte header, then 24-byte entries of class id, score and box."""

import numpy as np

from . import _layout as L
from .errors import ChannelFormatError, FrameTooLargeError

ENTRY = np.dtype([("class_id", "<i4"), ("score", "<f4"), ("x1", "<f4"), ("y1", "<f4"), ("x2", "<f4"),
                  ("y2", "<f4")])
"""One detection: class (COCO's for producer 1, -1 for motion), confidence 0..1, corners in pixels."""
HEADER = np.dtype([("magic", "<i4"), ("version", "<i4"), ("frame_sequence", "<i8"), ("width", "<i4"),
                   ("height", "<i4"), ("producer", "<i4"), ("count", "<i4"), ("analysis_nanos", "<i8")])
assert ENTRY.itemsize == L.DETECTION_ENTRY_SIZE and HEADER.itemsize == L.DETECTIONS_HEADER_SIZE

COCO_DETECTOR = 1
MOTION = 2


class Detections:
    """A decoded payload: the analysed frame's sequence and size, the producer, and :attr:`boxes`, a structured
    array of :data:`ENTRY` (a zero-copy, read-only view of the payload when decoded from a held frame)."""

    __slots__ = ("frame_sequence", "width", "height", "producer", "analysis_nanos", "boxes")

    def __init__(self, frame_sequence, width, height, producer, analysis_nanos, boxes):
        self.frame_sequence = frame_sequence
        self.width = width
        self.height = height
        self.producer = producer
        self.analysis_nanos = analysis_nanos
        self.boxes = boxes

    def __len__(self):
        return len(self.boxes)

    def __repr__(self):
        return "Detections[frame %d, %dx%d, producer %d, %d boxes]" % (self.frame_sequence, self.width, self.height,
                                                                      self.producer, len(self.boxes))


def decode(payload):
    """Decodes a payload (bytes, memoryview or uint8 array), checking every count and length; raises
    ChannelFormatError for anything that is not a valid payload."""
    raw = np.frombuffer(payload, dtype=np.uint8) if not isinstance(payload, np.ndarray) else payload.reshape(-1)
    if raw.size < L.DETECTIONS_HEADER_SIZE:
        raise ChannelFormatError("detections payload of %d bytes is shorter than its header" % raw.size)
    h = raw[:L.DETECTIONS_HEADER_SIZE].view(HEADER)[0]
    if int(h["magic"]) != L.DETECTIONS_MAGIC or int(h["version"]) != L.DETECTIONS_VERSION:
        raise ChannelFormatError("not a detections payload (magic 0x%08x, version %d)" % (int(h["magic"]) & 0xFFFFFFFF,
                                                                                          int(h["version"])))
    count = int(h["count"])
    end = L.DETECTIONS_HEADER_SIZE + L.DETECTION_ENTRY_SIZE * count
    if count < 0 or end > raw.size:
        raise ChannelFormatError("detections payload claims %d entries but holds %d bytes" % (count, raw.size))
    boxes = raw[L.DETECTIONS_HEADER_SIZE:end].view(ENTRY)
    return Detections(int(h["frame_sequence"]), int(h["width"]), int(h["height"]), int(h["producer"]),
                      int(h["analysis_nanos"]), boxes)


def encode_into(target, frame_sequence, width, height, producer, analysis_nanos, boxes):
    """Writes a payload into ``target`` (a claim's writable uint8 array); ``boxes`` is a structured array of
    :data:`ENTRY` or a sequence of (class_id, score, x1, y1, x2, y2). Returns the payload's length."""
    entries = np.asarray(boxes, dtype=ENTRY) if not (isinstance(boxes, np.ndarray) and boxes.dtype == ENTRY) \
        else boxes
    entries = entries.reshape(-1)
    length = L.DETECTIONS_HEADER_SIZE + L.DETECTION_ENTRY_SIZE * entries.size
    if length > target.size:
        raise FrameTooLargeError("%d detections need %d bytes; the slot has %d" % (entries.size, length, target.size))
    header = np.zeros(1, HEADER)
    header[0] = (L.DETECTIONS_MAGIC, L.DETECTIONS_VERSION, frame_sequence, width, height, producer, entries.size,
                 analysis_nanos)
    target[:L.DETECTIONS_HEADER_SIZE] = header.view(np.uint8)
    target[L.DETECTIONS_HEADER_SIZE:length] = entries.view(np.uint8)
    return length


def publish(claim, frame_sequence, width, height, producer, analysis_nanos, boxes):
    """Writes a detections payload into ``claim``, marks it DETECTIONS and sets its length; returns the claim."""
    from .codes import FrameKind

    length = encode_into(claim.array, frame_sequence, width, height, producer, analysis_nanos, boxes)
    return claim.set_length(length).kind(FrameKind.DETECTIONS)
