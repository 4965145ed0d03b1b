"""Hard line wraps inside paragraphs: which line breaks of a text only end a printed line.

PDF text (and text copied out of a PDF) breaks every paragraph into lines of the page width, often in
the middle of a word (「行政许可处理决」 / 「定数量737件」) or between a number and its unit. Stages that
read sentences (claims, section 五) must treat such a break as no break at all, and a real paragraph
end as one. `wrap_breaks` tells them apart without changing the text, so every offset stays valid:

- the line before the break is *full*: at least `FULL_SHARE` of the text's usual line width (the
  upper quartile of its narrative lines), which a paragraph of a text that is not wrapped never is
  unless it is itself very long;
- it does not end a sentence (。！？ or a colon that opens a list, possibly inside closing quotes);
- the next line is prose, not a heading, a list item, a table row or a page furniture line.
"""

from __future__ import annotations

import re

from .normalize import display_width

FULL_SHARE = 0.75
_MIN_LINES = 4
_END = re.compile(r"[。！？!?：:][”’」』)）】\]]*$")
_STARTS_BLOCK = re.compile(
    r"^(?:[#|>\-•·]|\*\*|[(（][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,2}[、.．]"
    r"|\d{1,2}[、.．](?!\d)|[①-⑳]|第[一二三四五六七八九十\d]{1,3}[部章节条页]|附件)"
)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_AMBIGUOUS = re.compile("[“”‘’…—·,;:()!?]")


def _width(line: str) -> int:
    """Return the printed width of a line: CJK fonts set 「“」「…」「—」 full width, and the ASCII
    punctuation of normalised Chinese text was full width (「，」「（」) before NFKC narrowed it."""
    return display_width(line) + len(_AMBIGUOUS.findall(line))


def _prose(line: str) -> bool:
    return bool(line.strip()) and "\t" not in line and bool(_CJK.search(line))


def usual_width(lines: list[str]) -> int:
    """Return the upper-quartile display width of the prose lines (0 when there are too few)."""
    widths = sorted(_width(ln.strip()) for ln in lines if _prose(ln) and len(ln.strip()) >= 8)
    if len(widths) < _MIN_LINES:
        return 0
    return widths[(3 * len(widths)) // 4]


_PAGE_MARK = re.compile(
    r"^\s*(?:[-—–]\s*\d{1,3}\s*[-—–]|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?"
    r"|共\s*\d{1,3}\s*页\s*[,，/]?\s*第\s*\d{1,3}\s*页|\d{1,3}\s*/\s*\d{1,3}|[Pp]age\s*\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?"
    r"|\d{1,3})\s*$"
)


def page_marks(lines: list[str]) -> set[int]:
    """Return the indexes of the lines that are page numbers (「- 3 -」「第3页 共8页」「3/8」「3」).

    A bare number is a page number only between lines that are not numbers (table cells one per line).
    """

    def digits(i: int) -> bool:
        return 0 <= i < len(lines) and lines[i].strip().isdigit()

    # (the cheap tests first: most lines fail the pattern at their first character, and a line it
    # matches is never blank)
    return {
        i
        for i, ln in enumerate(lines)
        if "\t" not in ln
        and _PAGE_MARK.match(ln)
        and not (ln.strip().isdigit() and (digits(i - 1) or digits(i + 1)))
    }


def page_furniture(text: str) -> set[int]:
    """Return the start offsets of the lines that are page furniture of a printed report.

    A page number (「- 3 -」「第3页 共8页」「3/8」) and a running header or footer: a short line without
    a sentence end, repeated word for word, where it sits within two lines of a page number (a copy
    of it elsewhere is left to the caller: `tables.text_grids` also drops the copies that read like a
    title or an agency name).
    """
    lines = text.split("\n")
    marks = page_marks(lines)
    if not marks:
        return set()
    starts, pos = [], 0
    for ln in lines:
        starts.append(pos)
        pos += len(ln) + 1
    counts: dict[str, int] = {}
    for ln in lines:
        key = ln.strip()
        if key and len(key) <= 60 and "。" not in key and "\t" not in ln:
            counts[key] = counts.get(key, 0) + 1

    def near_mark(i: int) -> bool:
        return any(j in marks for j in (i - 2, i - 1, i + 1, i + 2))

    out = {starts[i] for i in marks}
    for i, ln in enumerate(lines):
        if counts.get(ln.strip(), 0) >= 2 and near_mark(i):
            out.add(starts[i])
    return out


def wrap_breaks(
    text: str, start: int = 0, end: int | None = None, *, width: int | None = None
) -> dict[int, int]:
    """Return the line breaks in ``text[start:end]`` that only wrap a paragraph: break offset -> the
    offset where the paragraph goes on (the next line, or the first one after a page break's page
    number, running header and blank lines).

    `width` is the usual line width; by default it is measured on the whole of `text`, so a short
    section of a wrapped report is judged by the report's page width.
    """
    end = len(text) if end is None else end
    lines = text.split("\n")
    w = usual_width(lines) if width is None else width
    if not w:
        return {}
    furniture = page_furniture(text)
    full = FULL_SHARE * w
    out: dict[int, int] = {}
    starts, pos = [], 0
    for ln in lines:
        starts.append(pos)
        pos += len(ln) + 1
    for i, a in enumerate(lines[:-1]):
        brk = starts[i] + len(a)
        if brk < start or brk >= end or starts[i] in furniture:
            continue
        j = i + 1
        skipped = False
        while j < len(lines) and (starts[j] in furniture or (not lines[j].strip() and skipped)):
            skipped = skipped or starts[j] in furniture
            j += 1
        if j >= len(lines) or starts[j] >= end:
            continue
        b = lines[j]
        sa, sb = a.strip(), b.strip()
        if not (_prose(a) and _prose(b)) or _width(sa) < full:
            continue
        if _END.search(sa.rstrip("*_ ")) or _STARTS_BLOCK.match(sb):
            continue
        if _STARTS_BLOCK.match(sa) and not re.search(r"[，,。；;]", sa):
            continue  # a numbered heading as long as a printed line: 「三、收到和处理政府信息公开申请情况」
        out[brk] = starts[j]
    return out


def logical_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Return the (start, end) of the lines of ``text[start:end]``, wrapped lines joined into one
    (across a page break's furniture too)."""
    breaks = wrap_breaks(text, start, end)
    furniture = page_furniture(text)
    out: list[tuple[int, int]] = []
    pos, joined_from, resume = start, None, -1
    for line in text[start:end].split("\n"):
        line_start, line_end = pos, pos + len(line)
        pos = line_end + 1
        if line_start < resume:
            continue  # furniture inside a wrapped paragraph
        if joined_from is None and line_start in furniture:
            continue
        s = line_start if joined_from is None else joined_from
        if line_end in breaks:
            joined_from, resume = s, breaks[line_end]
            continue
        joined_from = None
        out.append((s, line_end))
    return out


def unwrap(text: str, start: int, end: int, breaks: dict[int, int]) -> str:
    """Return ``text[start:end]`` with the wrap breaks in it removed (blanks and page furniture too)."""
    cut = sorted((b, breaks[b]) for b in breaks if start <= b < end)
    if not cut:
        return text[start:end]
    parts, pos = [], start
    for b, resume in cut:
        parts.append(text[pos:b].rstrip(" "))
        pos = resume
    parts.append(text[pos:end])
    out = parts[0]
    for p in parts[1:]:
        p = p.lstrip(" ")
        # Latin words or numbers on both sides keep one blank between them.
        out += (
            " " if out[-1:].isascii() and out[-1:].isalnum() and p[:1].isascii() and p[:1].isalnum() else ""
        ) + p
    return out
