"""The table mapper's stored shortcuts agree with the general definitions they replace.

The mapper stores per cell and per row what it asks many times (`_Cell.numeric`, `_Row.has_numbers`,
…) instead of deriving it on every question. These tests derive each one the slow way from the
printed text and compare, on cells chosen to be awkward: placeholders, units, signs, separators,
spanned copies, ragged rows and text grids with line numbers.
"""

from __future__ import annotations

import pytest

from mining.model import Grid
from mining.normalize import compact
from mining.tables.mapper import _blank, _cell_facts, _new_cell, _rows
from mining.tables.text_grids import Block
from mining.tables.values import parse_value

TRICKY = [
    "",
    " ",
    "0",
    "12",
    "1,234",
    "1，234",
    "+1036",
    "-8",
    "－8",
    "12.3456",
    "251000元",
    "3.2万元",
    "/",
    "无",
    "—",
    "-",
    "--",
    "一一",
    "N/A",
    "自然人",
    "(三)不予公开",
    "1.属于国家秘密",
    "4 0",
    "10\n0",
    "其他",
    "总计",
    "1,23",
    "12件",
]


@pytest.mark.parametrize("raw", TRICKY)
def test_cell_facts_agree_with_parse_value(raw):
    v = parse_value(raw)
    cell = _new_cell(3, True, 7, raw)
    assert (cell.col, cell.spanned, cell.line, cell.raw, cell.value) == (3, True, 7, raw, v)
    assert cell.is_value == v.is_value
    assert cell.numeric == (v.value is not None)
    assert cell.blank == (v.placeholder == "blank")
    assert _cell_facts(raw) == (raw, v, v.is_value, v.value is not None, v.placeholder == "blank")


def _slow_rows(block: Block) -> list[tuple]:
    """The row split as the mapper defined it before its fields were stored: cell by cell."""
    grid = block.grid
    out = []
    for r, raw_row in enumerate(grid.rows):
        spanned = grid.spanned[r] if r < len(grid.spanned) else ()
        lines = block.lines[r] if r < len(block.lines) else ()
        cells = []
        for c, raw in enumerate(raw_row):
            line = lines[c] if c < len(lines) else (lines[-1] if lines else 0)
            cells.append((c, bool(c < len(spanned) and spanned[c]), line, raw))
        labels, last_text = [], -1
        for i, (_c, sp, _line, raw) in enumerate(cells):
            if parse_value(raw).is_value:
                continue
            last_text = i
            if labels and sp and labels[-1][3] == raw:
                continue
            labels.append(cells[i])
        region = cells[last_text + 1 :] if last_text >= 0 else cells
        text = compact("".join(c[3] for c in labels)) if labels else ""
        has_numbers = any(parse_value(c[3]).value is not None for c in region)
        label = " ".join(c[3].replace("\n", "") for c in labels)
        out.append((r, labels, region, cells, text, has_numbers, label))
    return out


GRIDS = [
    # merged label cells (spanned copies), placeholders and blanks in the value region
    Block(
        grid=Grid(
            rows=(
                ("申请人情况", "申请人情况", "自然人", "法人或其他组织", "法人或其他组织"),
                ("三、本年度办理结果", "(一)予以公开", "3", "", "/"),
                ("三、本年度办理结果", "(三)不予公开", "1.属于国家秘密", "—", "无"),
                ("", "", "", "", ""),
                ("总计", "总计", "1,234", "+5", "12.5万元"),
            ),
            spanned=(
                (False, True, False, False, True),
                (False, False, False, False, False),
                (True, False, False, False, False),
                (False, False, False, False, False),
                (False, True, False, False, False),
            ),
            source="html:table[1]",
        ),
        layout="grid",
    ),
    # a text grid: ragged rows, line numbers shorter than the row, no spanned marks at all
    Block(
        grid=Grid(rows=(("行政复议", "1", "2"), ("结果\n维持", "0"), ("1", "2", "3", "", "4"), ())),
        layout="tab",
        lines=((4, 4, 4), (5,), (), ()),
    ),
    # a row whose text cell comes after values, and a spanned copy of a different text
    Block(
        grid=Grid(
            rows=(("1", "其他", "2", "其他", "无"), ("自然人", "商业企业", "0", "0")),
            spanned=((False, False, False, True, False),),
        ),
        layout="pipe",
    ),
]


@pytest.mark.parametrize("block", GRIDS, ids=["grid", "tab", "pipe"])
def test_rows_agree_with_the_cell_by_cell_split(block):
    def key(cell):
        return (cell.col, bool(cell.spanned), cell.line, cell.raw)

    fast = _rows(block)
    slow = _slow_rows(block)
    assert len(fast) == len(slow)
    for row, (r, labels, region, cells, text, has_numbers, label) in zip(fast, slow, strict=True):
        assert row.block is block and row.index == r
        assert [key(c) for c in row.labels] == labels
        assert [key(c) for c in row.region] == region
        assert [key(c) for c in row.cells] == cells
        assert (row.text, row.has_numbers, row.label) == (text, has_numbers, label)
        # The mappers rely on this: a region holds values and placeholders only.
        assert all(c.is_value for c in row.region)


def test_blank_stand_in_cell_is_a_blank():
    row = _rows(GRIDS[1])[0]
    cell = _blank(row)
    assert (cell.col, cell.raw, cell.line, cell.blank, cell.is_value, cell.numeric) == (
        -1,
        "",
        4,
        True,
        True,
        False,
    )
