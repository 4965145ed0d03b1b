"""`extract_claims`: the narrative of a report -> its `Claim`s, through the spaCy pipeline."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import Any

from ..linewrap import page_furniture, wrap_breaks
from ..model import Claim, Grid, Section
from .nlp import SPAN_KEY, load_pipeline, sentence_starts
from .numbers import MONEY_UNITS, round_value

# A flattened table row without tabs: numbers separated by blanks and no sentence punctuation.
_TABLE_LIKE = re.compile(r"^[\s\d.,/—\-]*$|^[^，。；：,;:]{0,40}?(?:\s+[\d.,/—\-]+){2,}\s*$")
# Page furniture of a PDF or a print: 「第3页 共8页」「第 3 页」「共8页 第3页」「Page 3 of 8」 (「- 3 -」 is table-like).
_PAGE_MARK = re.compile(
    r"^(?:第\s*\d+\s*页\s*[,，/]?\s*(?:共\s*\d+\s*页)?|共\s*\d+\s*页\s*[,，/]?\s*第\s*\d+\s*页"
    r"|[Pp]age\s*\d+(?:\s*(?:of|/)\s*\d+)?)$"
)


def narrative_lines(text: str, grids: Sequence[Grid] = ()) -> list[tuple[int, int]]:
    """Return the (start, end) offsets of the lines of `text` that are narrative, not table rows.

    Skipped: lines holding a tab (rendered tables), Markdown table lines (``|``), lines inside a
    `Grid`'s span, flattened rows made only of numbers, page numbers (「第3页 共8页」) and running headers
    next to them.
    """
    spans = sorted((g.start, g.end) for g in grids if g.end > g.start)
    furniture = page_furniture(text)
    out = []
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        stripped = line.strip()
        if not stripped or "\t" in line or stripped.startswith("|") or _TABLE_LIKE.match(stripped):
            continue
        if _PAGE_MARK.match(stripped) or start in furniture:
            continue
        if any(s <= start < e or s < end <= e for s, e in spans):
            continue
        out.append((start, end))
    return out


def _section_at(sections: Sequence[Section], pos: int) -> str:
    key = "preamble"
    for s in sections:
        if min(s.heading_start, s.start) <= pos < s.end:
            key = s.key
    return key


def extract_claims(
    text: str,
    sections: Sequence[Section],
    *,
    template: str | None = None,
    nlp: Any = None,
    grids: Sequence[Grid] = (),
) -> tuple[Claim, ...]:
    """Return the claims stated in the narrative of `text` (every section and the preamble).

    Offsets point into `text`. Table rows are skipped (see `narrative_lines`). One spaCy Doc is
    built for the whole narrative; `nlp` defaults to `load_pipeline()` (built once per process).
    """
    lines = narrative_lines(text, grids)
    if not lines:
        return ()
    pipe = nlp if nlp is not None else load_pipeline()
    # A line that only wraps a paragraph (PDF text) joins the next one with no break: the sentence,
    # and a number or a label cut by the wrap (「行政许可处理决」/「定数量737件」), stay whole.
    wraps = wrap_breaks(text)
    parts, narr_starts, text_starts = [], [], []
    n = 0
    for k, (s, e) in enumerate(lines):
        narr_starts.append(n)
        text_starts.append(s)
        joined = k + 1 < len(lines) and wraps.get(e) == lines[k + 1][0]
        parts.append(text[s:e] if joined else text[s:e] + "\n")
        n += len(parts[-1])
    narrative = "".join(parts)[:-1]

    def to_text(i: int) -> int:
        k = bisect.bisect_right(narr_starts, i) - 1
        return text_starts[k] + (i - narr_starts[k])

    doc = pipe.make_doc(narrative)
    doc.user_data["xxgk_template"] = template
    for _, proc in pipe.pipeline:
        doc = proc(doc)
    claims = []
    seen = set()
    starts = sentence_starts(narrative)
    for span in doc.spans.get(SPAN_KEY, []) if SPAN_KEY in doc.spans else []:
        c = span._.xxgk_claim
        if c is None or (c["start"], c["end"]) in seen:
            continue
        seen.add((c["start"], c["end"]))
        start, end = to_text(c["start"]), to_text(c["end"] - 1) + 1
        k = bisect.bisect_right(starts, c["start"])
        ss = to_text(starts[k - 1])
        s_end = starts[k] if k < len(starts) else len(narrative)
        if narrative[s_end - 1 : s_end] == "\n":
            s_end -= 1  # a line break ends the sentence but is not part of it
        se = to_text(max(s_end - 1, c["start"])) + 1
        unit = c["unit"]
        value_yuan = round_value(c["value"] * MONEY_UNITS[unit]) if unit in MONEY_UNITS else None
        claims.append(
            Claim(
                start=start,
                end=end,
                text=text[start:end],
                value=c["value"],
                unit=unit,
                approx=c["approx"],
                section=_section_at(sections, start),
                field=c["field"],
                low=c["low"],
                high=c["high"],
                value_yuan=value_yuan,
                negative=c["negative"],
                sentence=(ss, se),
            )
        )
    return tuple(claims)
