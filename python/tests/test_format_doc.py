"""docs/format.md against docs/layout.tsv: every field, constant and code in the document's tables is the spec's, and
every one of the spec's is in a table, so the document a third language is written from cannot drift from the two
implementations (which test_layout_spec.py and the Java LayoutSpecTest hold to the same file)."""

import os
import re

import pytest

from conftest import REPO
from framebus import _layout as L
from test_layout_spec import CODE_SETS, CONSTS, FIELDS, number

DOC = os.path.join(REPO, "docs", "format.md")
_TOKEN = re.compile(r"^`([a-z_]+)\.([A-Za-z0-9_]+)`$")


def table_rows():
    """(region or set, name, the other cells) of every table row whose first cell is a `region.name` token."""
    rows = []
    with open(DOC) as f:
        for line in f:
            line = line.strip()
            if not line.startswith("|"):
                continue
            cells = [c.strip() for c in line.strip("|").split("|")]
            match = _TOKEN.match(cells[0])
            if match:
                rows.append((match.group(1), match.group(2), cells[1:]))
    return rows


ROWS = table_rows()
REGIONS = {f["region"] for f in FIELDS}


def test_the_field_tables_are_the_spec():
    documented = []
    for region, name, cells in ROWS:
        if region in REGIONS:
            offset, width, kind, access = cells[:4]
            documented.append((region, name, number(offset), -1 if width == "8*slots" else number(width), kind, access))
    spec = [(f["region"], f["name"], f["offset"], f["width"], f["type"], f["access"]) for f in FIELDS]
    assert sorted(documented) == sorted(spec)
    assert len(documented) == len(set(documented)), "a field is documented twice"


def test_the_constant_table_is_the_spec():
    documented = {name: number(cells[0]) for region, name, cells in ROWS if region == "const"}
    assert documented == CONSTS


def test_the_code_table_is_the_spec():
    documented = {}
    for code_set, name, cells in ROWS:
        if code_set in CODE_SETS:
            element = number(cells[1]) if cells[1] else None
            documented.setdefault(code_set, []).append((name, number(cells[0]), element))
    assert documented == CODE_SETS
    unknown = {r for r, _, _ in ROWS} - REGIONS - set(CODE_SETS) - {"const"}
    assert not unknown, "table rows of unknown regions or code sets: %s" % unknown


@pytest.mark.parametrize("page", [L.SMALL_PAGE, L.HUGE_PAGE])
def test_the_worked_example(page):
    g = L.Geometry(8, 6220800, 16, 16, page)
    with open(DOC) as f:
        text = f.read().replace(",", "")
    example = text[text.index("Example ("):text.index("## 4.")]
    for value in (g.ring_offset, g.slot_table_offset, g.reader_table_offset, g.reader_row_size, g.control_size,
                  g.slot_stride, g.data_size):
        assert str(value) in example, value
