"""Assemble a `Document`'s text and grids from blocks, keeping `Grid` offsets exact.

Every reader hands its blocks (paragraphs and cell grids) to a `TextBuilder` in reading order. Each
block is normalised on its own and the blocks are joined with ``"\\n"``; the joined text is never
normalised again, so the offsets recorded while building stay valid.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from operator import mul, not_

from ..model import Grid
from ..normalize import normalize_blocks, normalize_cell


@lru_cache(maxsize=4096)
def _cell(text: str) -> str:
    # Cells repeat a lot ("0", row labels, blanks); normalising each distinct text once pays off.
    # (A plain dict read with `map(dict.get, row)` measured slower than this C-level cache.)
    return normalize_cell(text).replace("\t", " ")


_CJK = re.compile(r"[\u2e80-\u2fdf\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")


def is_cjk(ch: str) -> bool:
    """Return True when `ch` is a CJK ideograph or CJK/full-width punctuation."""
    return bool(ch) and _CJK.match(ch) is not None


def join_cell_lines(text: str) -> str:
    """Return a cell's lines joined on one line: ``""`` between two CJK characters, ``" "`` otherwise."""
    if "\n" not in text:
        return text
    lines = [ln for ln in text.split("\n") if ln]
    if not lines:
        return ""
    out = lines[0]
    for ln in lines[1:]:
        out += ("" if is_cjk(out[-1]) and is_cjk(ln[0]) else " ") + ln
    return out


def expand_spans(
    texts: Sequence[Sequence[str]],
    merged: Mapping[int, Sequence[tuple[int, int, int]]] | None = None,
    *,
    max_span: int = 200,
) -> tuple[list[list[str]], list[list[bool]]]:
    """Return (rows, spanned) of a table given its rows of cell texts and its merged cells.

    `merged` maps a row number to that row's merged cells as (index in the row, rowspan, colspan),
    in row order; a cell not listed spans one row and one column (so does a span below 1).

    The classic occupancy walk: a cell takes the first column its row has free and its text is copied
    into every slot it covers, the copies marked in ``spanned``. Spans are clipped to the table (a
    rowspan never creates rows) and to `max_span`, so a hostile ``colspan="100000"`` stays cheap.
    Rows are copied a slice at a time between merged cells: most rows have none or one.
    """
    n_rows = len(texts)
    if not merged:
        width = max(map(len, texts), default=0)
        return [[*row, *[""] * (width - len(row))] for row in texts], [[False] * width for _ in texts]
    # Per row, the slots below a rowspan (column -> text), filled when their row comes.
    pending: dict[int, dict[int, str]] = {}
    rows: list[list[str]] = []
    marks: list[list[bool]] = []
    for r, row in enumerate(texts):
        below = pending.pop(r, None)
        spans = merged.get(r, ())
        out: list[str] = []
        mark: list[bool] = []
        if below:
            covered = sorted(below)
            if covered[-1] == len(covered) - 1:
                # Only the first columns are covered (row labels spanning down): they come first.
                out = [below[c] for c in covered]
                mark = [True] * len(covered)
            else:
                out, mark = _walk_row(row, spans, below, r, n_rows, pending, max_span)
                rows.append(out)
                marks.append(mark)
                continue
        if not spans:
            out += row
            mark += [False] * len(row)
        else:
            done = 0
            for i, rowspan, colspan in spans:
                if i > done:
                    out += row[done:i]
                    mark += [False] * (i - done)
                text, col = row[i], len(out)
                colspan = min(colspan, max_span) if colspan > 1 else 1
                out += [text] * colspan
                mark.append(False)
                mark += [True] * (colspan - 1)
                if rowspan > 1:
                    _hold(pending, text, r, min(rowspan, n_rows - r), col, colspan)
                done = i + 1
            if done < len(row):
                out += row[done:]
                mark += [False] * (len(row) - done)
        rows.append(out)
        marks.append(mark)
    width = max(map(len, rows), default=0)
    for out, mark in zip(rows, marks, strict=True):
        if len(out) < width:
            mark += [False] * (width - len(out))
            out += [""] * (width - len(out))
    return rows, marks


def _hold(pending: dict[int, dict[int, str]], text: str, r: int, rows: int, col: int, cols: int) -> None:
    """Note `text` in the slots a cell of row `r` covers below it: `rows` rows, `cols` columns from `col`."""
    for dr in range(1, rows):
        slots = pending.setdefault(r + dr, {})
        for dc in range(cols):
            slots[col + dc] = text


def _walk_row(
    row: Sequence[str],
    spans: Sequence[tuple[int, int, int]],
    below: dict[int, str],
    r: int,
    n_rows: int,
    pending: dict[int, dict[int, str]],
    max_span: int,
) -> tuple[list[str], list[bool]]:
    """Return row `r` and its marks expanded cell by cell around the covered slots `below`."""
    span_of = {i: (rowspan, colspan) for i, rowspan, colspan in spans}
    out: list[str] = []
    mark: list[bool] = []
    for i, text in enumerate(row):
        while len(out) in below:
            out.append(below.pop(len(out)))
            mark.append(True)
        col = len(out)
        out.append(text)
        mark.append(False)
        rowspan, colspan = span_of.get(i, (1, 1))
        colspan = min(colspan, max_span) if colspan > 1 else 1
        if colspan > 1:
            out += [text] * (colspan - 1)
            mark += [True] * (colspan - 1)
        if rowspan > 1:
            _hold(pending, text, r, min(rowspan, n_rows - r), col, colspan)
    # Slots no cell of the row reached (or that a colspan passed over) go at its end.
    for c in sorted(below):
        while len(out) < c:
            out.append("")
            mark.append(False)
        out.append(below[c])
        mark.append(True)
    return out, mark


class TextBuilder:
    """Collects normalised blocks and grids; `text` and `grids` give the assembled result.

    Paragraphs wait in a list until a grid or the text is asked for, then are normalised together
    (`normalize_blocks`): a page's dozens of short paragraphs cost one pass instead of one each.
    """

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._pos = 0
        self._raw: list[str] = []
        self.grids: list[Grid] = []

    def _append(self, block: str) -> int:
        if self._parts:
            self._parts.append("\n")
            self._pos += 1
        start = self._pos
        self._parts.append(block)
        self._pos += len(block)
        return start

    def _append_raw(self) -> None:
        if self._raw:
            raw, self._raw = self._raw, []
            for block in normalize_blocks(raw):
                if block.strip():
                    self._append(block)

    def add_text(self, raw: str) -> None:
        """Append one paragraph (or several lines), normalised; blank text is skipped."""
        if raw and not raw.isspace():  # normalising never makes blanks into anything else
            self._raw.append(raw)

    def add_grid(
        self,
        rows: Sequence[Sequence[str]],
        spanned: Sequence[Sequence[bool]] | None = None,
        *,
        source: str,
        page: int | None = None,
    ) -> Grid | None:
        """Append a table rendered one row a line and return its `Grid` (None when nothing was added).

        Cells are normalised here. A grid of one column is layout, not a table: its cells become
        paragraphs. An all-blank grid is dropped.
        """
        norm = [tuple(map(_cell, row)) for row in rows]
        if spanned:
            marks = [tuple(m) for m in spanned]
        else:
            marks = [(False,) * len(row) for row in norm]
        width = max(map(len, norm), default=0)
        if not any(map(any, norm)):
            return None
        if width <= 1:
            for row in norm:
                for cell in row:
                    self.add_text(cell)
            return None
        if min(map(len, norm)) < width:
            norm = [r + ("",) * (width - len(r)) for r in norm]
        if min(map(len, marks), default=width) < width:
            marks = [m + (False,) * (width - len(m)) for m in marks]
        lines = []
        for row, mrow in zip(norm, marks, strict=False):
            # A covered slot renders empty: in C, a cell times (not its mark) is the cell or "".
            line = "\t".join(map(mul, row, map(not_, mrow))) if True in mrow else "\t".join(row)
            if "\n" in line:
                # A cell's own line breaks are joined.
                line = "\t".join(
                    "" if mark else join_cell_lines(cell) for cell, mark in zip(row, mrow, strict=False)
                )
            lines.append(line)
        rendered = "\n".join(lines)
        self._append_raw()
        start = self._append(rendered)
        grid = Grid(
            rows=tuple(norm),
            start=start,
            end=start + len(rendered),
            source=source,
            page=page,
            spanned=tuple(marks),
        )
        self.grids.append(grid)
        return grid

    @property
    def text(self) -> str:
        self._append_raw()
        return "".join(self._parts)
