"""Tables found in plain text / Markdown -> cell grids (`Grid`) with their line numbers.

Four layouts are recognised (domain.md §9.2):

``tab``    one row per line, cells separated by tabs (normalisation keeps the trailing empty ones);
``pipe``   Markdown ``| a | b |`` rows, ``|---|`` separators skipped;
``lines``  one cell per line, tab-indented, rows separated by blank lines; a line that is not indented
           and follows a cell directly continues that cell (「商业」/「企业」); an empty cell is a line
           of tabs only (kept by normalisation), so such a block keeps positions (``keeps_blanks``);
``space``  a label followed by space-separated numbers (PDF-flattened or fixed-width rows), plus the
           header lines between them. Only looked for inside the table sections, where a line of
           numbers cannot be narrative. Aligned text (columns two or more blanks apart) is put in
           place under the header's leaf cells (``_align_space_rows``); single-spaced rows keep
           their values in order and the mapper aligns them by count. A line naming four table 三
           result labels side by side is a header however long (table 三 transposed).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from ..model import Grid
from ..normalize import compact, display_width
from .labels import is_table_label, match_t3_label
from .values import parse_value


@dataclass(frozen=True)
class Block:
    """A grid with its layout and, for text grids, the 1-based text line of every cell."""

    grid: Grid
    layout: str
    """``grid`` (a reader's cell grid), ``pipe``, ``tab``, ``lines`` or ``space``."""
    lines: tuple[tuple[int, ...], ...] = ()
    keeps_blanks: bool = False
    """A ``lines`` block that prints its empty cells (as lines of tabs), so positions hold."""

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
        return self.layout in ("grid", "pipe", "tab") or self.keeps_blanks


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
    "企业",
    "机构",
    "组织",
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
        # A line of tabs only is an empty cell of the one-cell-per-line layout (normalisation keeps it).
        return "empty" if "\t" in line else "blank"
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


_WORD = re.compile(r"\S+")
_Word = tuple[str, int, int]
"""A word of a line with its display columns [start, end)."""


def _words(line: str) -> list[_Word]:
    """Return the words of `line` (bold markers dropped) with their display columns."""
    out: list[_Word] = []
    col = pos = 0
    for m in _WORD.finditer(line):
        col += m.start() - pos  # the blanks between words are one column each
        w = display_width(m.group())
        pos = m.end()
        text = m.group().replace("**", "")
        if text:
            out.append((text, col, col + w))
        col += w
    return out


def _space_row(line: str) -> list[_Word] | None:
    """Return the cells of a space-separated table line (label + values, or a header), else None.

    Each cell comes with its display columns; the words of a label are joined into one cell.
    """
    words = _words(line)
    tokens = [w[0] for w in words]
    k = 0
    while k < len(tokens):
        v = parse_value(tokens[-1 - k])
        if not v.is_value:
            break
        k += 1
    if k:
        label = " ".join(tokens[: len(tokens) - k]).strip()
        values = words[len(words) - k :]
        if not label:
            return values if k >= 2 else None
        if "。" in label or len(compact(label)) > 80:
            return None
        if k >= 2 or (is_table_label(label) and not _SENTENCE_MARKS.search(label)):
            first, last = words[0], words[len(words) - k - 1]
            return [(label, first[1], last[2]), *values]
        return None
    flat = compact(line)
    if not words or "。" in flat:
        return None
    if _names_t3_results(tokens):
        return words  # the header of table 三 transposed: result labels side by side, however long
    if len(flat) > 120:
        return None
    if len(tokens) == 1:
        return words if "第二十条" in flat else None
    if all(len(t) <= 16 for t in tokens) and any(w in flat for w in _SPACE_HEADER_WORDS):
        return words
    return None


def _names_t3_results(tokens: Sequence[str]) -> bool:
    """True when four words or more of a line are table 三 result labels (a transposed table's header)."""
    found = set()
    for t in tokens:
        m = match_t3_label(t) if len(t) <= 60 else None
        if m is not None and not m.container and (m.leaf or m.group or m.sub):
            found.add((m.leaf, m.group, m.sub))
    return len(found) >= 4


def _under(leaves: list[tuple[int, int]], starts: list[int], a: int, b: int) -> list[int]:
    """Return the indexes of the (sorted, disjoint) leaves that columns [a, b) overlap."""
    k = max(0, bisect_right(starts, a) - 1)
    end = bisect_left(starts, b)
    return [n for n in range(k, end) if a < leaves[n][1] and leaves[n][0] < b]


def _align_space_rows(
    rows: list[list[_Word]], has_values: list[bool]
) -> list[tuple[tuple[str, ...], int]] | None:
    """Return the rows of a space-aligned table with every column in place, or None.

    The columns are the header's leaf cells (a header word with no header word under it: 「自然人」,
    「商业企业」 under 「法人或其他组织」, 「结果维持」 under 「行政复议」); a word broken over two header
    lines (「商业」/「企业」) is one leaf. A value row's cells go to the leaf they sit under, blanks
    become empty cells, and each row is [label, leaf 1, leaf 2, …] (value rows without a label
    drop the label cell), with the index of the row it came from (a header group: its first row).
    None when a value row has no header above it, two values fall under one leaf or a value under
    none: then the table is read by count.
    """
    out: list[tuple[tuple[str, ...], int]] = []
    leaves: list[tuple[int, int]] = []
    i = 0
    while i < len(rows):
        if not has_values[i]:
            j = i
            while j < len(rows) and not has_values[j]:
                j += 1
            group = rows[i:j]
            leaves = []
            for g, line in enumerate(group):
                below = [(x[1], x[2]) for later in group[g + 1 :] for x in later]
                for _, a, b in line:
                    if not any(a < y and x < b for x, y in below):
                        leaves.append((a, b))
            leaves.sort()
            starts = [a for a, _ in leaves]
            stacked: list[list[str]] = [[] for _ in leaves]
            for line in group:
                spanning = [""] * (len(leaves) + 1)
                for text, a, b in line:
                    hits = [n for n in _under(leaves, starts, a, b)]
                    if len(hits) == 1:
                        stacked[hits[0]].append(text)
                    else:
                        at = hits[0] + 1 if hits else 0
                        spanning[at] = (spanning[at] + " " + text).strip()
                if any(spanning):
                    out.append((tuple(spanning), i))
            out.append((("", *("\n".join(parts) for parts in stacked)), i))
            i = j
            continue
        line = rows[i]
        if not leaves:
            return None
        label = line[0][0] if line and not parse_value(line[0][0]).is_value else ""
        cells = [""] * len(leaves)
        for text, a, b in line[1:] if label else line:
            hits = _under(leaves, starts, a, b)
            if not hits:
                return None
            best = max(hits, key=lambda n: min(b, leaves[n][1]) - max(a, leaves[n][0]))
            if cells[best]:
                return None
            cells[best] = text
        out.append(((label, *cells) if label else tuple(cells), i))
        i += 1
    return out


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
                elif kj in ("blank", "empty"):
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
        elif k == "cell" or (k == "empty" and _cells_follow(kinds, i)):
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


def _cells_follow(kinds, i: int) -> bool:
    """True when the empty cells starting at line `i` lead to a cell with text in the same row."""
    j = i
    while j < len(kinds) and kinds[j] == "empty":
        j += 1
    return j < len(kinds) and kinds[j] == "cell"


def _cell_lines(lines, kinds, offsets, i: int, blocks: list[Block], used: list[bool]) -> int:
    n = len(lines)
    rows: list[tuple[str, ...]] = []
    rlines: list[tuple[int, ...]] = []
    cells: list[str] = []
    clines: list[int] = []
    last = i
    j = i
    prev = "blank"
    empties = False
    while j < n:
        kj = kinds[j]
        if kj in ("cell", "empty"):
            cells.append(lines[j].strip())
            clines.append(j + 1)
            empties = empties or kj == "empty"
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
    if any(any(r) for r in rows):
        blocks.append(_block(rows, rlines, offsets, lines, i, last, "lines", keeps_blanks=empties))
    return last + 1


def _space_blocks(lines, kinds, offsets, used, spans) -> list[Block]:
    out: list[Block] = []
    rows: list[list[_Word]] = []
    rlines: list[int] = []
    blank_rows: set[int] = set()
    first = last = -1

    def flush() -> None:
        nonlocal rows, rlines, first, blank_rows
        # A row is data when it prints a value or is a row label standing alone (its cells blank).
        values = [n in blank_rows or any(parse_value(w[0]).is_value for w in r) for n, r in enumerate(rows)]
        # A lone header line is not a table: a table has a row of values, or a header of two lines
        # or more (table 四 printed with its value row empty).
        if rows and (len(rows) >= 2 or any(values)):
            aligned = None
            if any(values) and _wide_gaps(lines, rlines):
                aligned = _align_space_rows(rows, values)
            if aligned is not None:
                grid_rows = [r for r, _ in aligned]
                row_lines = [(rlines[src],) * len(r) for r, src in aligned]
                out.append(
                    _block(grid_rows, row_lines, offsets, lines, first, last, "space", keeps_blanks=True)
                )
            else:
                plain = [tuple(w[0] for w in r) for r in rows]
                plain_lines = [(n,) * len(r) for n, r in zip(rlines, plain, strict=True)]
                out.append(_block(plain, plain_lines, offsets, lines, first, last, "space"))
        rows, rlines, first, blank_rows = [], [], -1, set()

    # Only the lines inside the spans can be space rows; a span's end ends a table.
    ranges = (
        [(0, len(lines))]
        if spans is None
        else [(bisect_left(offsets, a), bisect_left(offsets, b)) for a, b in sorted(spans)]
    )
    for lo, hi in ranges:
        for j in range(lo, hi):
            line = lines[j]
            if used[j] or kinds[j] in ("skip", "pipe", "tab", "cell"):
                if rows:
                    flush()
                continue
            if kinds[j] in ("blank", "empty"):
                continue
            cells = _space_row(line)
            if cells is None and rows:
                words = _words(line)
                if len(words) == 1 and parse_value(words[0][0]).value is not None:
                    cells = words  # a value row with a single printed cell (the rest blank)
                elif _blank_row_label(line):
                    w = words[0] if words else ("", 0, 0)
                    cells = [(line.strip(), w[1], words[-1][2] if words else 0)]  # a row of blanks
                    blank_rows.add(len(rows))
            if cells is None:
                if rows:
                    flush()
                continue
            if first < 0:
                first = j
            rows.append(cells)
            rlines.append(j + 1)
            last = j
        if rows:
            flush()
    return out


def _blank_row_label(line: str) -> bool:
    """True when `line` is a row label printed alone (its cells blank), not a sentence or a heading."""
    flat = compact(line).strip("*")
    if len(flat) > 60 or "。" in flat or flat.endswith("情况") or flat in ("行政复议", "行政诉讼"):
        return False  # a sentence, a section heading, table 四's header
    return is_table_label(line.strip())


def _wide_gaps(lines: Sequence[str], rlines: Sequence[int]) -> bool:
    """True when the rows keep their alignment: some cells are two or more columns apart."""
    return any("  " in lines[n - 1].strip() for n in rlines)


def _block(
    rows, rlines, offsets, lines, first: int, last: int, layout: str, keeps_blanks: bool = False
) -> Block:
    start = offsets[first]
    end = offsets[last] + len(lines[last])
    grid = Grid(rows=tuple(rows), start=start, end=end, source=f"text:line {first + 1}")
    return Block(grid=grid, layout=layout, lines=tuple(rlines), keeps_blanks=keeps_blanks)


def detect_text_grids(text: str, *, covered: Sequence[tuple[int, int]] = ()) -> tuple[Grid, ...]:
    """Return the tables laid out in `text` (tab rows, pipe tables, one cell per line, space rows)."""
    return tuple(b.grid for b in detect_blocks(text, covered=covered))
