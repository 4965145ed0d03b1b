"""Assemble a `Document`'s text and grids from blocks, keeping `Grid` offsets exact.

Every reader hands its blocks (paragraphs and cell grids) to a `TextBuilder` in reading order. Each
block is normalised on its own and the blocks are joined with ``"\\n"``; the joined text is never
normalised again, so the offsets recorded while building stay valid.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from ..model import Grid
from ..normalize import normalize_blocks, normalize_cell


@lru_cache(maxsize=4096)
def _cell(text: str) -> str:
    # Cells repeat a lot ("0", row labels, blanks); normalising each distinct text once pays off.
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
    cells: Sequence[Sequence[tuple[str, int, int]]], *, max_span: int = 200
) -> tuple[list[list[str]], list[list[bool]]]:
    """Return (rows, spanned) of a table given per row its cells as (text, rowspan, colspan).

    The classic occupancy walk: a cell takes the first column its row has free and its text is copied
    into every slot it covers, the copies marked in ``spanned``. Spans are clipped to the table (a
    rowspan never creates rows) and to `max_span`, so a hostile ``colspan="100000"`` stays cheap.
    """
    if all(rs == 1 and cs == 1 for row in cells for _, rs, cs in row):
        width = max((len(r) for r in cells), default=0)
        plain = [[c[0] for c in row] + [""] * (width - len(row)) for row in cells]
        return plain, [[False] * width for _ in cells]
    n_rows = len(cells)
    # Per row, the slots below a rowspan (column -> text), filled when their row comes.
    pending: dict[int, dict[int, str]] = {}
    rows: list[list[str]] = []
    marks: list[list[bool]] = []
    for r, row in enumerate(cells):
        below = pending.pop(r, None)
        if all(rs <= 1 and cs <= 1 for _, rs, cs in row):
            if not below:
                # Nothing spans into or out of this row (most rows of a table with a few spans).
                rows.append([c[0] for c in row])
                marks.append([False] * len(row))
                continue
            covered = sorted(below)
            if covered[-1] == len(covered) - 1:
                # Only the first columns are covered (row labels spanning down): they come first.
                rows.append([below[c] for c in covered] + [c[0] for c in row])
                marks.append([True] * len(covered) + [False] * len(row))
                continue
        out: list[str] = []
        mark: list[bool] = []
        for text, rowspan, colspan in row:
            if below:
                while len(out) in below:
                    out.append(below.pop(len(out)))
                    mark.append(True)
            col = len(out)
            out.append(text)
            mark.append(False)
            if colspan > 1:
                colspan = min(colspan, max_span)
                out += [text] * (colspan - 1)
                mark += [True] * (colspan - 1)
            else:
                colspan = 1
            if rowspan > 1:
                for dr in range(1, min(rowspan, n_rows - r)):
                    slots = pending.setdefault(r + dr, {})
                    for dc in range(colspan):
                        slots[col + dc] = text
        if below:
            # Slots no cell of the row reached (or that a colspan passed over) go at its end.
            for c in sorted(below):
                while len(out) < c:
                    out.append("")
                    mark.append(False)
                out.append(below[c])
                mark.append(True)
        rows.append(out)
        marks.append(mark)
    width = max((len(r) for r in rows), default=0)
    for out, mark in zip(rows, marks, strict=True):
        if len(out) < width:
            mark += [False] * (width - len(out))
            out += [""] * (width - len(out))
    return rows, marks


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
        if any(len(r) != width for r in norm):
            norm = [r + ("",) * (width - len(r)) for r in norm]
        if any(len(m) < width for m in marks):
            marks = [m + (False,) * (width - len(m)) for m in marks]
        lines = []
        for row, mrow in zip(norm, marks, strict=False):
            line = "\t".join(row)
            if "\n" in line:
                # A covered slot renders empty; a cell's own line breaks are joined.
                line = "\t".join(
                    "" if mark else join_cell_lines(cell) for cell, mark in zip(row, mrow, strict=False)
                )
            elif any(mrow):
                # Most rows of a spanned table: only covered slots to blank, no cell to join.
                line = "\t".join(["" if mark else cell for cell, mark in zip(row, mrow, strict=False)])
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
