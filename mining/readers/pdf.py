"""PDF: text in reading order without running headers/footers, and table grids from ruling lines.

Engine cascade (trafilatura-style): pypdfium2 first. It builds the page's text in C, gives text
rectangles (line pieces with their boxes) and the page's vector paths, from which the ruling lines of
tables are rebuilt: a lattice of horizontal and vertical rules, merged cells where a rule is missing,
each cell's text read with one bounded-text call. This costs a small multiple of bare text
extraction, where pdfplumber's table finder on every page costs ~30x. When pypdfium2's text is
garbled (glyphs without a Unicode map come out as U+FFFD, private-use or control characters) or it
cannot open the file, pdfplumber (pdfminer) is tried and the cleaner result wins; ``(cid:NNN)`` is
pdfminer's mark for the same failure. ``Document.reader`` records the engine that won.

Layout: pieces become lines by vertical overlap; lines at the top/bottom of pages that repeat on most
pages (digits masked) or look like page numbers (「第 3 页」, 「- 3 -」, 「3/12」) are dropped; lines
wrapped at the right margin are joined back into paragraphs; a table continued on the next page with
the same number of columns is joined into one grid (a repeated header row dropped).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from io import BytesIO
from typing import NamedTuple

from ..model import Document, ReadError
from ..normalize import compact
from ._render import TextBuilder, is_cjk

GARBLED_FALLBACK = 0.02
"""Above this share of garbled characters the other engine is tried."""
GARBLED_REFUSE = 0.3
"""Above this share (after both engines) the text layer is refused as unusable."""

MAX_PATH_SEGMENTS = 60_000
"""Paths with more segments are not read for table rules (Word draws a table's borders as one path of
thin filled rectangles: 5 segments a border, 4 borders a cell, about 6,000 for table 三)."""

_CID = re.compile(r"\(cid:\d+\)")
_BAD_CHARS = re.compile(r"[\ufffd\ue000-\uf8ff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_PAGE_NUMBER = re.compile(
    r"^(?:第#页(?:[,，/]?共#页)?|共#页[,，]?第#页|[-–—－~]*#[-–—－~]*|#/#|[Pp]age#(?:of#)?|#页)$"
)
_PARA_START = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}(?:[、.．]|\s+(?=\S))|[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[、.．](?!\d)|"
    r"[①-⑳]|第[一二三四五六七八九十]+[章条节部分]|#|\*\*)"
)
_TOL = 2.0


@dataclass
class _Line:
    top: float
    bottom: float
    x0: float
    x1: float
    text: str
    lead: float = 0.0
    """Width of the line's first unbreakable unit (a number or word, a character with the punctuation
    that may not start a line after it): a line before it that ended short by less was wrapped."""


@dataclass
class _Table:
    top: float
    bottom: float
    x0: float
    x1: float
    rows: list[list[str]]
    spanned: list[list[bool]]
    slack: list[list[float]] | None = None
    """Per cell, the room left right of its last text line (inf when empty or merged across columns)."""
    pad: float = 0.0
    """The table's cell padding: the least room left of any cell's text, at most 0.6 × `size`."""
    size: float = 0.0
    """The table's text height (median of its cells')."""
    xs: list[float] | None = None
    """Column boundaries, left to right."""


@dataclass
class _Page:
    number: int
    width: float
    height: float
    lines: list[_Line] = field(default_factory=list)
    tables: list[_Table] = field(default_factory=list)
    lost: int = 0
    """Glyph runs the engine could not place (their characters are missing from the text)."""
    clipped: bool = False
    """Text runs past the page's right edge: something wider than the page was cut off there."""


def garbled_share(text: str) -> float:
    """Return the share of characters in `text` that are glyphs without Unicode (cid, U+FFFD, PUA)."""
    n_cid = len(_CID.findall(text))
    rest = _CID.sub("", text)
    bad = len(_BAD_CHARS.findall(rest))
    total = len(re.sub(r"\s+", "", rest)) + n_cid
    return (n_cid + bad) / total if total else 0.0


# ----------------------------------------------------------------------------------------- lattice
def _cluster(values: list[float], tol: float = _TOL) -> list[float]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


def _merge_collinear(segs: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Merge (pos, a, b) segments at the same position (within the tolerance) whose spans touch.

    Positions are clustered first and each cluster's spans merged in order of their start: two
    pieces of one rule drawn 0.3 pt apart (a table split over pages, cells bordered one by one) must
    merge whatever side of a rounding boundary they fall on, and keep their full extent.
    """
    out: list[tuple[float, float, float]] = []
    clusters: list[list[tuple[float, float, float]]] = []
    for seg in sorted(segs):
        if clusters and seg[0] - clusters[-1][-1][0] <= _TOL:
            clusters[-1].append(seg)
        else:
            clusters.append([seg])
    for cluster in clusters:
        start = len(out)
        for pos, a, b in sorted(cluster, key=lambda s: s[1]):
            if len(out) > start and a <= out[-1][2] + _TOL:
                p, a0, b0 = out[-1]
                out[-1] = (p, a0, max(b0, b))
            else:
                out.append((pos, a, b))
    return out


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def lattice_tables(
    hsegs: list[tuple[float, float, float]],
    vsegs: list[tuple[float, float, float]],
    cell_text: Callable[[float, float, float, float], str],
) -> list[_Table]:
    """Return the tables drawn by ruling lines, merged cells expanded.

    `hsegs` are (y, x0, x1) and `vsegs` (x, y0, y1) in top-down page coordinates; `cell_text(x0, top,
    x1, bottom)` reads the text inside a box, either as a string or as (text, room left of its lines,
    room right of its last line, text height), which lets a row broken across pages be recognised
    (`_join_tables`). Cells are the lattice of distinct rule positions; two
    neighbouring cells are one merged cell where the rule between them is missing.
    """
    h = [s for s in _merge_collinear(hsegs) if s[2] - s[1] > 3]
    v = [s for s in _merge_collinear(vsegs) if s[2] - s[1] > 3]
    if len(h) < 2 or len(v) < 2 or len(h) * len(v) > 400_000:
        return []
    parent = list(range(len(h) + len(v)))
    for i, (y, hx0, hx1) in enumerate(h):
        for j, (x, vy0, vy1) in enumerate(v):
            if hx0 - _TOL <= x <= hx1 + _TOL and vy0 - _TOL <= y <= vy1 + _TOL:
                a, b = _find(parent, i), _find(parent, len(h) + j)
                if a != b:
                    parent[a] = b
    groups: dict[int, tuple[list, list]] = {}
    for i, s in enumerate(h):
        groups.setdefault(_find(parent, i), ([], []))[0].append(s)
    for j, s in enumerate(v):
        groups.setdefault(_find(parent, len(h) + j), ([], []))[1].append(s)
    tables = []
    for gh, gv in groups.values():
        ys = _cluster([s[0] for s in gh])
        xs = _cluster([s[0] for s in gv])
        if len(ys) < 2 or len(xs) < 3:
            continue  # a single column is a box around text, not a table
        table = _build_table(xs, ys, gh, gv, cell_text)
        if table is not None:
            tables.append(table)
    return sorted(tables, key=lambda t: t.top)


def _covered(segs: list[tuple[float, float, float]], pos: float, a: float, b: float) -> bool:
    mid_a, mid_b = a + (b - a) * 0.25, b - (b - a) * 0.25
    return any(abs(p - pos) <= _TOL and s0 <= mid_a + _TOL and s1 >= mid_b - _TOL for p, s0, s1 in segs)


def _build_table(xs, ys, gh, gv, cell_text) -> _Table | None:
    n_r, n_c = len(ys) - 1, len(xs) - 1
    parent = list(range(n_r * n_c))
    for r in range(n_r):
        for c in range(n_c):
            if c + 1 < n_c and not _covered(gv, xs[c + 1], ys[r], ys[r + 1]):
                a, b = _find(parent, r * n_c + c), _find(parent, r * n_c + c + 1)
                parent[a] = b
            if r + 1 < n_r and not _covered(gh, ys[r + 1], xs[c], xs[c + 1]):
                a, b = _find(parent, r * n_c + c), _find(parent, (r + 1) * n_c + c)
                parent[a] = b
    regions: dict[int, list[int]] = {}
    for r in range(n_r):
        for c in range(n_c):
            root = _find(parent, r * n_c + c)
            reg = regions.setdefault(root, [r, r, c, c])
            reg[0], reg[1] = min(reg[0], r), max(reg[1], r)
            reg[2], reg[3] = min(reg[2], c), max(reg[3], c)
    rows = [[""] * n_c for _ in range(n_r)]
    spanned = [[False] * n_c for _ in range(n_r)]
    inf = float("inf")
    slack = [[inf] * n_c for _ in range(n_r)]
    sizes: list[float] = []
    pad = inf
    filled = [[False] * n_c for _ in range(n_r)]
    any_text = False
    for r0, r1, c0, c1 in sorted(regions.values()):
        if filled[r0][c0]:
            continue
        got = cell_text(xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1])
        text, left, right, size = got if isinstance(got, tuple) else (got, inf, inf, 0.0)
        if size:
            sizes.append(size)
            pad = min(pad, left)
        any_text = any_text or bool(text.strip())
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if not filled[r][c]:
                    rows[r][c] = text
                    spanned[r][c] = (r, c) != (r0, c0)
                    slack[r][c] = right if c0 == c1 else inf
                    filled[r][c] = True
    if not any_text:
        return None
    size = sorted(sizes)[len(sizes) // 2] if sizes else 0.0
    pad = min(pad, 0.6 * size)  # centred text everywhere would make the padding look wide
    return _Table(ys[0], ys[-1], xs[0], xs[-1], rows, spanned, slack, pad if sizes else 0.0, size, list(xs))


# ------------------------------------------------------------------------------------- pypdfium2
def _page_objects(page, textpage, pdfium_c, height: float):
    """Return the page's ruling segments (horizontal, vertical) and its count of unplaced glyph runs.

    A text object with zero width and no text in a font the file does not embed is a glyph run pdfium
    could not measure: it happens with fonts that are neither embedded nor installed (non-embedded CID
    fonts such as STSong on a machine without CJK fonts), and pdfium then leaves those characters out of
    the page's text. With an embedded font such an object is simply empty (LibreOffice and Word write
    zero-glyph text objects for empty runs) and nothing is lost.
    """
    import ctypes

    hsegs: list[tuple[float, float, float]] = []
    vsegs: list[tuple[float, float, float]] = []
    lost = 0
    x, y = ctypes.c_float(), ctypes.c_float()
    box = [ctypes.c_float() for _ in range(4)]
    kinds = [pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_TEXT]
    for obj in page.get_objects(filter=kinds, max_depth=1):
        if obj.type == pdfium_c.FPDF_PAGEOBJ_TEXT:
            pdfium_c.FPDFPageObj_GetBounds(obj.raw, *box)
            if (
                box[2].value <= box[0].value
                and not pdfium_c.FPDFFont_GetIsEmbedded(pdfium_c.FPDFTextObj_GetFont(obj.raw))
                and _object_text(obj, textpage, pdfium_c) == ""
            ):
                lost += 1
            continue
        n = pdfium_c.FPDFPath_CountSegments(obj.raw)
        if n <= 0 or n > MAX_PATH_SEGMENTS:
            continue
        a, b, c, d, e, f = obj.get_matrix().get()
        start = prev = None
        found_h: list[tuple[float, float, float]] = []
        found_v: list[tuple[float, float, float]] = []
        for i in range(n):
            seg = pdfium_c.FPDFPath_GetPathSegment(obj.raw, i)
            kind = pdfium_c.FPDFPathSegment_GetType(seg)
            if kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
                break  # curves: a seal, a logo or a chart, not the rules of a table
            pdfium_c.FPDFPathSegment_GetPoint(seg, x, y)
            pt = (a * x.value + c * y.value + e, height - (b * x.value + d * y.value + f))
            if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
                start = prev = pt
                continue
            if kind == pdfium_c.FPDF_SEGMENT_LINETO and prev is not None:
                _add_segment(prev, pt, found_h, found_v)
            prev = pt
            if pdfium_c.FPDFPathSegment_GetClose(seg) and start is not None:
                _add_segment(pt, start, found_h, found_v)
                prev = start
        else:
            hsegs += found_h
            vsegs += found_v
    return hsegs, vsegs, lost


def _object_text(obj, textpage, pdfium_c) -> str:
    import ctypes

    n = pdfium_c.FPDFTextObj_GetText(obj.raw, textpage.raw, None, 0)
    buf = (ctypes.c_ushort * max(n, 1))()
    pdfium_c.FPDFTextObj_GetText(obj.raw, textpage.raw, buf, n)
    return bytes(buf).decode("utf-16-le", "replace").strip("\x00 ")


def _add_segment(p, q, hsegs, vsegs) -> None:
    (x0, y0), (x1, y1) = p, q
    if abs(y0 - y1) <= 1.0 and abs(x1 - x0) > 1.0:
        hsegs.append(((y0 + y1) / 2, min(x0, x1), max(x0, x1)))
    elif abs(x0 - x1) <= 1.0 and abs(y1 - y0) > 1.0:
        vsegs.append(((x0 + x1) / 2, min(y0, y1), max(y0, y1)))


def _clean(s: str) -> str:
    return s.replace("\r\n", "\n").replace("\r", "\n").replace("\x02", "")


def _pdfium_pages(data: bytes, path: str) -> list[_Page]:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise _encrypted(path) from exc
        raise
    pages: list[_Page] = []
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            width, height = page.get_size()
            tp = page.get_textpage()
            out = _Page(index + 1, width, height)
            hsegs, vsegs, out.lost = _page_objects(page, tp, pdfium_c, height)
            chars = _page_chars(tp, pdfium_c, height)
            out.clipped = any(c.x1 > width + 1.0 for c in chars)
            if hsegs and vsegs:
                out.tables = lattice_tables(hsegs, vsegs, _CharIndex(chars).cell_text)
            out.lines = _char_lines(_outside_tables(chars, out.tables))
            pages.append(out)
            tp.close()
            page.close()
    finally:
        pdf.close()
    return pages


class _Char(NamedTuple):
    ch: str
    x0: float
    top: float
    x1: float
    bottom: float


def _page_chars(textpage, pdfium_c, height: float) -> list[_Char]:
    """Return the page's characters with their boxes (top-down), without pdfium's generated ones.

    Boxes are pdfium's loose boxes (the font's ascent to descent), so a quotation mark or a comma has
    the height of its line. The line breaks and spaces pdfium inserts by guessing are dropped: lines
    and spaces are rebuilt from positions (`_char_lines`).
    """
    raw = textpage.raw
    import ctypes

    rect = pdfium_c.FS_RECTF()
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    get_unicode, get_box = pdfium_c.FPDFText_GetUnicode, pdfium_c.FPDFText_GetLooseCharBox
    out: list[_Char] = []
    for i in range(pdfium_c.FPDFText_CountChars(raw)):
        code = get_unicode(raw, i)
        if code in (10, 13, 0, 0xFFFE, 2) or (code == 32 and pdfium_c.FPDFText_IsGenerated(raw, i)):
            continue
        if not get_box(raw, i, rect):
            # No loose box (some Type 3 fonts): the glyph's own box still places the character.
            if not pdfium_c.FPDFText_GetCharBox(raw, i, left, right, bottom, top):
                continue
            out.append(_Char(chr(code), left.value, height - top.value, right.value, height - bottom.value))
            continue
        out.append(_Char(chr(code), rect.left, height - rect.top, rect.right, height - rect.bottom))
    return out


def _char_lines(chars: list[_Char]) -> list[_Line]:
    """Return characters grouped into lines by vertical position, each line read left to right.

    Office exports draw a line in many runs and not in reading order (a quotation mark or a digit in
    another font drawn after the line, characters placed one by one), so the order comes from the
    positions alone. Within a line a gap wider than three times the text height is a column gap (a
    tab, as text exports print it); a smaller gap is a space only where it is wider than a quarter
    of the height between Latin characters or wider than the height next to a CJK character
    (justified CJK text is spread, never spaced). A character drawn twice at almost the same place
    (fake bold) is read once.
    """
    if not chars:
        return []
    ordered = sorted(chars, key=lambda c: c.top + c.bottom)
    groups: list[list[_Char]] = []
    ref_bottom = -1e9
    for c in ordered:
        if groups and (c.top + c.bottom) / 2 <= ref_bottom + 0.5:
            groups[-1].append(c)
        else:
            groups.append([c])
            ref_bottom = c.bottom
    lines = []
    for group in groups:
        group.sort(key=lambda c: c.x0)
        size = max(max(c.bottom - c.top for c in group), 1.0)
        text = group[0].ch
        prev = group[0]
        for c in group[1:]:
            if c.ch == prev.ch and abs(c.x0 - prev.x0) < 0.3 * max(prev.x1 - prev.x0, 0.5):
                continue  # the same glyph drawn again over itself
            if c.ch == " ":
                text += "" if text[-1] in " \t" else " "
            else:
                gap = c.x0 - prev.x1
                if gap > 3 * size:
                    text = text.rstrip(" ") + "\t"
                elif text[-1] not in " \t" and gap > (
                    size if is_cjk(c.ch) or is_cjk(text[-1]) else 0.25 * size
                ):
                    text += " "
                text += c.ch
            prev = c
        text = text.strip()
        if text:
            lines.append(
                _Line(
                    min(c.top for c in group),
                    max(c.bottom for c in group),
                    group[0].x0,
                    max(c.x1 for c in group),
                    text,
                    _lead_width(group),
                )
            )
    return lines


_WORD_CHARS = frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.,%-/:")
_NO_LINE_START = frozenset("、，。；：？！）》」』”’%,.;:?!)]")


def _lead_width(group: list[_Char]) -> float:
    """Return the width of the first unit a line break cannot split (see `_Line.lead`)."""
    k = 1
    if group[0].ch in _WORD_CHARS:
        while k < len(group) and group[k].ch in _WORD_CHARS:
            k += 1
    while k < len(group) and group[k].ch in _NO_LINE_START:
        k += 1
    return group[k - 1].x1 - group[0].x0


class _CharIndex:
    """The characters of a page sorted by vertical centre, to read the text inside a table cell.

    A cell's text is rebuilt from the characters whose centre lies inside it, line by line. Asking
    pdfium for the text inside the cell's box instead returns the characters in drawing order, which
    office exports do not keep (「及三“」 for 「及“三」), and pdfium's guessed line breaks (a cell's
    last line joined to the one before with a space, 「禁止公 开」).
    """

    def __init__(self, chars: list[_Char]) -> None:
        self.chars = sorted(chars, key=lambda c: c.top + c.bottom)
        self.mids = [(c.top + c.bottom) / 2 for c in self.chars]

    def cell_text(self, x0: float, top: float, x1: float, bottom: float) -> tuple[str, float, float, float]:
        """Return the text inside the box, the room left of its lines and right of its last line, and its
        text height."""
        lo, hi = bisect_left(self.mids, top), bisect_right(self.mids, bottom)
        inside = [c for c in self.chars[lo:hi] if x0 <= (c.x0 + c.x1) / 2 <= x1]
        lines = _char_lines(inside)
        if not lines:
            inf = float("inf")
            return "", inf, inf, 0.0
        left = min(ln.x0 for ln in lines) - x0
        last = lines[-1]
        return "\n".join(ln.text for ln in lines), left, x1 - last.x1, last.bottom - last.top


def _encrypted(path: str) -> ReadError:
    return ReadError(
        path,
        "encrypted PDF: it cannot be opened without a password",
        "ask the publisher for an unprotected copy, or decrypt it first (e.g. `qpdf --decrypt`)",
    )


def _outside_tables(pieces: list[_Char], tables: list[_Table]) -> list[_Char]:
    if not tables:
        return pieces
    out = []
    for p in pieces:
        cx, cy = (p.x0 + p.x1) / 2, (p.top + p.bottom) / 2
        if not any(t.x0 - 1 <= cx <= t.x1 + 1 and t.top - 1 <= cy <= t.bottom + 1 for t in tables):
            out.append(p)
    return out


# ------------------------------------------------------------------------------------ pdfplumber
def _plumber_pages(data: bytes, path: str) -> list[_Page]:
    import pdfplumber

    try:
        pdf = pdfplumber.open(BytesIO(data))
    except Exception as exc:
        name = type(exc).__name__
        if "Password" in name or "Encrypt" in name or "password" in str(exc).lower():
            raise _encrypted(path) from exc
        raise
    pages: list[_Page] = []
    with pdf:
        for index, page in enumerate(pdf.pages):
            out = _Page(index + 1, float(page.width), float(page.height))
            for table in page.find_tables():
                out.tables.extend(_plumber_table(page, table))
            boxes = [(t.x0, t.top, t.x1, t.bottom) for t in out.tables]

            def outside(obj, boxes=boxes):
                cx = (obj.get("x0", 0) + obj.get("x1", 0)) / 2
                cy = (obj.get("top", 0) + obj.get("bottom", 0)) / 2
                return not any(b[0] - 1 <= cx <= b[2] + 1 and b[1] - 1 <= cy <= b[3] + 1 for b in boxes)

            body = page.filter(outside) if boxes else page
            for ln in body.extract_text_lines():
                if ln["text"].strip():
                    out.lines.append(_Line(ln["top"], ln["bottom"], ln["x0"], ln["x1"], ln["text"].strip()))
            pages.append(out)
            page.close()
    return pages


def _plumber_table(page, table) -> list[_Table]:
    hsegs, vsegs = [], []
    for x0, top, x1, bottom in table.cells:
        hsegs += [(top, x0, x1), (bottom, x0, x1)]
        vsegs += [(x0, top, bottom), (x1, top, bottom)]

    def cell_text(x0, top, x1, bottom):
        return page.within_bbox((x0, top, x1, bottom), strict=False).extract_text() or ""

    return lattice_tables(hsegs, vsegs, cell_text)


# -------------------------------------------------------------------------------------- assembly
def _mask(text: str) -> str:
    return re.sub(r"\d+", "#", compact(text))


def _drop_running_lines(pages: list[_Page]) -> None:
    """Remove page headers, footers and page numbers in place.

    Candidates are the outermost lines of a page (at most two at each edge, inside the top/bottom
    12 %), above or below any table. A candidate goes when it looks like a page number or when, digits
    masked, it recurs on at least half of the pages. Lines are removed from the edge inwards and only
    once per page, so a report title printed under an identical running header survives.
    """
    n = len(pages)
    bands: list[tuple[list[_Line], list[_Line]]] = []
    counts: tuple[Counter[str], Counter[str]] = (Counter(), Counter())  # top band, bottom band
    for page in pages:
        limit_top = min((t.top for t in page.tables), default=page.height)
        limit_bottom = max((t.bottom for t in page.tables), default=0.0)
        top = [ln for ln in page.lines[:2] if ln.bottom < page.height * 0.12 and ln.bottom <= limit_top]
        bottom = [
            ln for ln in page.lines[-2:][::-1] if ln.top > page.height * 0.88 and ln.top >= limit_bottom
        ]
        bottom = [ln for ln in bottom if ln not in top]
        bands.append((top, bottom))
        counts[0].update({_mask(ln.text) for ln in top})
        counts[1].update({_mask(ln.text) for ln in bottom})

    # A running line recurs in the same band: the agency's name heading page 1 and signing the last
    # page is twice at an edge, but once in each band.
    def running(line: _Line, band: Counter[str]) -> bool:
        key = _mask(line.text)
        return bool(_PAGE_NUMBER.match(key)) or (n >= 2 and band[key] >= max(2, 0.5 * n))

    for page, (top, bottom) in zip(pages, bands, strict=False):
        drop: set[int] = set()
        for edge, band in ((top, counts[0]), (bottom, counts[1])):
            seen: set[str] = set()
            for line in edge:  # from the page edge inwards
                key = _mask(line.text)
                if key in seen or not running(line, band):
                    break
                seen.add(key)
                drop.add(id(line))
        page.lines = [ln for ln in page.lines if id(ln) not in drop]


def _joiner(a: str, b: str) -> str:
    # A wrapped Chinese line continues without a space; only Latin words and numbers need one.
    return " " if a[-1:].isascii() and a[-1:].isalnum() and b[:1].isascii() and b[:1].isalnum() else ""


def _assemble(pages: list[_Page]) -> tuple[TextBuilder, list[str]]:
    body = [ln for p in pages for ln in p.lines]
    lefts = sorted(ln.x0 for ln in body)
    rights = sorted(ln.x1 for ln in body)
    left = lefts[len(lefts) // 20] if lefts else 0.0
    right = rights[int(len(rights) * 0.95)] if rights else 0.0
    blocks: list[tuple] = []  # ("p", text) | ("t", table, first_page, last_page)
    para: list[str] = []
    prev: _Line | None = None

    def flush() -> None:
        nonlocal para
        if para:
            blocks.append(("p", "".join(para)))
            para = []

    for page in pages:
        items = [(ln.top, 0, ln) for ln in page.lines] + [(t.top, 1, t) for t in page.tables]
        for _, kind, item in sorted(items, key=lambda it: (it[0], it[1])):
            if kind == 1:
                flush()
                prev = None
                last = blocks[-1] if blocks else None
                if (
                    last is not None
                    and last[0] == "t"
                    and last[3] == page.number - 1
                    and _same_table(last[1], item)
                ):
                    blocks[-1] = ("t", _join_tables(last[1], item), last[2], page.number)
                else:
                    blocks.append(("t", item, page.number, page.number))
                continue
            height = max(item.bottom - item.top, 6.0)
            continues = (
                prev is not None
                and (prev.x1 >= right - 1.5 * height or prev.x1 + item.lead >= right - 0.25 * height)
                and not _PARA_START.match(item.text)
                and item.x0 <= left + 1.2 * height
                and "\t" not in item.text
                and "\t" not in prev.text
            )
            if continues and para:
                para.append(_joiner(para[-1], item.text) + item.text)
            else:
                flush()
                para = [item.text]
            prev = item
    flush()
    builder = TextBuilder()
    for block in blocks:
        if block[0] == "p":
            builder.add_text(block[1])
        else:
            _, table, first, last = block
            source = f"pdf:p{first}" if first == last else f"pdf:p{first}-{last}"
            builder.add_grid(table.rows, table.spanned, source=source, page=first)
    return builder, []


_ROW_START = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}[、.．]|[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[、.．](?!\d))"
)


_VALUE = re.compile(r"^\s*(?:[-+]?[\d,.]+\s*(?:万?元|%)?|[/—–\-无])\s*$")


def _join_tables(a: _Table, b: _Table) -> _Table:
    """Return table `a` continued by `b` (the same table on the next page).

    Header rows that `b` repeats are dropped. A row broken across the page break (Word and WPS let a
    row break by default) is put back together: when the first row of `b` has text only in cells
    where the last row of `a` has text, leaves a cell of that row empty (the values stay on the
    first page) or holds no value at all (a header row broken), does not start a numbered item (「2.」「（五）」), its text continues the cells of
    that row, and the cells merged with it below take the joined text. One of the continued cells
    must end on a full line on the first page (its text was wrapped there), so a short label
    followed by a row of blanks (「规章」 after a page break) stays a row of its own.
    """
    if len(a.rows[0]) != len(b.rows[0]) and a.xs and b.xs:
        union = _cluster(a.xs + b.xs)
        a, b = _regrid(a, union), _regrid(b, union)
    k = 0
    while k < len(a.rows) and k < len(b.rows) - 1 and b.rows[k] == a.rows[k]:
        k += 1  # a header row repeated on the continuation page
    rows = [list(r) for r in b.rows[k:]]
    spanned = [list(m) for m in b.spanned[k:]]
    head = a.rows[-1]
    first, marks = rows[0], spanned[0]
    own = [j for j, t in enumerate(first) if t.strip() and not marks[j]]
    own_span = range(1, len(first))
    if (
        own
        and all(head[j].strip() for j in own)
        and (
            any(head[j].strip() and not first[j].strip() for j in range(len(first)))
            or not any(_VALUE.match(first[j]) for j in own)
        )
        and not any(_ROW_START.match(first[j]) for j in own)
        and any(_wrapped(a, j, first[j]) for j in own)
        and not any(
            _merged_left(first, marks, j) and not _merged_left(head, a.spanned[-1], j) for j in own_span
        )
    ):
        joined = list(head)
        for j in own:
            text = head[j] + "\n" + first[j]
            _fill_region(rows, spanned, 0, j, first[j], text)
            joined[j] = text
        for j, t in enumerate(first):  # cells of the broken row merged to its right
            if marks[j] and j > 0 and joined[j - 1] != head[j - 1] and t == first[j - 1]:
                joined[j] = joined[j - 1]
        return _Table(
            a.top,
            b.bottom,
            a.x0,
            a.x1,
            a.rows[:-1] + [joined] + rows[1:],
            a.spanned + spanned[1:],
            a.slack[:-1] + b.slack[k:] if a.slack and b.slack else None,
            a.pad,
            a.size,
        )
    slack = a.slack + b.slack[k:] if a.slack and b.slack else None
    return _Table(a.top, b.bottom, a.x0, a.x1, a.rows + rows, a.spanned + spanned, slack, a.pad, a.size)


def _merged_left(row: list[str], marks: list[bool], j: int) -> bool:
    return marks[j] and row[j] == row[j - 1]


def _same_table(a: _Table, b: _Table) -> bool:
    """Return True when `b` (first on its page) can continue `a` (last on the page before).

    Either both have the same number of columns or they span the same width: a part of a table on one
    page can lack column rules the other part has (a header row broken across the page break is
    drawn with fewer cells), and both parts are then put on the union of their column boundaries.
    """
    if len(a.rows[0]) == len(b.rows[0]):
        return True
    return bool(a.xs and b.xs) and abs(a.x0 - b.x0) <= 2 * _TOL and abs(a.x1 - b.x1) <= 2 * _TOL


def _regrid(table: _Table, union: list[float]) -> _Table:
    """Return `table` on the column boundaries `union` (a superset of its own): split cells are merged."""
    assert table.xs is not None
    inf = float("inf")
    spans = []  # per own column, the union columns it covers
    for c in range(len(table.xs) - 1):
        lo, hi = table.xs[c], table.xs[c + 1]
        spans.append(
            [u for u in range(len(union) - 1) if lo - _TOL <= union[u] and union[u + 1] <= hi + _TOL]
        )
    rows, spanned, slack = [], [], []
    for r, row in enumerate(table.rows):
        out, marks, room = [], [], []
        for c, text in enumerate(row):
            for i, _ in enumerate(spans[c] or [None]):
                out.append(text)
                marks.append(table.spanned[r][c] or i > 0)
                room.append(table.slack[r][c] if table.slack and i == len(spans[c]) - 1 else inf)
        rows.append(out)
        spanned.append(marks)
        slack.append(room)
    width = max(len(r) for r in rows)
    for out, marks, room in zip(rows, spanned, slack, strict=True):
        out += [""] * (width - len(out))
        marks += [False] * (width - len(marks))
        room += [inf] * (width - len(room))
    return _Table(
        table.top,
        table.bottom,
        table.x0,
        table.x1,
        rows,
        spanned,
        slack if table.slack else None,
        table.pad,
        table.size,
        union,
    )


_OPENERS = frozenset("(（“‘《「『[【〔")


def _lead_units(text: str) -> float:
    """Return the width, in character heights, of the first unit a line break cannot split in `text`.

    An opening bracket or quote goes with the character after it, a closing punctuation mark with
    the character before it, and a number or Latin word is not broken (half-width characters).
    """
    s = text.strip()
    k, units = 0, 0.0
    while k < len(s) and s[k] in _OPENERS:
        units += 0.5 if s[k].isascii() else 1.0
        k += 1
    if k < len(s) and s[k] in _WORD_CHARS:
        while k < len(s) and s[k] in _WORD_CHARS:
            units += 0.55
            k += 1
    elif k < len(s):
        units += 1.0
        k += 1
    while k < len(s) and s[k] in _NO_LINE_START:
        units += 0.5 if s[k].isascii() else 1.0
        k += 1
    return units


def _wrapped(table: _Table, col: int, following: str) -> bool:
    """Return True when the last row's text in `col` ends on a full line (it was wrapped, so it may go on).

    Full means the room right of the line is at most the cell padding plus the first unbreakable unit
    of the text `following` it (one character, 「（未」, a number). Without positions (the pdfplumber
    engine) every line counts as full.
    """
    if not table.slack or not table.size:
        return True
    return table.slack[-1][col] <= table.pad + (_lead_units(following) + 0.2) * table.size


def _fill_region(
    rows: list[list[str]], spanned: list[list[bool]], r: int, c: int, old: str, new: str
) -> None:
    """Give the merged cell at (r, c) and its spanned copies (same text, adjacent) the text `new`."""
    stack = [(r, c)]
    seen = set()
    while stack:
        i, j = stack.pop()
        if (i, j) in seen or not (0 <= i < len(rows) and 0 <= j < len(rows[i])) or rows[i][j] != old:
            continue
        if (i, j) != (r, c) and not spanned[i][j]:
            continue
        seen.add((i, j))
        rows[i][j] = new
        stack += [(i + 1, j), (i, j + 1)]


def _page_text(page: _Page) -> str:
    return "\n".join([ln.text for ln in page.lines] + [c for t in page.tables for r in t.rows for c in r])


def read_pdf(data: bytes, path: str, *, sha256: str = "") -> Document:
    """Return the `Document` of a PDF; raise `ReadError` when it is encrypted, scanned or garbled."""
    attempts: list[tuple[str, list[_Page] | None, float, str]] = []
    for engine, fn in (("pypdfium2", _pdfium_pages), ("pdfplumber", _plumber_pages)):
        try:
            pages = fn(data, path)
        except ReadError:
            raise
        except Exception as exc:  # noqa: BLE001 - one engine failing is a reason to try the other
            attempts.append((engine, None, 1.0, f"{engine} failed: {type(exc).__name__}: {exc}"))
            continue
        text = "\n".join(_page_text(p) for p in pages)
        share = garbled_share(text)
        lost = sum(p.lost for p in pages)
        note = (
            f"{engine} could not place {lost} glyph run(s) (font neither embedded nor installed)"
            if lost
            else ""
        )
        attempts.append((engine, pages, share, note))
        if share <= GARBLED_FALLBACK and not lost and len(re.sub(r"\s+", "", text)) >= 20:
            break
    usable = [a for a in attempts if a[1] is not None]
    if not usable:
        raise ReadError(path, "damaged PDF: " + "; ".join(a[3] for a in attempts), "re-download the file")
    # Least garbled wins; between equally clean readings, the one that lost no glyphs.
    engine, pages, share, _ = min(
        usable, key=lambda a: (a[2] > GARBLED_FALLBACK, sum(p.lost for p in a[1]), a[2])
    )
    assert pages is not None
    n_chars = [len(re.sub(r"\s+", "", _page_text(p))) for p in pages]
    if sum(n_chars) < 20:
        raise ReadError(
            path,
            f"no text layer: the PDF ({len(pages)} pages) is scanned images",
            "run OCR first (e.g. `ocrmypdf -l chi_sim in.pdf out.pdf`) and read the result",
        )
    if share > GARBLED_REFUSE:
        raise ReadError(
            path,
            f"garbled text layer: {share:.0%} of the characters have no Unicode mapping in both engines",
            "run OCR on the pages instead of reading their text layer",
        )
    warnings = [a[3] for a in attempts if a[3]]
    if share > GARBLED_FALLBACK:
        warnings.append(f"{share:.1%} of the characters are garbled (glyphs without a Unicode mapping)")
    empty = [p.number for p, n in zip(pages, n_chars, strict=False) if n == 0]
    if empty:
        warnings.append(
            f"page(s) {', '.join(map(str, empty))} have no text layer (scanned?); their content is missing"
        )
    clipped = [p.number for p in pages if p.clipped]
    if clipped:
        warnings.append(
            f"page(s) {', '.join(map(str, clipped))}: text runs past the page's right edge (a table wider"
            " than the page?); what lies beyond the edge is missing"
        )
    _drop_running_lines(pages)
    builder, extra = _assemble(pages)
    return Document(
        path=path,
        format="pdf",
        reader=engine,
        text=builder.text,
        grids=tuple(builder.grids),
        pages=len(pages),
        warnings=tuple(warnings + extra),
        sha256=sha256,
    )


__all__ = ["garbled_share", "lattice_tables", "read_pdf"]
