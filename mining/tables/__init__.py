"""Tables 二, 三 and 四 -> canonical ``t{n}.{row}.{col}`` cells (schema.md, docs/tables.md).

The reader's cell grids (HTML, DOCX, PDF) and the tables laid out in the text itself (tab rows, pipe
tables, one cell per line, space-separated rows) go through the same row mapper. Each `TableCell`
keeps the raw text, the row label as printed, its position in the grid and where it came from.
A table 三 printed transposed (applicant types as rows) is recognised from its labels and lands on
the same keys.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from operator import attrgetter

from ..model import Document, Section, TableCell
from ..template import detect_template
from .mapper import assign_rows, map_t2, map_t3, map_t4
from .text_grids import Block, detect_blocks, detect_text_grids
from .values import CellValue, parse_value

__all__ = ["CellValue", "detect_text_grids", "parse_tables", "parse_value", "table_blocks"]

_TABLE_SECTIONS = ("proactive", "requests", "review_litigation")
_key_of = attrgetter("key")


def table_blocks(doc: Document, sections: Sequence[Section]) -> list[Block]:
    """Return the reader's grids and the tables found in the text outside them, in text order."""
    blocks = [Block(grid=g, layout="grid") for g in doc.grids]
    covered = [(g.start, g.end) for g in doc.grids if g.end > g.start]
    spans = [(s.heading_start, s.end) for s in sections if s.key in _TABLE_SECTIONS]
    blocks += detect_blocks(doc.text, covered=covered, space_spans=spans or None)
    blocks.sort(key=lambda b: b.grid.start)
    return blocks


def parse_tables(doc: Document, sections: Sequence[Section]) -> tuple[TableCell, ...]:
    """Return the canonical cells of tables 二, 三 and 四 found in `doc` (each key once, first wins).

    Only printed cells are returned (derived group sums are `keys.derived_sums`' business). A table
    that fails to map is left out rather than failing the report, unless ``XXGK_STRICT`` is set.
    """
    streams = assign_rows(table_blocks(doc, sections), sections)
    hint = detect_template(doc.text)
    cells: list[TableCell] = []
    for mapper, rows in ((map_t2, streams["t2"]), (map_t3, streams["t3"]), (map_t4, streams["t4"])):
        if not rows:
            continue
        try:
            cells += mapper(rows, hint) if mapper is map_t2 else mapper(rows)
        except Exception:  # one malformed table must not lose the other two
            if os.environ.get("XXGK_STRICT", "") not in ("", "0"):
                raise
    keys = list(map(_key_of, cells))
    if len(set(keys)) == len(keys):  # the usual case, a table printed once: nothing to drop
        return tuple(cells)
    seen: set[str] = set()
    out = []
    for c in cells:
        if c.key not in seen:
            seen.add(c.key)
            out.append(c)
    return tuple(out)
