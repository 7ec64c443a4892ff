"""The Python package against docs/layout.tsv, the machine-readable layout the Java flyweights are tested against too
(framebus/src/test/java/io/framebus/layout/LayoutSpecTest.java): a field, constant or code that differs between
the two implementations fails one of these tests."""

import os
import struct

import pytest

import framebus
from conftest import REPO
from framebus import _control
from framebus import _layout as L
from framebus import codes, detections

PREFIX = {"header": "H_", "statistics": "ST_", "link": "LK_", "ring": "RG_", "slot": "SD_", "row": "RR_",
          "detections": "DT_", "detection": "DE_"}
CODES = {"kind": codes.FrameKind, "pixel_format": codes.PixelFormat, "dtype": codes.DType, "mode": codes.ReaderMode,
         "backing": codes.Backing}


def number(text):
    return int(text, 16) if text.startswith("0x") else int(text)


def load_spec():
    fields, consts, code_sets = [], {}, {}
    with open(os.path.join(REPO, "docs", "layout.tsv")) as f:
        for raw in f:
            line = raw.split("#", 1)[0].split()
            if not line:
                continue
            if line[0] == "field":
                fields.append(dict(region=line[1], name=line[2], offset=number(line[3]),
                                   width=-1 if line[4] == "8*slots" else number(line[4]), type=line[5],
                                   access=line[6]))
            elif line[0] == "const":
                consts[line[1]] = number(line[2])
            elif line[0] == "code":
                code_sets.setdefault(line[1], []).append((line[2], number(line[3]),
                                                          number(line[4]) if len(line) > 4 else None))
            else:
                raise AssertionError("unknown line in layout.tsv: " + raw)
    return fields, consts, code_sets


FIELDS, CONSTS, CODE_SETS = load_spec()


@pytest.mark.parametrize("field", FIELDS, ids=lambda f: "%s.%s" % (f["region"], f["name"]))
def test_every_field_is_the_python_offset_of_its_name(field):
    attribute = PREFIX[field["region"]] + field["name"].upper()
    assert getattr(L, attribute) == field["offset"], attribute


def test_every_python_offset_is_in_the_spec():
    named = {PREFIX[f["region"]] + f["name"].upper() for f in FIELDS}
    for attribute in dir(L):
        if attribute.split("_", 1)[0] + "_" in PREFIX.values() and attribute.isupper():
            assert attribute in named, attribute + " is not in docs/layout.tsv"


def test_constants():
    for name, value in CONSTS.items():
        assert getattr(L, name) == value, name
    assert (L.STATE_INITIALIZING, L.STATE_OPEN, L.STATE_CLOSED) == tuple(v for _, v, _ in CODE_SETS["channel_state"])
    assert (L.ROW_FREE, L.ROW_ACTIVE) == tuple(v for _, v, _ in CODE_SETS["row_state"])
    assert (L.LINK_NONE, L.LINK_BRIDGE) == tuple(v for _, v, _ in CODE_SETS["link_kind"])


@pytest.mark.parametrize("code_set", sorted(CODES))
def test_codes(code_set):
    enum = CODES[code_set]
    stored = [(m.name, int(m), m.size if code_set == "dtype" else m.bytes_per_pixel if code_set == "pixel_format"
               else None) for m in enum if not (enum is codes.Backing and m == codes.Backing.AUTO)]
    assert stored == CODE_SETS[code_set]


def test_the_descriptor_copy_and_the_detections_dtypes_follow_the_spec():
    slot = {f["name"]: f for f in FIELDS if f["region"] == "slot"}
    raw = bytearray(L.SLOT_DESCRIPTOR_SIZE)
    values = {"length": 11, "kind": 2, "pixel_format": 3, "width": 4, "height": 5, "stride": 6, "dtype": 7, "rank": 8,
              "pts": 9, "capture_nanos": 10, "publish_nanos": 12, "tag": 13, "generation": 14, "origin": 15,
              "upstream": 16}
    for name, value in values.items():
        struct.pack_into("<q" if slot[name]["width"] == 8 else "<i", raw, slot[name]["offset"], value)
    struct.pack_into("<8q", raw, slot["shape"]["offset"], *range(21, 29))
    raw[slot["label"]["offset"]:slot["label"]["offset"] + 3] = b"abc"
    m = _control.Metadata(bytes(raw[L.SD_LENGTH:slot["upstream"]["offset"] + slot["upstream"]["width"]]))
    for name, value in values.items():
        assert getattr(m, name) == value, name
    assert m.shape == tuple(range(21, 29)) and m.label == "abc"
    for region, dtype in (("detections", detections.HEADER), ("detection", detections.ENTRY)):
        spec = [(f["name"], f["offset"], f["width"]) for f in FIELDS if f["region"] == region]
        ours = [(name, dtype.fields[name][1], dtype.fields[name][0].itemsize) for name in dtype.names]
        assert ours == spec, region


def test_the_derived_offsets_of_a_java_sized_channel():
    """The geometry of docs/format.md's worked example (8 slots of 1080p BGR24, ring 16, 16 readers, 2 MiB pages)."""
    g = L.Geometry(8, 6220800, 16, 16, L.HUGE_PAGE)
    assert (g.ring_offset, g.slot_table_offset, g.reader_table_offset, g.reader_row_size) == (2048, 2304, 4352, 320)
    assert (g.control_size, g.slot_stride, g.data_size) == (2 << 20, 6291456, 50331648)
    assert framebus.FrameKind.VIDEO == 1
