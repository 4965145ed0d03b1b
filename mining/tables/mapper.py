"""Rows of cell grids -> canonical `TableCell`s of tables 二, 三 and 四.

Every grid, whatever its layout, becomes a stream of rows; each row is assigned to a table by the
section it sits in and by the words it prints (a row naming 申请人情况 is table 三 wherever it is), so
a table split over two grids (page break, repeated or missing header) simply continues. Each table
then has its own mapper:

- 二: the header row of each sub-table decides its columns (本年制发件数… is 2021, 本年新制作数量… or
  上一年项目数量… is 2019), so 2019 columns never land on 2021 keys. Without a header the number of
  values and the report's template decide.
- 三: rows by key phrases with the last group label carried forward; columns by the grid positions of
  the header (reader grids, pipe tables) or of the rows themselves (tab rows, whose label columns are
  often ragged), by count where blanks are lost (one cell per line, space rows).
- 三 transposed (applicant types as rows, the result rows as columns): found from its content (a
  header naming result labels side by side above applicant rows); columns by the header's grid
  positions, else by the result labels it names in template order, else by the number of values.
- 四: one row of 15 values, or three labelled rows of 5 (transposed), or the 15 values spread over
  label-less rows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import fields, replace
from functools import lru_cache
from itertools import filterfalse
from operator import attrgetter
from typing import NamedTuple

from ..keys import T2_2019, T2_2021, T3_COLUMNS, T3_GROUPS_2021, T4_COLUMNS, T4_ROWS, t3_rows
from ..model import Section, TableCell
from ..normalize import compact
from .labels import (
    match_t2_column,
    match_t2_row,
    match_t3_column,
    match_t3_label,
    match_t4_column,
    match_t4_row,
    t3_sub_at,
    table_kind,
)
from .text_grids import Block
from .values import CellValue, parse_value

_SECTION_KINDS = {
    "proactive": "t2",
    "requests": "t3",
    "review_litigation": "t4",
    "overview": "",
    "problems": "",
    "other": "",
}
_T4_NAMES = {
    "review": "行政复议",
    "suit_direct": "行政诉讼·未经复议直接起诉",
    "suit_after_review": "行政诉讼·复议后起诉",
}


class _Cell(NamedTuple):
    """One printed cell of a grid row (a named tuple: hundreds are made per report).

    ``is_value``, ``numeric`` and ``blank`` are stored, not derived: the mappers ask them of every
    cell several times, and a stored field is a C-level lookup where a property is a Python call.
    """

    col: int
    spanned: bool
    line: int
    """1-based text line of a text grid's cell, 0 for a reader's grid."""
    raw: str
    value: CellValue
    is_value: bool
    """A number or a recognised placeholder (`CellValue.is_value`): a cell of a value column."""
    numeric: bool
    """The cell holds a number."""
    blank: bool
    """The cell printed nothing."""


@lru_cache(maxsize=8192)
def _cell_facts(raw: str) -> tuple[str, CellValue, bool, bool, bool]:
    """Return the fields of a `_Cell` that depend on its text only: (raw, value, is_value, numeric, blank).

    The same texts (「0」, 「」, row labels) recur in every row and report, so they are read once.
    """
    v = parse_value(raw)
    return raw, v, v.is_value, v.value is not None, v.placeholder == "blank"


_tuple_new = tuple.__new__
# A named tuple's generated __new__ is a Python function; tuple.__new__ builds the same object in C.


def _new_cell(col: int, spanned: bool, line: int, raw: str) -> _Cell:
    """Return the `_Cell` at grid column `col` printing `raw`."""
    return _tuple_new(_Cell, (col, spanned, line) + _cell_facts(raw))


class _Row(NamedTuple):
    """One grid row split into its label cells and its value region."""

    block: Block
    index: int
    labels: tuple[_Cell, ...]
    """The text cells of the row, a spanned copy of the cell before it dropped."""
    region: tuple[_Cell, ...]
    """The cells after the last text cell: where the values are (every one `is_value`)."""
    cells: tuple[_Cell, ...]
    """Every cell of the row, ``cells[j].col == j``."""
    text: str
    """The label cells compacted into one string (what `table_kind` and the phrase tests read)."""
    has_numbers: bool
    """Some cell of the region holds a number."""
    label: str
    """The row label as printed: the label cells joined by a space, line breaks dropped."""


def _rows(block: Block) -> list[_Row]:
    grid = block.grid
    out = []
    n_spanned, n_lines = len(grid.spanned), len(block.lines)
    tnew = _tuple_new
    # A text grid's cells carry their line numbers, so its rows never recur: no cache for them.
    split = _row_cells.__wrapped__ if n_lines else _row_cells
    for r, raw_row in enumerate(grid.rows):
        width = len(raw_row)
        spanned = grid.spanned[r] if r < n_spanned else ()
        if len(spanned) < width:
            spanned = (*spanned, *(False,) * (width - len(spanned)))
        if n_lines:
            lines = block.lines[r] if r < n_lines else ()
            if len(lines) < width:
                lines = (*lines, *(lines[-1] if lines else 0,) * (width - len(lines)))
        else:
            lines = _no_lines(width)  # (one object per width: the row cache compares it by identity)
        out.append(tnew(_Row, (block, r, *split(tuple(raw_row), tuple(spanned), tuple(lines)))))
    return out


@lru_cache(maxsize=64)
def _no_lines(width: int) -> tuple[int, ...]:
    """Return the line numbers of a reader's grid row of `width` cells: 0 (not a text line) for each."""
    return (0,) * width


@lru_cache(maxsize=4096)
def _row_cells(
    raw_row: tuple[str, ...], spanned: tuple[bool, ...], lines: tuple[int, ...]
) -> tuple[tuple[_Cell, ...], tuple[_Cell, ...], tuple[_Cell, ...], str, bool, str]:
    """Return the fields of a `_Row` after its block and index: (labels, region, cells, text,
    has_numbers, label). Rows recur from report to report (the label rows, the rows of zeros), so a
    row printed the same way is split once; its cells are then shared (the mappers never tell cells
    apart by identity)."""
    tnew, facts = _tuple_new, _cell_facts
    cells: list[_Cell] = []
    labels: list[_Cell] = []
    last_text = last_number = -1
    # One pass builds the cells and finds the label cells (text) and the last number.
    for c, raw, sp, ln in zip(range(len(raw_row)), raw_row, spanned, lines, strict=False):  # pads ≥ width
        f = facts(raw)
        cell = tnew(_Cell, (c, sp, ln) + f)
        cells.append(cell)
        if f[2]:  # is_value
            if f[3]:  # numeric
                last_number = c
            continue
        last_text = c
        if labels and sp and labels[-1].raw == raw:
            continue
        labels.append(cell)
    region = tuple(cells[last_text + 1 :])
    if labels:
        raws = [c.raw for c in labels]
        text = compact("".join(raws))
        label = " ".join(raws).replace("\n", "")  # (the separator holds no line break)
    else:
        text = label = ""
    return tuple(labels), region, tuple(cells), text, last_number > last_text, label


def _section_kind(pos: int, sections: Sequence[Section]) -> str | None:
    for s in sections:
        if s.key in _SECTION_KINDS and s.heading_start <= pos < s.end:
            return _SECTION_KINDS[s.key]
    return None


def assign_rows(blocks: Iterable[Block], sections: Sequence[Section]) -> dict[str, list[_Row]]:
    """Return the rows of every block grouped by the table they belong to (``t2``, ``t3``, ``t4``)."""
    out: dict[str, list[_Row]] = {"t2": [], "t3": [], "t4": []}
    current: str | None = None
    for block in blocks:
        by_section = _section_kind(block.grid.start, sections)
        if by_section is not None:
            current = by_section or None
        for row in _rows(block):
            kind = table_kind(row.text)
            if kind:
                current = kind
            elif current == "t3" and not row.labels and len(row.region) >= 15:
                current = "t4"  # table 四's value row after a missing header
            if current:
                out[current].append(row)
    return out


_CELL_FIELDS = tuple(f.name for f in fields(TableCell))
# A report makes hundreds of cells and a frozen dataclass's __init__ sets each field through
# object.__setattr__ (about a microsecond per cell). When TableCell is a plain frozen dataclass
# (no __slots__, no __post_init__) filling its __dict__ builds the same object three times faster;
# tests/test_tables_formats.py checks that both ways give equal cells.
_FAST_CELLS = (
    not hasattr(TableCell, "__slots__")
    and not hasattr(TableCell, "__post_init__")
    and _CELL_FIELDS == ("key", "value", "raw", "row_label", "row", "col", "source", "unit", "placeholder")
)
_new = object.__new__


def new_table_cell(
    key: str,
    value: int | float | None,
    raw: str,
    row_label: str,
    row: int,
    col: int,
    source: str,
    unit: str | None,
    placeholder: str | None,
) -> TableCell:
    """Return ``TableCell(key, value, raw, row_label, row, col, source, unit, placeholder)``, fast."""
    if not _FAST_CELLS:
        return TableCell(key, value, raw, row_label, row, col, source, unit, placeholder)
    cell = _new(TableCell)
    # Item by item, in field order: cheaper than dict.update(**fields), which builds a dict first.
    d = cell.__dict__
    d["key"] = key
    d["value"] = value
    d["raw"] = raw
    d["row_label"] = row_label
    d["row"] = row
    d["col"] = col
    d["source"] = source
    d["unit"] = unit
    d["placeholder"] = placeholder
    return cell


def _make_cell(key: str, cell: _Cell, row: _Row, row_label: str, note: str = "") -> TableCell:
    """Return the `TableCell` of `cell` read under `key`."""
    v = cell.value
    source = f"text:line {cell.line}" if cell.line else row.block.grid.source
    return new_table_cell(
        key, v.value, cell.raw, row_label, row.index, cell.col, source + note, v.unit, v.placeholder
    )


def _append_cells(
    out: list[TableCell], pairs: Iterable[tuple[str, _Cell | None]], row: _Row, row_label: str
) -> None:
    """Append to `out` the `TableCell` of each (key, cell) of `pairs` read from `row`, skipping a None
    cell: `_make_cell` for a whole row of table 三 in one call (its ~170 cells are most of a report's)."""
    grid_source = row.block.grid.source
    index = row.index
    last_line, source = 0, grid_source
    for key, cell in pairs:
        if cell is None:
            continue
        if cell.line != last_line:  # a text row's cells mostly share their line
            last_line = cell.line
            source = f"text:line {last_line}" if last_line else grid_source
        v = cell.value
        out.append(
            new_table_cell(key, v.value, cell.raw, row_label, index, cell.col, source, v.unit, v.placeholder)
        )


_col_of = attrgetter("col")
_blank_of = attrgetter("blank")
# C-level field getters: the full-width table 三 path maps, filters and compares the columns of every
# row's cells; with these the loops run in C instead of a comprehension per row.


def _blank(row: _Row) -> _Cell:
    """Return a blank cell standing for one a text export dropped (an empty field at a line's end)."""
    anchor = row.labels[0] if row.labels else (row.cells[0] if row.cells else None)
    return _new_cell(-1, False, anchor.line if anchor else 0, "")


# ---------------------------------------------------------------- table 二
def map_t2(rows: Sequence[_Row], template_hint: str | None) -> list[TableCell]:
    """Return the table 二 cells; columns come from each sub-table's header row."""
    out: list[TableCell] = []
    header: list[tuple[int, str]] | None = None
    header_block: Block | None = None
    header_keys: tuple[str, ...] = ()
    votes = Counter()
    for row in rows:
        if not row.has_numbers:
            cols = [(c.col, match_t2_column(c.raw)) for c in row.labels if not c.spanned]
            found = [(col, key) for col, key in cols if key]
            names_row = any(match_t2_row(c.raw) for c in row.labels)
            if "第二十条" in row.text and not found:
                header = None  # a new sub-table starts; its own header follows
            elif found and not names_row:
                header, header_block = found, row.block
                header_keys = tuple(key for _, key in found)
                for _, key in found:
                    if key in ("issued", "repealed", "in_force"):
                        votes["2021"] += 1
                    elif key in ("made", "published", "total", "previous", "change", "items"):
                        votes["2019"] += 1
                continue
            if not names_row:
                continue
        row_key = next((k for k in (match_t2_row(c.raw) for c in reversed(row.labels)) if k), None)
        if row_key is None:
            continue
        values = [c for c in row.region if not c.spanned]
        pairs: list[tuple[str, _Cell]] = []
        # (every header key a column of the row's table: `_one_template` implies it)
        if header and _one_template(row_key, header_keys):
            cols = {col for col, _ in header}
            printed = [c for c in values if not c.blank]
            if header_block is row.block and row.block.positional and all(c.col in cols for c in printed):
                by_col = {c.col: c for c in values}
                pairs = [(key, by_col.get(col) or _blank(row)) for col, key in header]
            else:
                # Trailing blank cells a text export lost are the blanks of the header's last columns.
                padded = values + [_blank(row)] * (len(header) - len(values))
                pairs = list(zip([key for _, key in header], padded, strict=False))
        else:
            while values and values[-1].blank:
                values.pop()
            template = "2019" if votes["2019"] > votes["2021"] else "2021" if votes["2021"] else template_hint
            pairs = list(zip(_t2_fallback(row_key, len(values), template), values, strict=False))
        for key, cell in pairs:
            out.append(_make_cell(f"t2.{row_key}.{key}", cell, row, row.label))
    return out


@lru_cache(maxsize=1024)
def _one_template(row_key: str, header_keys: tuple[str, ...]) -> bool:
    """True when the header's columns are all columns of row `row_key` in one template (2021 or 2019)."""
    keys = set(header_keys)
    return keys <= set(T2_2021.get(row_key, ())) or keys <= set(T2_2019.get(row_key, ()))


def _t2_fallback(row_key: str, n: int, template: str | None) -> tuple[str, ...]:
    """Return the columns of a table 二 row printed without a header, from its value count first."""
    options = [cols for cols in (T2_2021.get(row_key), T2_2019.get(row_key)) if cols]
    fitting = [cols for cols in options if len(cols) == n]
    if len(fitting) == 1:
        return fitting[0]
    preferred = T2_2019.get(row_key) if template == "2019" else T2_2021.get(row_key)
    return preferred or options[0]


# ---------------------------------------------------------------- table 三
def _t3_header_frame(rows: Sequence[_Row]) -> dict[str, int]:
    frame: dict[str, int] = {}
    for row in rows:
        if row.has_numbers:
            continue
        for c in row.labels:
            key = match_t3_column(c.raw)
            if key and key not in frame:
                frame[key] = c.col
    ordered = [frame[k] for k in T3_COLUMNS if k in frame]
    if len(frame) < 4 or ordered != sorted(ordered) or len(set(ordered)) != len(ordered):
        return {}
    return frame


_HEADER, _HEADER_BEFORE_DATA = 2, 1


def _t3_header_kind(row: _Row) -> int:
    """Return ``_HEADER`` for a table 三 header row, ``_HEADER_BEFORE_DATA`` for a row that is one only
    before the first data row (it names 总计 alone), else 0. `map_t3` asks it once per row and adds the
    state (has a data row been read) itself."""
    if row.has_numbers:
        return 0
    keys = [match_t3_column(c.raw) for c in row.labels]
    if any(k and k != "total" for k in keys) or "申请人情况" in row.text or "勾稽" in row.text:
        return _HEADER
    return _HEADER_BEFORE_DATA if any(keys) else 0


def _trim(region: Sequence[_Cell]) -> list[_Cell]:
    cells = list(region)
    while cells and cells[0].blank:
        cells.pop(0)
    while cells and cells[-1].blank:
        cells.pop()
    return cells


def _modal_frame(rows: Sequence[_Row]) -> dict[str, int]:
    starts = Counter()
    for row in rows:
        trimmed = _trim(row.region)
        if len(trimmed) == len(T3_COLUMNS) and row.labels:
            starts[trimmed[0].col] += 1
    if not starts:
        return {}
    start = starts.most_common(1)[0][0]
    return {key: start + i for i, key in enumerate(T3_COLUMNS)}


def _recover(values: list[_Cell | None]) -> tuple[int, int] | None:
    """Return (index, value) of the one cell a row did not print, from 总计 = Σ applicants, else None."""
    missing = [i for i, c in enumerate(values) if c is None]
    if len(missing) != 1:
        return None
    nums = [c.value.value for c in values if c is not None]
    if any(not isinstance(v, int) for v in nums):
        return None
    i = missing[0]
    if i == len(values) - 1:
        return i, sum(nums)
    rest = values[-1].value.value - sum(nums[:-1])  # type: ignore[union-attr]
    return (i, rest) if rest >= 0 else None


def _fill_gaps(parts: list[list[_Cell]], width: int) -> list[_Cell] | None:
    """Return the row rebuilt from parts split by empty lines, or None when the blanks are ambiguous.

    Each gap between two parts held at least one blank cell; the row is only rebuilt when that is
    all of them (one blank per gap) or when a single gap holds every missing cell. An empty first
    part (the label stood alone) is a leading gap only when the inner gaps do not explain the blanks:
    the empty line after a label is as often a merged label cell printed empty.
    """
    lead = not parts[0]
    parts = [p for p in parts if p]
    missing = width - sum(len(p) for p in parts)
    if missing < 0 or not parts:
        return None
    inner = len(parts) - 1
    if missing == 0:
        fills = [0] * inner
    elif inner and (missing == inner or inner == 1):
        fills = [1 if inner > 1 else missing] * inner
    elif lead and missing == inner + 1:
        fills = [1] * inner
        parts[0] = [_new_cell(-1, False, parts[0][0].line, ""), *parts[0]]
    elif lead and inner == 0:
        parts[0] = [_new_cell(-1, False, parts[0][0].line, "")] * missing + parts[0]
        fills = []
    else:
        return None
    out: list[_Cell] = list(parts[0])
    for fill, part in zip(fills, parts[1:], strict=True):
        out += [_new_cell(-1, False, part[0].line, "")] * fill
        out += part
    return out


def _prints_its_total(region: Sequence[_Cell], placed: Sequence[_Cell | None]) -> bool:
    """True when a row one cell short, placed by position with its 总计 missing, does print its total:
    its last seven cells (a blank after the label, then six values) satisfy 总计 = Σ applicants with
    numbers that are not all zero. Then the blank is an applicant cell, as one cell per line and
    reader grids read it, and the row is not shifted left with a total made up from its values."""
    n = len(T3_COLUMNS)
    if len(region) < n or placed[-1] is not None or sum(c is None for c in placed) != 1:
        return False
    last = list(region[-n:])
    if not last[0].blank or any(c.blank for c in last[1:]):
        return False
    nums = [c.value.value for c in last[1:]]
    if any(not isinstance(v, int) for v in nums) or not any(nums):
        return False
    return sum(nums[:-1]) == nums[-1]  # type: ignore[arg-type]


def _count_based(values: list[_Cell]) -> list[_Cell | None] | None:
    """Return 7 cells for a row aligned by count only; a row one short only when every reading agrees."""
    n = len(T3_COLUMNS)
    if len(values) >= n:
        return list(values[:n])
    if len(values) != n - 1 or any(not isinstance(c.value.value, int) for c in values):
        return None
    readings = set()
    for gap in range(n):
        cand: list[_Cell | None] = list(values[:gap]) + [None] + list(values[gap:])
        rec = _recover(cand)
        if rec is None:
            continue
        full = [c.value.value if c is not None else rec[1] for c in cand]
        readings.add(tuple(full))
    if len(readings) != 1:
        return None
    return [*values, None]  # every reading gives the same numbers: fill the missing total


def _named_row(m) -> tuple[str | None, str] | None:  # noqa: ANN001 - a labels.match_t3_label result
    """Return (group, key) when a matched label names its row itself: a sub-row, a leaf row, or a group
    alone (``group:X``); None for a bare number or 「其他」, whose row depends on the group around it."""
    if m.sub:
        return m.group, f"{m.group}.{m.sub}"
    if m.leaf:
        return None, m.leaf
    if m.group:
        return m.group, f"group:{m.group}"
    return None


@lru_cache(maxsize=256)
def _t3_keys(row_key: str) -> tuple[str, ...]:
    """Return the cell keys of table 三 row `row_key`, in column order (``t3.{row}.{column}``)."""
    return tuple(f"t3.{row_key}.{col}" for col in T3_COLUMNS)


def _full_width_values(
    row: _Row, region: Sequence[_Cell], frame_at: Sequence[int | None], frame_cols: set[int]
) -> list[_Cell | None]:
    """Return the seven cells of a full-width table 三 row under a header frame: ``frame_at`` the grid
    column of each of `T3_COLUMNS` (None: not in the header), ``frame_cols`` the set of those columns.

    A row's cell at grid column j is ``cells[j]`` (`_Row.cells`), so the header's columns index the
    row directly, and they fall on a label cell exactly when `frame_cols` holds a label's column.
    """
    cells, n_cells = row.cells, len(row.cells)
    values = [cells[j] if j is not None and j < n_cells else None for j in frame_at]
    printed = list(filterfalse(_blank_of, region))
    if len(printed) == len(T3_COLUMNS) and not frame_cols.issuperset(map(_col_of, printed)):
        # Seven cells printed, not under the header's columns: the row is shifted (a label cell too
        # few or too many); the seven are the columns.
        return printed
    if len(region) >= len(T3_COLUMNS) and not frame_cols.isdisjoint(map(_col_of, row.labels)):
        # The header's columns fall on the row's label: a corner printed without its colspan (or a
        # label cell too many) shifted the grid; the values are the row's end.
        return list(region[-len(T3_COLUMNS) :])
    return values


def map_t3(rows: Sequence[_Row]) -> list[TableCell]:
    """Return the table 三 cells (rows by key phrase and group, columns by header, position or count)."""
    out: list[TableCell] = []
    group: str | None = None
    last_key: str | None = None
    seen_data = False
    prev_header: tuple[dict[str, int], int] | None = None
    by_block: dict[int, list[_Row]] = {}
    order: list[Block] = []
    for row in rows:
        if id(row.block) not in by_block:
            by_block[id(row.block)] = []
            order.append(row.block)
        by_block[id(row.block)].append(row)
    transposed: _Columns | None = None
    for block in order:
        block_rows = by_block[id(block)]
        if is_transposed_t3(block_rows) or (
            transposed is not None and any(_is_applicant_row(r) for r in block_rows)
        ):
            cells, transposed = map_t3_transposed(block_rows, transposed)
            out += cells
            continue
        kinds = [_t3_header_kind(r) for r in block_rows]
        header = _t3_header_frame(
            [r for r, k in zip(block_rows, kinds, strict=True) if k == _HEADER or (k and not seen_data)]
        )
        width = block.grid.n_cols
        if header:
            prev_header = (header, width)
        elif block.full_width and prev_header and prev_header[1] == width:
            header = prev_header[0]
        frame: dict[str, int] = {}
        if block.full_width:
            frame = header
        elif block.layout == "tab":
            # Tab rows print the whole grid width; one cell per line prints merged label cells only
            # where they were covered, so its label columns are ragged and only the row's end counts.
            frame = _modal_frame(block_rows) or header
        # Asked of every row below: computed once per block (`positional` is a property).
        positional, full_width = block.positional, block.full_width
        frame_cols = set(frame.values())  # (a frame's keys are T3_COLUMNS: the columns frame_at names)
        frame_at = [frame.get(k) for k in T3_COLUMNS]  # the grid column of each column, else None
        skip = 0
        for n, row in enumerate(block_rows):
            if skip:
                skip -= 1
                continue
            if kinds[n] == _HEADER or (kinds[n] and not seen_data):
                continue  # a header row
            key = None
            for c in row.labels:
                m = match_t3_label(c.raw)
                if m is None or m.container:
                    continue
                named = _named_row(m)
                if named:
                    group, key = named
                elif m.bare_other:
                    key = "other.other" if group == "other" or (last_key or "").startswith("other.") else None
                elif m.number is not None and group:
                    sub = t3_sub_at(group, m.number)
                    key = f"{group}.{sub}" if sub else None
            if key is None:
                continue
            region = list(row.region)
            merged = False
            if not positional and len(_trim(region)) < 7:
                parts = [_trim(region)]  # an empty first part: the row's first cells were blank
                k = n + 1
                while k < len(block_rows) and not block_rows[k].labels and _trim(block_rows[k].region):
                    parts.append(_trim(block_rows[k].region))
                    k += 1
                if k > n + 1:
                    # Blank cells exported as empty lines split the row: each gap holds blanks.
                    skip = k - n - 1
                    merged = True
                    region = _fill_gaps(parts, len(T3_COLUMNS)) or []
                    if not region:
                        continue  # the blanks could sit in more than one way: leave the row out
            if not region and key == "group:other" and not full_width and not merged:
                nxt = block_rows[n + 1] if n + 1 < len(block_rows) else None
                m = next((match_t3_label(c.raw) for c in nxt.labels), None) if nxt and nxt.labels else None
                if m is not None and (m.sub or m.bare_other or (m.number is not None and not m.leaf)):
                    continue  # 2021: the heading of the 其他处理 sub-rows
                key = "other"  # 2019: the single 其他处理 row, printed empty
            if not region and not key.startswith("group:") and not full_width:
                region = [_blank(row)] * len(T3_COLUMNS)  # a row of blanks, its empty fields lost
            if not region:  # (every cell of a region is a value or a placeholder)
                continue
            if key.startswith("group:"):
                if key != "group:other":
                    continue  # a printed group subtotal: the derived sums are computed, not read
                key = "other"  # 2019: (六)其他处理 is a single row
            seen_data = True
            values: list[_Cell | None] | None = None
            recovered_ok = False
            if not full_width and all(c.blank for c in region):
                values = [region[0]] * len(T3_COLUMNS)  # every cell of the row left empty
            elif full_width:
                if frame:
                    values = _full_width_values(row, region, frame_at, frame_cols)
                else:
                    values = region[-7:] if len(region) >= 7 else [*region, *([None] * (7 - len(region)))]
                recovered_ok = True
            else:
                if frame:
                    printed = list(filterfalse(_blank_of, region))
                    if printed and frame_cols.issuperset(map(_col_of, printed)):
                        by_col = dict(zip(map(_col_of, region), region, strict=True))
                        values = [by_col.get(j) if j is not None else None for j in frame_at]
                        recovered_ok = True
                        if _prints_its_total(region, values):
                            values = list(region[-len(T3_COLUMNS) :])  # read as the other layouts do
                n_cols = len(T3_COLUMNS)
                if values is None and positional and len(region) >= n_cols:
                    if all(c.blank for c in region[:-n_cols]):
                        # Every cell printed, blanks too: the row's last seven are the columns.
                        values, recovered_ok = list(region[-n_cols:]), True
                if values is None:
                    values = _count_based(region if merged else _trim(region))
                    recovered_ok = values is not None
            if values is None:
                continue
            row_label = row.label
            rec = _recover(values) if recovered_ok and None in values else None
            if rec is None:
                _append_cells(out, zip(_t3_keys(key), values, strict=True), row, row_label)
                last_key = key
                continue
            for i, (tkey, cell) in enumerate(zip(_t3_keys(key), values, strict=True)):
                if cell is not None:
                    out.append(_make_cell(tkey, cell, row, row_label))
                elif rec and rec[0] == i:
                    src = next(c for c in values if c is not None)
                    made = _make_cell(
                        tkey, src, row, row_label, " (not printed: recovered from the row total)"
                    )
                    out.append(replace(made, value=rec[1], raw="", col=-1, unit=None, placeholder=None))
            last_key = key
    return out


# ---------------------------------------------------------------- table 三 transposed
# Applicant types down the first column(s), the result rows of the template across (domain.md §9.2).
_T3_SPECIFIC = frozenset(T3_COLUMNS[:5])
_T3_RANK: dict[str, float] = {k: n for n, k in enumerate(t3_rows("2021"))}
"""Template order of the row keys; 2019's single 其他处理 and a group's subtotal sit before its sub-rows."""
_T3_RANK["other"] = _T3_RANK["other.no_correction"] - 0.5
_T3_RANK.update({f"group:{g}": _T3_RANK[f"{g}.{subs[0]}"] - 0.25 for g, subs in T3_GROUPS_2021.items()})


_LEGAL_GROUP = ("法人或者其他组织", "法人或其他组织")


@lru_cache(maxsize=8192)
def _applicant_word(raw: str) -> str | None:
    """Return the applicant column of a row label, the group word 「法人或其他组织」 printed before it
    in the same cell (flattened text) dropped."""
    flat = compact(raw)
    for group in _LEGAL_GROUP:
        if flat.startswith(group) and len(flat) > len(group):
            flat = flat[len(group) :]
    return match_t3_column(flat)


def _applicant_key(row: _Row) -> str | None:
    """Return the applicant column a row names (自然人 … 总计) when it names exactly one, else None."""
    found = None
    for c in row.labels:
        k = _applicant_word(c.raw)
        if k and k != found:
            if found:
                return None
            found = k
    return found


def _is_applicant_row(row: _Row) -> bool:
    return bool(row.labels and row.region) and _applicant_key(row) is not None


def _result_label(text: str):
    m = match_t3_label(text)
    return None if m is None or m.container else m


def _names_results_across(row: _Row) -> bool:
    """True when a row prints four result labels or more side by side: a transposed table's header."""
    found = set()
    for c in row.labels:
        m = _result_label(c.raw)
        if m is not None and (m.leaf or m.group or m.sub):
            found.add((m.leaf, m.group, m.sub))
    return len(found) >= 4


def is_transposed_t3(rows: Sequence[_Row]) -> bool:
    """True when `rows` (one grid) are table 三 transposed: applicant types as rows, results as columns.

    Either a header row names four result labels or more side by side above an applicant row, or (no
    header) three applicant rows, two of them organisation types, each print twenty values or more.
    A table in the national layout has neither: its applicant words are header cells over no values.
    """
    applicant = [r for r in rows if _is_applicant_row(r)]
    if not applicant:
        return False
    if any(_names_results_across(r) for r in rows if not _is_applicant_row(r)):
        return True  # a page may hold the header and a single applicant row
    keys = {_applicant_key(r) for r in applicant}
    if len(applicant) < 3 or len(keys) < 3 or len(keys & _T3_SPECIFIC) < 2:
        return False
    return all(len(r.region) >= 20 for r in applicant)


def _resolve_column(texts: Sequence[str]) -> str | None:
    """Return the row key a column's header texts (top to bottom) name, ``group:X`` for a group alone."""
    key: str | None = None
    group: str | None = None
    for text in texts:
        m = _result_label(text) if text else None
        if m is None:
            continue
        named = _named_row(m)
        if named:
            group, key = named
        elif group and m.number is not None:
            sub = t3_sub_at(group, m.number)
            key = f"{group}.{sub}" if sub else key
        elif group == "other" and m.bare_other:
            key = "other.other"
    return key


def _settle(keys: list[str | None]) -> list[str | None] | None:
    """Return column keys with group-only columns settled (2019 （六）其他处理 is a row; a printed group
    subtotal becomes ``skip``), or None when a key repeats or the two templates' 其他处理 mix."""
    named = [k for k in keys if k]
    subs = {k.split(".")[0] for k in named if "." in k}
    out: list[str | None] = []
    for k in keys:
        if k and k.startswith("group:"):
            group = k[6:]
            k = "other" if group == "other" and "other" not in subs else "skip"
        out.append(k)
    real = [k for k in out if k and k != "skip"]
    if len(real) != len(set(real)) or ("other" in real and "other" in subs):
        return None
    return out


def _positional_frame(header: Sequence[_Row], width: int) -> dict[int, str] | None:
    """Return {grid column: row key} from header rows whose cells keep their grid positions.

    A group label printed once over the empty cells of its span (text exports of merged cells)
    carries right over them, so 「3.其他」 under it is read as that group's sub-row.
    """
    stacks: list[list[str]] = [[] for _ in range(width)]
    for row in header:
        texts = [""] * width
        for c in row.cells:
            if 0 <= c.col < width and not c.is_value:
                texts[c.col] = c.raw
        carry = ""
        for j, text in enumerate(texts):
            if text:
                m = _result_label(text)
                carry = text if m is not None and m.group and not m.sub else ""
            elif carry:
                texts[j] = carry
        for j, text in enumerate(texts):
            if text and (not stacks[j] or stacks[j][-1] != text):
                stacks[j].append(text)
    keys = _settle([_resolve_column(st) for st in stacks])
    if keys is None:
        return None
    frame = {j: k for j, k in enumerate(keys) if k}
    return frame if len([k for k in frame.values() if k != "skip"]) >= 20 else None


_GROUP_WORDS = {
    "withheld": "不予公开",
    "unavailable": "无法提供",
    "not_processed": "不予处理",
    "other": "其他处理",
}


def _header_columns(header: Sequence[_Row]) -> list[str] | None:
    """Return the row keys a header names, in template order (its positions do not hold), or None.

    A numbered label with no words of its own (「3.其他」) belongs to the group of the sub-row label
    printed before it in the same header row.
    """
    keys: list[str] = []
    for row in header:
        group = None
        for c in row.labels:
            m = _result_label(c.raw)
            if m is None:
                continue
            key = _resolve_column([c.raw])
            if key is None and group and (m.number is not None or m.bare_other):
                key = _resolve_column([_GROUP_WORDS[group], c.raw])
            if key and "." in key and not key.startswith("group:"):
                group = key.split(".")[0]
            if key:
                keys.append(key)
    subs = {k.split(".")[0] for k in keys if "." in k and not k.startswith("group:")}
    named = {k for k in keys if not (k.startswith("group:") and k[6:] in subs)}
    settled = _settle(sorted(named, key=lambda k: _T3_RANK.get(k, 99)))
    if not settled or len([k for k in settled if k != "skip"]) < 20:
        return None
    return [k or "skip" for k in settled]


def _counted_pairs(header_cols: list[str] | None, region: list[_Cell]) -> list[tuple[str, _Cell]] | None:
    """Return (row key, cell) for a row read by count: the header's columns, else (no header seen) the
    template order whose number of rows (23 in 2019, 25 in 2021) the row prints; extra leading blanks
    are label cells."""
    options = [header_cols] if header_cols else [list(t3_rows("2021")), list(t3_rows("2019"))]
    for cols in options:
        extra = len(region) - len(cols)
        if extra >= 0 and all(c.blank for c in region[:extra]):
            return list(zip(cols, region[extra:], strict=True))
    return None


def _holds_two_values(cell: _Cell) -> bool:
    """True when a cell prints two values side by side on one line (「4 0」「无 无」): two columns merged
    into one. A number wrapped in a narrow cell (「10\n0」) is one value."""
    for line in cell.raw.split("\n"):
        parts = line.split()
        if len(parts) > 1 and all(parse_value(p).is_value for p in parts):
            return True
    return False


class _Columns(NamedTuple):
    """How a transposed table 三's columns were read: grid positions and/or the header's keys in order."""

    frame: dict[int, str] | None
    keys: list[str] | None
    width: int


def map_t3_transposed(
    rows: Sequence[_Row], before: _Columns | None = None
) -> tuple[list[TableCell], _Columns]:
    """Return the cells of one transposed table 三 grid and the columns it was read with.

    Columns come from the header's grid positions (reader grids, pipe tables, tab rows), else from
    the result labels it names in template order, counted against each row's values, else from the
    number of values (23: 2019, 25: 2021). A grid continuing the table on a new page without a header
    reads with the columns of the grid `before`.
    """
    first = next((i for i, r in enumerate(rows) if _is_applicant_row(r)), len(rows))
    header = [r for r in rows[:first] if r.labels]
    width = max((len(r.cells) for r in rows), default=0)
    positional = bool(rows) and rows[0].block.layout in ("grid", "pipe", "tab")
    if header:
        columns = _Columns(
            _positional_frame(header, width) if positional else None, _header_columns(header), width
        )
    elif before is not None:
        columns = _Columns(before.frame if positional and before.width == width else None, before.keys, width)
    else:
        columns = _Columns(None, None, width)
    frame, header_cols = columns.frame, columns.keys
    out: list[TableCell] = []
    for row in rows[first:]:
        app = _applicant_key(row) if row.labels else None
        if app is None or not row.region:
            continue
        if any(_holds_two_values(c) for c in row.cells):
            continue  # two columns read as one cell (a lost rule): the row cannot be placed
        label = next(c.raw for c in reversed(row.labels) if _applicant_word(c.raw) == app)
        pairs: list[tuple[str, _Cell]] | None = None
        if frame:
            printed = [c for c in row.region if not c.blank]
            if all(c.col in frame for c in printed):
                by_col = {c.col: c for c in row.cells}
                pairs = [(k, by_col[j]) for j, k in frame.items() if j in by_col and by_col[j].is_value]
        if pairs is None:
            pairs = _counted_pairs(header_cols, list(row.region))
            if pairs is None:
                continue  # the values do not fit the header: leave the row out rather than guess
        for key, cell in pairs:
            if key != "skip":
                out.append(_make_cell(f"t3.{key}.{app}", cell, row, label))
    return out, columns


# ---------------------------------------------------------------- table 四
def _with_rows(cells: Sequence[_Cell], placed: Sequence[tuple[_Cell, _Row]]) -> list[tuple[_Cell, _Row]]:
    """Return each of `cells` (the `placed` cells in order, with blanks put between them) with the row
    it came from; a blank goes with the last row. Matched in order, not by identity alone: two rows
    printed alike share their cell objects."""
    out, k = [], 0
    for c in cells:
        if k < len(placed) and c is placed[k][0]:
            out.append(placed[k])
            k += 1
        else:
            out.append((c, placed[-1][1]))
    return out


def _t4_column_order(row: _Row) -> tuple[str, ...] | None:
    keys = [match_t4_column(c.raw) for c in row.labels if not c.spanned]
    seen: list[str] = []
    for k in keys:
        if k and k not in seen:
            seen.append(k)
    return tuple(seen) if len(seen) == len(T4_COLUMNS) else None


def map_t4(rows: Sequence[_Row]) -> list[TableCell]:
    """Return the table 四 cells: 15 values in one row (or spread over rows), or three rows of 5."""
    out: list[TableCell] = []
    columns: tuple[str, ...] = T4_COLUMNS
    parts: list[list[tuple[_Cell, _Row]]] = []
    header: _Row | None = None

    def emit(cells: Sequence[tuple[_Cell, _Row]]) -> None:
        for i, (cell, src_row) in enumerate(cells):
            block_key = T4_ROWS[i // 5]
            out.append(_make_cell(f"t4.{block_key}.{columns[i % 5]}", cell, src_row, _T4_NAMES[block_key]))

    for row in rows:
        values = [c for c in row.region if not c.spanned]
        block_key = next((k for k in (match_t4_row(c.raw) for c in reversed(row.labels)) if k), None)
        n = len(T4_COLUMNS)
        if (
            block_key
            and row.block.positional
            and len(values) > n
            and all(c.blank for c in values[:-n])
            and (len(values) - n <= 2 or not all(c.blank for c in values[-n:]))
        ):
            # Blank cells under the header of one or two label columns (aligned text, tab rows). A
            # label over more empty cells (「行政诉讼」 over ten) is the national layout's header.
            values = values[-n:]
        # A grid keeps a row of empty cells: 15 of them after the header, or 5 beside a block label.
        # Text that prints its empty cells (tab rows, lines of tabs) keeps such a row too, and a
        # transposed row of five placeholders (「/」「无」) is data whatever the layout.
        blank_data = (
            (row.block.positional and ((not row.labels and len(values) >= 15) or len(values) == 5))
            and (block_key is not None or not row.labels)
        ) or (block_key is not None and len(values) == len(T4_COLUMNS) and not any(c.blank for c in values))
        if not any(c.numeric for c in values) and not blank_data:
            order = _t4_column_order(row)
            if order:
                columns = order
            if row.labels:
                header = row
            continue
        if block_key:
            if not row.block.positional and not row.block.full_width:
                values = _trim(values) if len(_trim(values)) >= len(T4_COLUMNS) else values
            for col, cell in zip(columns, values[: len(T4_COLUMNS)], strict=False):
                out.append(_make_cell(f"t4.{block_key}.{col}", cell, row, row.label))
            continue
        if row.block.layout == "tab":
            # Tab rows keep leading blanks in place; the empty fields at the end were stripped.
            if not parts and len(values) < 15 and header is not None and header.block is row.block:
                values = values + [_blank(row)] * (15 - len(values))
        elif not row.block.positional:
            values = _trim(values)
        parts.append([(c, row) for c in values])
        flat = [x for part in parts for x in part]
        if len(flat) >= 15:
            emit(flat[:15])
            parts = []
    ambiguous = bool(parts)
    if parts:
        cells = _fill_gaps([[c for c, _ in part] for part in parts], 15)
        if cells:
            ambiguous = False
            emit(_with_rows(cells, [x for part in parts for x in part]))
    if not out and not ambiguous and header is not None and not header.block.full_width:
        # The header was printed but its row of 15 empty cells became an empty line in the text.
        for i in range(15):
            block_key = T4_ROWS[i // 5]
            out.append(
                _make_cell(f"t4.{block_key}.{columns[i % 5]}", _blank(header), header, _T4_NAMES[block_key])
            )
    return out
