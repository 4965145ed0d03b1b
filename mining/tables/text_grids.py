"""Tables found in plain text / Markdown -> cell grids (`Grid`) with their line numbers.

Four layouts are recognised (domain.md §9.2):

``tab``    one row per line, cells separated by tabs (trailing empty cells are lost to normalisation);
``pipe``   Markdown ``| a | b |`` rows, ``|---|`` separators skipped;
``lines``  one cell per line, tab-indented, rows separated by blank lines; a line that is not indented
           and follows a cell directly continues that cell (「商业」/「企业」);
``space``  a label followed by space-separated numbers (PDF-flattened rows, 「0 0 3 0 …」), plus the
           header lines between them. Only looked for inside the table sections, where a line of
           numbers cannot be narrative.

A blank cell survives in ``tab`` and ``pipe`` rows (an empty field) but not in ``lines`` and ``space``
rows, so the mapper aligns the latter by count only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from ..model import Grid
from ..normalize import compact
from .labels import is_table_label
from .values import parse_value


@dataclass(frozen=True)
class Block:
    """A grid with its layout and, for text grids, the 1-based text line of every cell."""

    grid: Grid
    layout: str
    """``grid`` (a reader's cell grid), ``pipe``, ``tab``, ``lines`` or ``space``."""
    lines: tuple[tuple[int, ...], ...] = ()

    @cached_property
    def full_width(self) -> bool:
        """True when every row keeps all its cells, blanks included: a reader's grid or a pipe table
        whose rows all have the same width (a ragged one is aligned like tab rows)."""
        if self.layout not in ("grid", "pipe"):
            return False
        widths = {len(r) for r in self.grid.rows}
        return len(widths) <= 1

    @property
    def positional(self) -> bool:
        """True when a cell's column index means something (blank cells are kept in place)."""
        return self.layout in ("grid", "pipe", "tab")


_PIPE_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")
_HEADING = re.compile(r"^\s*(#{1,6}\s|[一二三四五六七八九十]{1,2}[、.])")
_SPACE_HEADER_WORDS = (
    "第二十条",
    "信息内容",
    "本年",
    "数量",
    "件数",
    "自然人",
    "法人",
    "商业",
    "科研",
    "公益",
    "法律服务",
    "申请人",
    "行政复议",
    "行政诉讼",
    "结果",
    "维持",
    "纠正",
    "尚未",
    "审结",
    "总计",
    "起诉",
)
_MAX_CONTINUATION = 40
# A one-value line is a table row only if its label reads like one: narrative has commas and numbers.
_SENTENCE_MARKS = re.compile(r"[,，;；:：\d]")


def _line_offsets(lines: Sequence[str]) -> list[int]:
    out, pos = [], 0
    for line in lines:
        out.append(pos)
        pos += len(line) + 1
    return out


def _kind(line: str) -> str:
    if not line.strip():
        return "blank"
    stripped = line.strip()
    if stripped.startswith("|") and stripped.count("|") >= 2:
        return "pipe"
    if "\t" in line:
        return "tab" if "\t" in line.lstrip("\t") else "cell"
    return "plain"


def _pipe_cells(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|"):
        s = s[:-1]
    cells = []
    for c in s.split("|"):
        c = re.sub(r"<br\s*/?>", "\n", c, flags=re.IGNORECASE).replace("**", "").replace("__", "")
        cells.append("\n".join(p.strip() for p in c.split("\n")).strip())
    return cells


def _space_row(line: str) -> list[str] | None:
    """Return the cells of a space-separated table line (label + values, or a header), else None."""
    tokens = line.strip().replace("**", "").split(" ")
    k = 0
    while k < len(tokens):
        v = parse_value(tokens[-1 - k])
        if not v.is_value:
            break
        k += 1
    if k:
        label = " ".join(tokens[: len(tokens) - k]).strip()
        if not label:
            return tokens[-k:] if k >= 2 else None
        if "。" in label or len(compact(label)) > 80:
            return None
        if k >= 2 or (is_table_label(label) and not _SENTENCE_MARKS.search(label)):
            return [label, *tokens[len(tokens) - k :]]
        return None
    flat = compact(line)
    if "。" in flat or len(flat) > 120:
        return None
    if len(tokens) == 1:
        return tokens if "第二十条" in flat else None
    if all(len(t) <= 16 for t in tokens) and any(w in flat for w in _SPACE_HEADER_WORDS):
        return tokens
    return None


def _in_spans(pos: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def detect_blocks(
    text: str,
    *,
    covered: Sequence[tuple[int, int]] = (),
    space_spans: Sequence[tuple[int, int]] | None = None,
) -> list[Block]:
    """Return the tables of `text` as `Block`s in text order.

    `covered` spans (tables a reader already gave as grids) are skipped. Space-separated rows are
    only looked for inside `space_spans` (the table sections); None means anywhere.
    """
    lines = text.split("\n")
    offsets = _line_offsets(lines)
    kinds = [
        ("skip" if covered and _in_spans(offsets[i], covered) else _kind(ln)) for i, ln in enumerate(lines)
    ]
    blocks: list[Block] = []
    used = [False] * len(lines)
    n = len(lines)
    i = 0
    while i < n:
        k = kinds[i]
        if k == "pipe":
            j = i
            rows, rlines = [], []
            while j < n and kinds[j] == "pipe":
                if not _PIPE_SEPARATOR.match(lines[j].strip()):
                    cells = _pipe_cells(lines[j])
                    rows.append(tuple(cells))
                    rlines.append((j + 1,) * len(cells))
                used[j] = True
                j += 1
            blocks.append(_block(rows, rlines, offsets, lines, i, j - 1, "pipe"))
            i = j
        elif k == "tab":
            j, last = i, i
            rows, rlines = [], []
            while j < n:
                kj = kinds[j]
                if kj == "tab" or (kj == "cell" and _truncated_tab_row(lines, kinds, j)):
                    cells = [c.strip() for c in lines[j].split("\t")]
                elif kj == "plain" and "第二十条" in lines[j] and len(lines[j]) <= 30:
                    cells = [lines[j].strip()]
                elif kj == "blank":
                    j += 1
                    continue
                else:
                    break
                rows.append(tuple(cells))
                rlines.append((j + 1,) * len(cells))
                used[j] = True
                last = j
                j += 1
            blocks.append(_block(rows, rlines, offsets, lines, i, last, "tab"))
            i = last + 1
        elif k == "cell":
            i = _cell_lines(lines, kinds, offsets, i, blocks, used)
        else:
            i += 1
    if space_spans is None or space_spans:
        blocks.extend(_space_blocks(lines, kinds, offsets, used, space_spans))
        blocks.sort(key=lambda b: b.grid.start)
    return blocks


def _truncated_tab_row(lines, kinds, j: int) -> bool:
    """True when an indented one-cell line inside tab rows is a row whose empty fields were stripped."""
    nxt = next((kinds[k] for k in range(j + 1, min(j + 4, len(kinds))) if kinds[k] != "blank"), None)
    return nxt == "tab" or is_table_label(lines[j].strip())


def _cell_lines(lines, kinds, offsets, i: int, blocks: list[Block], used: list[bool]) -> int:
    n = len(lines)
    rows: list[tuple[str, ...]] = []
    rlines: list[tuple[int, ...]] = []
    cells: list[str] = []
    clines: list[int] = []
    last = i
    j = i
    prev = "blank"
    while j < n:
        kj = kinds[j]
        if kj == "cell":
            cells.append(lines[j].strip())
            clines.append(j + 1)
        elif kj == "blank":
            if cells:
                rows.append(tuple(cells))
                rlines.append(tuple(clines))
                cells, clines = [], []
        elif (
            kj == "plain"
            and prev == "cell"
            and cells
            and len(lines[j].strip()) <= _MAX_CONTINUATION
            and not _HEADING.match(lines[j])
        ):
            # A cell's text wrapped onto an unindented line (「商业」/「企业」).
            cells[-1] = cells[-1] + "\n" + lines[j].strip()
            kj = "cell"
        else:
            break
        if kj != "blank":
            used[j] = True
            last = j
        prev = kj
        j += 1
    if cells:
        rows.append(tuple(cells))
        rlines.append(tuple(clines))
    blocks.append(_block(rows, rlines, offsets, lines, i, last, "lines"))
    return last + 1


def _space_blocks(lines, kinds, offsets, used, spans) -> list[Block]:
    out: list[Block] = []
    rows: list[tuple[str, ...]] = []
    rlines: list[tuple[int, ...]] = []
    first = last = -1

    def flush() -> None:
        nonlocal rows, rlines, first
        # A lone header line is not a table: a table has a row of values, or a header of two lines
        # or more (table 四 printed with its value row empty).
        if rows and (len(rows) >= 2 or any(parse_value(r[-1]).is_value for r in rows)):
            out.append(_block(rows, rlines, offsets, lines, first, last, "space"))
        rows, rlines, first = [], [], -1

    for j, line in enumerate(lines):
        if used[j] or kinds[j] in ("skip", "pipe", "tab", "cell"):
            flush()
            continue
        if kinds[j] == "blank":
            continue
        cells = None
        if spans is None or _in_spans(offsets[j], spans):
            cells = _space_row(line)
            if cells is None and rows and is_table_label(line.strip()) and len(compact(line)) <= 60:
                cells = [line.strip()]  # a row whose cells are all blank, inside the table
        if cells is None:
            flush()
            continue
        if first < 0:
            first = j
        rows.append(tuple(cells))
        rlines.append((j + 1,) * len(cells))
        last = j
    flush()
    return out


def _block(rows, rlines, offsets, lines, first: int, last: int, layout: str) -> Block:
    start = offsets[first]
    end = offsets[last] + len(lines[last])
    grid = Grid(rows=tuple(rows), start=start, end=end, source=f"text:line {first + 1}")
    return Block(grid=grid, layout=layout, lines=tuple(rlines))


def detect_text_grids(text: str, *, covered: Sequence[tuple[int, int]] = ()) -> tuple[Grid, ...]:
    """Return the tables laid out in `text` (tab rows, pipe tables, one cell per line, space rows)."""
    return tuple(b.grid for b in detect_blocks(text, covered=covered))
