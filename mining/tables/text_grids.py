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
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate
from operator import add

from ..linewrap import page_furniture
from ..model import Grid
from ..normalize import compact, display_width
from .labels import is_table_label, match_t3_column, match_t3_label, match_t4_column, match_t4_row
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
    """Return where each line starts in the text the lines were split from (``text.split("\\n")``)."""
    # Line i starts after the i lines before it and their i line breaks (summed in C).
    return list(map(add, accumulate(map(len, lines), initial=0), range(len(lines))))


def _furniture(text: str, lines: Sequence[str], offsets: Sequence[int]) -> set[int]:
    """Return the indexes of the page furniture lines of `text`: page numbers and running headers.

    `linewrap.page_furniture` finds a running header next to a page number; the same line printed
    elsewhere (a page whose number the export lost) is the running header too.
    """
    starts = page_furniture(text)
    if not starts:
        return set()
    found = {i for i, pos in enumerate(offsets) if pos in starts}
    # A running header is a title or an agency name; a short word repeated near a page number is a
    # table's header word wrapped onto its own line (「结果」/「维持」).
    found = {i for i in found if not _CJK.search(lines[i]) or "页" in lines[i] or _header_like(lines[i])}
    headers = {lines[i].strip() for i in found if _header_like(lines[i])}
    if headers:
        found |= {i for i, ln in enumerate(lines) if "\t" not in ln and ln.strip() in headers}
    return found


_CJK = re.compile(r"[\u4e00-\u9fff]")


def _header_like(line: str) -> bool:
    text = line.strip()
    return len(text) >= 6 and bool(_CJK.search(text)) and not is_table_label(text)


def _kind(line: str) -> str:
    if "\t" not in line:  # most lines: narrative
        if not line or line.isspace():
            return "blank"
        return "pipe" if "|" in line and _is_pipe_row(line) else "plain"
    if line.isspace():
        # A line of tabs only is an empty cell of the one-cell-per-line layout (normalisation keeps it).
        return "empty"
    if "|" in line and _is_pipe_row(line):
        return "pipe"
    return "tab" if "\t" in line.lstrip("\t") else "cell"


def _is_pipe_row(line: str) -> bool:
    stripped = line.strip()
    return stripped.startswith("|") and stripped.count("|") >= 2


_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)


def _pipe_cells(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|"):
        s = s[:-1]
    if "<" not in s and "*" not in s and "_" not in s:
        return [c.strip() for c in s.split("|")]  # no markup in the row: each cell is one line
    cells = []
    for c in s.split("|"):
        c = _BR.sub("\n", c).replace("**", "").replace("__", "")
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
        word, start = m.group(), m.start()
        col += start - pos  # the blanks between words are one column each
        w = len(word) if word.isascii() else display_width(word)
        pos = start + len(word)
        text = word.replace("**", "") if "*" in word else word
        if text:
            out.append((text, col, col + w))
        col += w
    return out


def _space_row(line: str) -> list[_Word] | None:
    """Return the cells of a space-separated table line (label + values, or a header), else None.

    Each cell comes with its display columns; the words of a label are joined into one cell.
    """
    # The words' display columns are only needed for a line that is kept: most are not.
    tokens = [t for t in (w.replace("**", "") for w in line.split()) if t]
    k = 0
    while k < len(tokens):
        v = parse_value(tokens[-1 - k])
        if not v.is_value:
            break
        k += 1
    if k:
        label = " ".join(tokens[: len(tokens) - k]).strip()
        words = _words(line)
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
    if not tokens or "。" in flat:
        return None
    if _names_t3_results(tokens):
        return _words(line)  # the header of table 三 transposed: result labels side by side, however long
    if len(flat) > 120:
        return None
    if len(tokens) == 1:
        return _words(line) if "第二十条" in flat else None
    if all(len(t) <= 16 for t in tokens) and any(w in flat for w in _SPACE_HEADER_WORDS):
        return _words(line)
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


def _covered_kinds(
    lines: Sequence[str], offsets: Sequence[int], covered: Sequence[tuple[int, int]]
) -> list[str]:
    """Return each line's kind, ``skip`` for a line starting inside a `covered` span."""
    kinds: list[str] = []
    done = 0  # the lines before this one have their kind
    for start, end in sorted(covered):
        # Lines starting in [start, end) are covered (`offsets` is sorted): found by bisection, not
        # line by line, and the lines before them read.
        first = bisect_left(offsets, start, done)
        stop = bisect_left(offsets, end, first)
        kinds += map(_kind, lines[done:first])
        kinds += ["skip"] * (stop - first)
        done = stop
    kinds += map(_kind, lines[done:])
    return kinds


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
    kinds = _covered_kinds(lines, offsets, covered) if covered else list(map(_kind, lines))
    # A page number or running header inside a table is not part of it: the table goes on across it.
    for i in _furniture(text, lines, offsets):
        if kinds[i] == "plain":
            kinds[i] = "furniture"
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
                elif kj in ("blank", "empty", "furniture"):
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
    nxt = next(
        (kinds[k] for k in range(j + 1, min(j + 4, len(kinds))) if kinds[k] not in ("blank", "furniture")),
        None,
    )
    return nxt == "tab" or is_table_label(lines[j].strip())


def _cells_follow(kinds, i: int) -> bool:
    """True when the empty cells starting at line `i` lead to a cell with text in the same row."""
    j = i
    while j < len(kinds) and kinds[j] == "empty":
        j += 1
    return j < len(kinds) and kinds[j] == "cell"


def _cell_lines(lines, kinds, offsets, i: int, blocks: list[Block], used: list[bool]) -> int:
    """Read the one-cell-per-line table starting at line `i` into `blocks`; return the line after it.

    Blank lines are a hint for where rows end, not the only one: a text export may drop them or double
    them (normalisation then leaves one blank line between every two cells, which says nothing). Rows
    also start at their label cells (`_cell_rows`). Page furniture inside the table is skipped.
    """
    items = _cell_items(lines, kinds, i)
    spacing = _line_spacing(items)
    blanks = 0
    for n, (_, kind) in enumerate(items):
        if kind == "cont" and blanks > spacing:
            items = items[: n - blanks]  # a short line after a row break is text after the table
            break
        blanks = blanks + 1 if kind == "blank" else 0  # a page break's blank lines end no row
    while items and items[-1][1] in ("blank", "furniture"):
        items.pop()
    if not items:
        return i + 1
    cells: list[list] = []  # [text, 1-based line, kind]
    breaks: list[bool] = []  # a row break hint (blank lines) before each cell
    run, touched = 0, False
    for j, kind in items:
        if kind == "blank":
            run += 1
            continue
        used[j] = True
        if kind == "furniture":
            touched = True  # blank lines around a page break are the page's, not a row's end
            continue
        if kind == "cont":
            cells[-1][0] += "\n" + lines[j].strip()
        else:
            breaks.append(bool(cells) and run > spacing and not touched)
            cells.append([lines[j].strip(), j + 1, kind])
        run, touched = 0, False
    last = items[-1][0]
    rows = _cell_rows(cells, breaks)
    grid_rows = [tuple(c[0] for c in r) for r in rows]
    if any(any(r) for r in grid_rows):
        rlines = [tuple(c[1] for c in r) for r in rows]
        empties = any(c[2] == "empty" for c in cells)
        blocks.append(_block(grid_rows, rlines, offsets, lines, i, last, "lines", keeps_blanks=empties))
    return last + 1


def _cell_items(lines, kinds, i: int) -> list[tuple[int, str]]:
    """Return (line index, kind) of the lines of a one-cell-per-line table from line `i` on: ``cell``,
    ``empty``, ``blank``, ``furniture`` and ``cont`` (a cell's text wrapped onto an unindented line,
    「商业」/「企业」, right after the cell or across blank lines inside the table)."""
    n = len(lines)
    items: list[tuple[int, str]] = []
    j = i
    while j < n:
        kj = kinds[j]
        if kj in ("cell", "empty", "blank", "furniture"):
            items.append((j, kj))
        elif kj == "plain" and _wraps_cell(lines, kinds, j, items):
            items.append((j, "cont"))
        else:
            break
        j += 1
    return items


def _wraps_cell(lines, kinds, j: int, items: list[tuple[int, str]]) -> bool:
    """True when the unindented line `j` continues the cell before it (「商业」/「企业」)."""
    text = lines[j].strip()
    if len(text) > _MAX_CONTINUATION or _HEADING.match(lines[j]) or "。" in text:
        return False  # a heading or a sentence after the table
    blanks, page_break, n = 0, False, len(items)
    while n and items[n - 1][1] in ("blank", "furniture"):
        n -= 1
        page_break = page_break or items[n][1] == "furniture"
        blanks += items[n][1] == "blank"
    before = items[n - 1] if n else None
    if before is None or before[1] not in ("cell", "cont"):
        return False
    if before[1] == "cell" and parse_value(lines[before[0]].strip()).is_value:
        return False  # a label or header word wraps; a value ends its line
    if not blanks and not page_break:
        return True
    # Across blank lines or a page break only inside the table: a cell follows it.
    k = j + 1
    while k < len(kinds) and kinds[k] in ("blank", "furniture") and k - j <= blanks + 3:
        k += 1
    return (page_break or blanks <= 2) and k < len(kinds) and kinds[k] in ("cell", "empty")


def _line_spacing(items: list[tuple[int, str]]) -> int:
    """Return the blank lines a text puts between every two lines (1 when it doubled its line breaks):
    the fewest between two cells of the table, when every pair of cells has some."""
    gaps: list[int] = []
    run, touched, started = 0, False, False
    for _, kind in items:
        if kind == "blank":
            run += 1
        elif kind == "furniture":
            touched = True
        else:
            if started and not touched:
                gaps.append(run)
            started, run, touched = True, 0, False
    return min(gaps) if len(gaps) >= 4 and min(gaps) >= 1 else 0


def _role(text: str, kind: str) -> str:
    """Return what a cell is in a row: ``E`` empty, ``V`` value, ``S`` row label, ``C`` the heading
    over table 三's result rows (「三、本年度办理结果」), ``T`` other text (a header)."""
    if kind == "empty" or not text:
        return "E"
    if parse_value(text).is_value:
        return "V"
    if _starts_row(text):
        return "S"
    m = match_t3_label(text)
    return "C" if m is not None and m.container else "T"


def _starts_row(text: str) -> bool:
    """True when a cell is a row label: a row of table 二, 三 or 四, not a header word (「其他」「总计」)."""
    return is_table_label(text) and match_t3_column(text) is None


def _cell_rows(cells: list[list], breaks: list[bool]) -> list[list[list]]:
    """Return the cells grouped into rows.

    A row is its label cells then its values (`mapper._rows` reads it so), so a text cell after a
    value starts a new row, and so does a row label after a labelled row of empty cells. Empty cells
    between one row's values and the next row's label go with the label (a merged label cell printed
    empty), unless the row before is then narrower than most rows (its last cells were blank). Header
    cells before a row label are a row of their own, as are table 四's header cells before its values.
    A blank line (`breaks`) always ends a row.
    """
    roles = [_role(c[0], c[2]) for c in cells]
    rows: list[list[int]] = []
    moved: list[tuple[int, int]] = []  # (index of the row before, empty cells given to the next one)
    cur: list[int] = []
    for k, role in enumerate(roles):
        if cur and breaks[k]:
            rows.append(cur)
            cur = []
        elif cur and role in ("S", "C", "T"):
            texts = [x for x in cur if roles[x] in ("S", "C", "T")]
            region = cur[cur.index(texts[-1]) + 1 :] if texts else cur
            has_value = any(roles[x] == "V" for x in region)
            # A labelled row of empty cells ends at the next row label. Header cells may run before
            # its label (blank lines lost); table 四's header names 未经复议直接起诉 over empty cells.
            blank_row = (
                role == "S"
                and len(region) >= 2
                and bool(texts)
                and roles[texts[-1]] == "S"
                and all(roles[x] == "E" for x in region)
                and (all(roles[x] in ("S", "C") for x in texts) or match_t4_row(cells[texts[-1]][0]) is None)
            )
            if has_value or blank_row:
                tail = 0
                while tail < len(cur) and roles[cur[-1 - tail]] == "E":
                    tail += 1
                rows.append(cur[: len(cur) - tail])
                moved.append((len(rows) - 1, tail))
                cur = cur[len(cur) - tail :]
        cur.append(k)
    if cur:
        rows.append(cur)

    # Header cells run into a data row are a row of their own (before the widths are compared).
    pieces: list[list[int]] = []
    first: list[int] = []
    texts, hinted = [c[0] for c in cells], any(breaks)
    for row in rows:
        first.append(len(pieces))
        pieces.extend(_split_header(row, roles, texts, hinted))

    def region(row: list[int]) -> int:
        texts = [n for n, x in enumerate(row) if roles[x] in ("S", "C", "T")]
        return len(row) - (texts[-1] + 1 if texts else 0)

    if moved:
        # The rows' usual width: of the whole row when merged label cells print empty (every row as
        # wide as the grid), else of the values after the labels; whichever more rows agree on.
        data = [r for r in pieces if any(roles[x] == "V" for x in r)]
        best: tuple[int, int, object] | None = None
        for measure in (region, len):
            counts = Counter(measure(r) for r in data)
            if counts:
                usual, agree = counts.most_common(1)[0]
                if best is None or agree > best[1]:
                    best = (usual, agree, measure)
        if best is not None:
            usual, _, measure = best
            for r, tail in moved:
                before, after = pieces[first[r + 1] - 1], pieces[first[r + 1]]
                back = min(tail, usual - measure(before))  # type: ignore[operator]
                if back > 0:
                    before += after[:back]
                    del after[:back]
    return [[cells[x] for x in row] for row in pieces if row]


def _split_header(row: list[int], roles: list[str], texts: list[str], hinted: bool) -> list[list[int]]:
    """Return `row` split where header cells run into a data row (rows whose blank lines were lost)."""
    labels = [n for n, x in enumerate(row) if roles[x] in ("S", "C", "T")]
    if not labels:
        return [row]
    end = labels[-1] + 1
    values = any(roles[x] == "V" for x in row[end:])
    if not values and (hinted or match_t4_row(texts[row[end - 1]]) is not None):
        # A row of blanks run into the header only when no blank line separates rows at all (table
        # 四's header names its row labels over empty cells).
        return [row]
    start = end
    while start > 0 and roles[row[start - 1]] in ("S", "C", "E"):
        start -= 1
    while start < end and roles[row[start]] == "E":
        start += 1  # empty cells after the header's last word are the header's
    if any(roles[x] == "S" for x in row[start:end]) and any(roles[x] in ("T",) for x in row[:start]):
        return [row[:start], row[start:]]
    words = {match_t4_column(texts[x]) for x in row[:end] if roles[x] == "T"} - {None}
    if values and start == end and len(words) >= 3:
        return [row[:end], row[end:]]  # table 四's header, then its row of 15 values
    # Table 三 transposed: its header (result labels side by side), then an applicant row.
    app = end
    while app > 0 and (roles[row[app - 1]] == "E" or _applicant_word(texts[row[app - 1]])):
        app -= 1
    if values and app < end and sum(roles[x] == "S" for x in row[:app]) >= 4:
        return [row[:app], row[app:]]
    return [row]


def _applicant_word(text: str) -> bool:
    """True for an applicant type (自然人 … 总计) or the group word 「法人或其他组织」."""
    flat = compact(text)
    return match_t3_column(flat) is not None or flat.startswith(("法人或其他组织", "法人或者其他组织"))


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
            if kinds[j] in ("blank", "empty", "furniture"):
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
