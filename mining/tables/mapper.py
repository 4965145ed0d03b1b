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
- 四: one row of 15 values, or three labelled rows of 5 (transposed), or the 15 values spread over
  label-less rows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from ..keys import T2_2019, T2_2021, T3_COLUMNS, T4_COLUMNS, T4_ROWS
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


@dataclass(frozen=True, slots=True)
class _Cell:
    col: int
    raw: str
    value: CellValue
    spanned: bool
    line: int
    """1-based text line of a text grid's cell, 0 for a reader's grid."""

    @property
    def numeric(self) -> bool:
        return self.value.value is not None

    @property
    def blank(self) -> bool:
        return self.value.placeholder == "blank"


@dataclass(frozen=True, slots=True)
class _Row:
    block: Block
    index: int
    labels: tuple[_Cell, ...]
    """The text cells of the row, a spanned copy of the cell before it dropped."""
    region: tuple[_Cell, ...]
    """The cells after the last text cell: where the values are."""
    cells: tuple[_Cell, ...]
    text: str

    @property
    def has_numbers(self) -> bool:
        return any(c.numeric for c in self.region)

    @property
    def label(self) -> str:
        return " ".join(c.raw.replace("\n", "") for c in self.labels)


def _rows(block: Block) -> list[_Row]:
    grid = block.grid
    out = []
    for r, raw_row in enumerate(grid.rows):
        spanned = grid.spanned[r] if r < len(grid.spanned) else ()
        lines = block.lines[r] if r < len(block.lines) else ()
        cells = [
            _Cell(
                c,
                raw,
                parse_value(raw),
                c < len(spanned) and spanned[c],
                lines[c] if c < len(lines) else (lines[-1] if lines else 0),
            )
            for c, raw in enumerate(raw_row)
        ]
        text_idx = [i for i, cell in enumerate(cells) if not cell.value.is_value]
        labels: list[_Cell] = []
        for i in text_idx:
            if labels and labels[-1].raw == cells[i].raw and cells[i].spanned:
                continue
            labels.append(cells[i])
        region = cells[text_idx[-1] + 1 :] if text_idx else cells
        text = compact("".join(c.raw for c in labels))
        out.append(_Row(block, r, tuple(labels), tuple(region), tuple(cells), text))
    return out


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
            elif current == "t3" and not row.labels and sum(c.value.is_value for c in row.region) >= 15:
                current = "t4"  # table 四's value row after a missing header
            if current:
                out[current].append(row)
    return out


def _make_cell(key: str, cell: _Cell, row: _Row, row_label: str, note: str = "") -> TableCell:
    return TableCell(
        key=key,
        value=cell.value.value,
        raw=cell.raw,
        row_label=row_label,
        row=row.index,
        col=cell.col,
        source=(row.block.grid.source if not cell.line else f"text:line {cell.line}") + note,
        unit=cell.value.unit,
        placeholder=cell.value.placeholder,
    )


def _blank(row: _Row) -> _Cell:
    """Return a blank cell standing for one a text export dropped (an empty field at a line's end)."""
    anchor = row.labels[0] if row.labels else (row.cells[0] if row.cells else None)
    return _Cell(-1, "", parse_value(""), False, anchor.line if anchor else 0)


# ---------------------------------------------------------------- table 二
def map_t2(rows: Sequence[_Row], template_hint: str | None) -> list[TableCell]:
    """Return the table 二 cells; columns come from each sub-table's header row."""
    out: list[TableCell] = []
    header: list[tuple[int, str]] | None = None
    header_block: Block | None = None
    votes = Counter()
    for row in rows:
        if not row.has_numbers:
            cols = [(c.col, match_t2_column(c.raw)) for c in row.labels if not c.spanned]
            found = [(col, key) for col, key in cols if key]
            if "第二十条" in row.text and not found:
                header = None  # a new sub-table starts; its own header follows
            elif found and not any(match_t2_row(c.raw) for c in row.labels):
                header, header_block = found, row.block
                for _, key in found:
                    if key in ("issued", "repealed", "in_force"):
                        votes["2021"] += 1
                    elif key in ("made", "published", "total", "previous", "change", "items"):
                        votes["2019"] += 1
                continue
            if not any(match_t2_row(c.raw) for c in row.labels):
                continue
        row_key = next((k for k in (match_t2_row(c.raw) for c in reversed(row.labels)) if k), None)
        if row_key is None:
            continue
        values = [c for c in row.region if not c.spanned]
        valid = set(T2_2021.get(row_key, ())) | set(T2_2019.get(row_key, ()))
        pairs: list[tuple[str, _Cell]] = []
        if header and all(key in valid for _, key in header) and _one_template(row_key, header):
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


def _one_template(row_key: str, header: list[tuple[int, str]]) -> bool:
    keys = {key for _, key in header}
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


def _is_t3_header(row: _Row, seen_data: bool) -> bool:
    if row.has_numbers:
        return False
    keys = [match_t3_column(c.raw) for c in row.labels]
    if any(k and k != "total" for k in keys) or "申请人情况" in row.text or "勾稽" in row.text:
        return True
    return not seen_data and any(keys)


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
        parts[0] = [_Cell(-1, "", parse_value(""), False, parts[0][0].line), *parts[0]]
    elif lead and inner == 0:
        parts[0] = [_Cell(-1, "", parse_value(""), False, parts[0][0].line)] * missing + parts[0]
        fills = []
    else:
        return None
    out: list[_Cell] = list(parts[0])
    for fill, part in zip(fills, parts[1:], strict=True):
        out += [_Cell(-1, "", parse_value(""), False, part[0].line)] * fill
        out += part
    return out


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
    for block in order:
        block_rows = by_block[id(block)]
        header = _t3_header_frame([r for r in block_rows if _is_t3_header(r, seen_data)])
        width = block.grid.n_cols
        if header:
            prev_header = (header, width)
        elif block.full_width and prev_header and prev_header[1] == width:
            header = prev_header[0]
        frame: dict[str, int] = {}
        if block.full_width:
            frame = header
        elif block.layout == "tab":
            frame = _modal_frame(block_rows) or header
        skip = 0
        for n, row in enumerate(block_rows):
            if skip:
                skip -= 1
                continue
            if _is_t3_header(row, seen_data):
                continue
            key = None
            for c in row.labels:
                m = match_t3_label(c.raw)
                if m is None or m.container:
                    continue
                if m.sub:
                    group, key = m.group, f"{m.group}.{m.sub}"
                elif m.leaf:
                    group, key = None, m.leaf
                elif m.group:
                    group, key = m.group, f"group:{m.group}"
                elif m.bare_other:
                    key = "other.other" if group == "other" or (last_key or "").startswith("other.") else None
                elif m.number is not None and group:
                    sub = t3_sub_at(group, m.number)
                    key = f"{group}.{sub}" if sub else None
            if key is None:
                continue
            region = list(row.region)
            merged = False
            if not block.positional and len(_trim(region)) < 7:
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
            if not region and key == "group:other" and not block.full_width and not merged:
                nxt = block_rows[n + 1] if n + 1 < len(block_rows) else None
                m = next((match_t3_label(c.raw) for c in nxt.labels), None) if nxt and nxt.labels else None
                if m is not None and (m.sub or m.bare_other or (m.number is not None and not m.leaf)):
                    continue  # 2021: the heading of the 其他处理 sub-rows
                key = "other"  # 2019: the single 其他处理 row, printed empty
            if not region and not key.startswith("group:") and not block.full_width:
                region = [_blank(row)] * len(T3_COLUMNS)  # a row of blanks, its empty fields lost
            if not any(c.value.is_value for c in region):
                continue
            if key.startswith("group:"):
                if key != "group:other":
                    continue  # a printed group subtotal: the derived sums are computed, not read
                key = "other"  # 2019: (六)其他处理 is a single row
            seen_data = True
            values: list[_Cell | None] | None = None
            recovered_ok = False
            if not block.full_width and all(c.blank for c in region):
                values = [region[0]] * len(T3_COLUMNS)  # every cell of the row left empty
            elif block.full_width:
                if frame:
                    by_col = {c.col: c for c in row.cells}
                    values = [by_col.get(frame[k]) if k in frame else None for k in T3_COLUMNS]
                else:
                    values = region[-7:] if len(region) >= 7 else [*region, *([None] * (7 - len(region)))]
                recovered_ok = True
            else:
                if frame:
                    cols = set(frame.values())
                    printed = [c for c in region if not c.blank]
                    if printed and all(c.col in cols for c in printed):
                        by_col = {c.col: c for c in region}
                        values = [by_col.get(frame[k]) for k in T3_COLUMNS]
                        recovered_ok = True
                if values is None:
                    values = _count_based(region if merged else _trim(region))
                    recovered_ok = values is not None
            if values is None:
                continue
            row_label = row.label
            rec = _recover(values) if recovered_ok else None
            for i, col in enumerate(T3_COLUMNS):
                cell = values[i]
                tkey = f"t3.{key}.{col}"
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


# ---------------------------------------------------------------- table 四
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
        values = [c for c in row.region if c.value.is_value and not c.spanned]
        block_key = next((k for k in (match_t4_row(c.raw) for c in reversed(row.labels)) if k), None)
        # A grid keeps a row of empty cells: 15 of them after the header, or 5 beside a block label.
        blank_data = row.block.full_width and (
            (not row.labels and len(values) >= 15) or (block_key is not None and len(values) == 5)
        )
        if not any(c.numeric for c in values) and not blank_data:
            order = _t4_column_order(row)
            if order:
                columns = order
            if row.labels:
                header = row
            continue
        if block_key:
            if not row.block.full_width:
                values = _trim(values) if len(_trim(values)) >= len(T4_COLUMNS) else values
            for col, cell in zip(columns, values[: len(T4_COLUMNS)], strict=False):
                out.append(_make_cell(f"t4.{block_key}.{col}", cell, row, row.label))
            continue
        if row.block.layout == "tab":
            # Tab rows keep leading blanks in place; the empty fields at the end were stripped.
            if not parts and len(values) < 15 and header is not None and header.block is row.block:
                values = values + [_blank(row)] * (15 - len(values))
        elif not row.block.full_width:
            values = _trim(values)
        parts.append([(c, row) for c in values])
        flat = [x for part in parts for x in part]
        if len(flat) >= 15:
            emit(flat[:15])
            parts = []
    ambiguous = bool(parts)
    if parts:
        cells = _fill_gaps([[c for c, _ in part] for part in parts], 15)
        rows_of = {id(c): r for part in parts for c, r in part}
        if cells:
            ambiguous = False
            emit([(c, rows_of.get(id(c), parts[-1][-1][1])) for c in cells])
    if not out and not ambiguous and header is not None and not header.block.full_width:
        # The header was printed but its row of 15 empty cells became an empty line in the text.
        for i in range(15):
            block_key = T4_ROWS[i // 5]
            out.append(
                _make_cell(f"t4.{block_key}.{columns[i % 5]}", _blank(header), header, _T4_NAMES[block_key])
            )
    return out
