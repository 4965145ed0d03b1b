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


def wrap_breaks(text: str, start: int = 0, end: int | None = None, *, width: int | None = None) -> set[int]:
    """Return the offsets of the line breaks in ``text[start:end]`` that only wrap a paragraph.

    `width` is the usual line width; by default it is measured on the whole of `text`, so a short
    section of a wrapped report is judged by the report's page width.
    """
    end = len(text) if end is None else end
    lines = text.split("\n")
    w = usual_width(lines) if width is None else width
    if not w:
        return set()
    full = FULL_SHARE * w
    out: set[int] = set()
    pos = 0
    for a, b in zip(lines, lines[1:], strict=False):
        brk = pos + len(a)
        pos = brk + 1
        if brk < start or brk >= end:
            continue
        sa, sb = a.strip(), b.strip()
        if not (_prose(a) and _prose(b)) or _width(sa) < full:
            continue
        if _END.search(sa.rstrip("*_ ")) or _STARTS_BLOCK.match(sb):
            continue
        if _STARTS_BLOCK.match(sa) and not re.search(r"[，,。；;]", sa):
            continue  # a numbered heading as long as a printed line: 「三、收到和处理政府信息公开申请情况」
        out.add(brk)
    return out


def logical_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Return the (start, end) of the lines of ``text[start:end]``, wrapped lines joined into one."""
    breaks = wrap_breaks(text, start, end)
    out: list[tuple[int, int]] = []
    pos, joined_from = start, None
    for line in text[start:end].split("\n"):
        line_start, line_end = pos, pos + len(line)
        pos = line_end + 1
        s = line_start if joined_from is None else joined_from
        if line_end in breaks:
            joined_from = s
            continue
        joined_from = None
        out.append((s, line_end))
    return out


def unwrap(text: str, start: int, end: int, breaks: set[int]) -> str:
    """Return ``text[start:end]`` with the wrap breaks in it removed (blanks around them too)."""
    cut = sorted(b for b in breaks if start <= b < end)
    if not cut:
        return text[start:end]
    parts, pos = [], start
    for b in cut:
        parts.append(text[pos:b].rstrip(" "))
        pos = b + 1
    parts.append(text[pos:end])
    out = parts[0]
    for p in parts[1:]:
        p = p.lstrip(" ")
        # Latin words or numbers on both sides keep one blank between them.
        out += (
            " " if out[-1:].isascii() and out[-1:].isalnum() and p[:1].isascii() and p[:1].isalnum() else ""
        ) + p
    return out
