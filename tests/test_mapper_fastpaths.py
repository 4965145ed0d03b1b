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


@pytest.mark.parametrize("raw", ["12", "", "/", "3.2万元", "-8"])
@pytest.mark.parametrize("block", GRIDS, ids=["grid", "tab", "pipe"])
def test_made_cells_equal_the_dataclass_built_the_ordinary_way(block, raw):
    from mining.model import TableCell
    from mining.tables.mapper import _make_cell, new_table_cell

    row = _rows(block)[0]
    cell = _new_cell(2, False, 9 if block.layout == "tab" else 0, raw)
    v = parse_value(raw)
    source = "text:line 9" if block.layout == "tab" else block.grid.source
    for note in ("", " (note)"):
        made = _make_cell("t3.new.total", cell, row, "标签", note)
        slow = TableCell("t3.new.total", v.value, raw, "标签", 0, 2, source + note, v.unit, v.placeholder)
        assert made == slow and vars(made) == vars(slow) and repr(made) == repr(slow)
        assert list(vars(made)) == list(vars(slow))  # same field order: same JSON, same pickle
        args = ("k", v.value, raw, "标签", 1, 2, "src", v.unit, v.placeholder)
        assert new_table_cell(*args) == TableCell(*args)


def test_header_kind_agrees_with_the_header_test_before_and_after_data():
    from mining.tables.mapper import _HEADER, _HEADER_BEFORE_DATA, _t3_header_kind

    def slow(row, seen_data):
        from mining.tables.labels import match_t3_column

        if row.has_numbers:
            return False
        keys = [match_t3_column(c.raw) for c in row.labels]
        if any(k and k != "total" for k in keys) or "申请人情况" in row.text or "勾稽" in row.text:
            return True
        return not seen_data and any(keys)

    grid = Grid(
        rows=(
            ("申请人情况", "自然人", "总计"),
            ("总计", "", ""),
            ("合计", "1", "2"),
            ("勾稽关系", "", ""),
            ("(一)予以公开", "/", "—"),
            ("", "", ""),
        )
    )
    for row in _rows(Block(grid=grid, layout="grid")):
        kind = _t3_header_kind(row)
        for seen_data in (False, True):
            fast = kind == _HEADER or (kind == _HEADER_BEFORE_DATA and not seen_data)
            assert fast == slow(row, seen_data), row.text


@pytest.mark.parametrize("block", GRIDS, ids=["grid", "tab", "pipe"])
def test_cells_appended_per_row_equal_cells_made_one_by_one(block):
    from mining.tables.mapper import _append_cells, _make_cell

    for row in _rows(block):
        pairs = [(f"t3.x.{i}", c) for i, c in enumerate(row.cells)] + [("t3.none", None)]
        fast: list = []
        _append_cells(fast, pairs, row, row.label)
        slow = [_make_cell(k, c, row, row.label) for k, c in pairs if c is not None]
        assert fast == slow and [list(vars(c)) for c in fast] == [list(vars(c)) for c in slow]


def _full_width_values_slow(row, region, frame):
    """The full-width row reading as first written: cells looked up by column in a dict."""
    from mining.keys import T3_COLUMNS

    by_col = {c.col: c for c in row.cells}
    values = [by_col.get(frame[k]) if k in frame else None for k in T3_COLUMNS]
    label_cols = {c.col for c in row.labels}
    printed = [c for c in region if not c.blank]
    if len(printed) == len(T3_COLUMNS) and any(c.col not in set(frame.values()) for c in printed):
        return printed
    if len(region) >= len(T3_COLUMNS) and any(v is not None and v.col in label_cols for v in values):
        return list(region[-len(T3_COLUMNS) :])
    return values


def test_full_width_row_reading_agrees_with_the_dict_lookup():
    import random

    from mining.keys import T3_COLUMNS
    from mining.tables.mapper import _full_width_values

    rng = random.Random(5)
    texts = ["3", "0", "", "/", "—", "12.5"]
    checked = 0
    for _ in range(3000):
        n_labels = rng.randint(0, 3)
        width = rng.randint(n_labels, 11)
        row_cells = [f"标签{i}" for i in range(n_labels)] + [
            rng.choice(texts) for _ in range(width - n_labels)
        ]
        if rng.random() < 0.2 and width > n_labels:  # a text cell among the values
            row_cells[rng.randrange(n_labels, width)] = "(四)"
        spanned = tuple(rng.random() < 0.2 for _ in row_cells)
        (row,) = _rows(Block(grid=Grid(rows=(tuple(row_cells),), spanned=(spanned,)), layout="grid"))
        # A frame of four to seven table 三 columns at increasing grid columns, some beyond the row.
        keys = sorted(rng.sample(range(len(T3_COLUMNS)), rng.randint(4, 7)))
        start = rng.randint(0, 4)
        frame = {T3_COLUMNS[k]: start + i + rng.randint(0, 1) * i for i, k in enumerate(keys)}
        frame_at = [frame.get(k) for k in T3_COLUMNS]
        fast = _full_width_values(row, list(row.region), frame_at, set(frame.values()))
        assert fast == _full_width_values_slow(row, list(row.region), frame), (row_cells, frame)
        checked += fast is not None
    assert checked == 3000


def test_cells_appended_keep_each_cells_own_line_in_their_source():
    from mining.tables.mapper import _append_cells, _make_cell

    row = _rows(GRIDS[0])[1]
    cells = [_new_cell(i, False, line, "1") for i, line in enumerate([0, 3, 3, 0, 5, 5, 3])]
    out: list = []
    _append_cells(out, [(f"k{i}", c) for i, c in enumerate(cells)], row, "标签")
    assert [c.source for c in out] == [
        "html:table[1]",
        "text:line 3",
        "text:line 3",
        "html:table[1]",
        "text:line 5",
        "text:line 5",
        "text:line 3",
    ]
    assert out == [_make_cell(f"k{i}", c, row, "标签") for i, c in enumerate(cells)]


def test_table_two_header_test_agrees_with_the_union_check_it_replaced():
    from itertools import combinations

    from mining.keys import T2_2019, T2_2021
    from mining.tables.mapper import _one_template

    columns = sorted({k for cols in (*T2_2021.values(), *T2_2019.values()) for k in cols})
    for row_key in sorted(set(T2_2021) | set(T2_2019)) + ["unknown"]:
        valid = set(T2_2021.get(row_key, ())) | set(T2_2019.get(row_key, ()))
        for n in (1, 2, 3):
            for keys in combinations(columns, n):
                slow = all(k in valid for k in keys) and (
                    set(keys) <= set(T2_2021.get(row_key, ())) or set(keys) <= set(T2_2019.get(row_key, ()))
                )
                assert _one_template(row_key, keys) == slow, (row_key, keys)


def test_rows_printed_alike_share_their_split_and_keep_their_own_index():
    grid = Grid(rows=(("行政许可", "0"), ("行政许可", "0")), start=0, end=0, source="html:table[0]")
    first, second = _rows(Block(grid=grid, layout="grid"))
    assert (first.index, second.index) == (0, 1)
    assert first.cells is second.cells  # split once
    assert first.labels == second.labels and first.region == second.region


def test_cells_put_back_in_order_keep_the_row_they_came_from_even_when_shared():
    from mining.tables.mapper import _with_rows

    grid = Grid(rows=(("0", "0"), ("0", "0")), start=0, end=0, source="html:table[0]")
    r1, r2 = _rows(Block(grid=grid, layout="grid"))
    a, b = r1.cells  # r2 holds the very same two cells
    blank = _blank(r2)
    placed = [(a, r1), (b, r1), (a, r2), (b, r2)]
    got = _with_rows([a, b, blank, a, b], placed)
    # By identity alone both copies of a would go to r2; matched in order, the first stays in r1.
    assert [row.index for _, row in got] == [0, 0, 1, 1, 1]
    assert [c for c, _ in got] == [a, b, blank, a, b]
