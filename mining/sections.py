"""Segment a report's normalised text into ``preamble`` and the six canonical sections.

Headings vary a lot in practice (domain.md §2.1, §4): Markdown ``#`` or bold markers around them,
「6、」 instead of 「六、」, no 、 at all, the heading text reworded or broken over two lines. Every
line that could be a heading becomes a candidate scored by how well it looks like one; the best
sequence of candidates in template order wins, so a stray 「二、…」 inside the narrative or a table
of contents in the preface does not cut a section short.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from .model import SECTION_KEYS, Section
from .normalize import compact

CN_NUMERALS = "一二三四五六七八九十"

# key -> (long canonical phrases, short phrases); matched on the heading with whitespace removed.
_PHRASES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "overview": (("总体情况",), ("概述", "基本情况", "总体概况", "工作概况")),
    "proactive": (("主动公开政府信息情况", "主动公开政府信息"), ("主动公开",)),
    "requests": (
        ("收到和处理政府信息公开申请情况", "收到和处理政府信息公开申请"),
        ("依申请公开", "政府信息公开申请", "申请情况"),
    ),
    "review_litigation": (
        ("行政复议、行政诉讼情况", "行政复议行政诉讼情况", "被申请行政复议"),
        ("行政复议", "行政诉讼", "复议诉讼", "复议、诉讼"),
    ),
    "problems": (
        ("存在的主要问题及改进情况", "存在的主要问题和改进情况"),
        ("存在的主要问题", "存在问题", "主要问题", "问题及改进", "问题和改进"),
    ),
    "other": (("其他需要报告的事项",), ("其他需要报告", "其他事项", "需要报告的事项")),
}

_MARKUP = re.compile(r"^\s*(?:#{1,6}\s*)?(?:\*\*|__)?\s*")
_NUMBERED = re.compile(
    r"^(?P<num>[一二三四五六七八九十]{1,2}|[1-9](?![\d.]\d))\s*(?P<sep>[、.,，:：．\s]?)\s*(?P<rest>.*)$"
)
_PAREN_NUMBER = re.compile(r"^[(（]")
_YEARISH = re.compile(r"^[\d.年]")
_LIST_ITEM = re.compile(r"^[是要抓以在对和、]")
_SENTENCE_END = re.compile(r"[。；;]")
_DANGLING = re.compile(r"[、和及与,，]$")
_MAX_HEADING = 40


@dataclass(frozen=True)
class _Candidate:
    key_index: int
    line_start: int
    numeral: int | None
    numeral_style: str  # "cn", "digit" or ""
    title: str
    strength: int
    lines: int = 1


def _numeral_value(num: str) -> tuple[int | None, str]:
    if num.isdecimal():
        return int(num), "digit"
    if num in CN_NUMERALS:
        return CN_NUMERALS.index(num) + 1, "cn"
    if len(num) == 2 and num[0] == "十":
        return 10 + CN_NUMERALS.index(num[1]) + 1, "cn"
    return None, ""


def _cn_numeral(n: int) -> str:
    """Return the Chinese numeral of `n` as `_numeral_value` reads it (1–19; digits beyond)."""
    if 1 <= n <= 10:
        return CN_NUMERALS[n - 1]
    return "十" + CN_NUMERALS[n - 11] if n < 20 else str(n)


# Any phrase of any key: one search rules out most lines before the per-key loop.
_ANY_PHRASE = re.compile(
    "|".join(re.escape(p) for long, short in _PHRASES.values() for p in sorted({*long, *short}, key=len))
)
# The first character of a line that may be a heading whatever its length: Markdown or bold markup,
# a numeral, a parenthesis (which rules the line out, but later).
_HEADING_START = frozenset("#*_(（" + CN_NUMERALS + "123456789")


@lru_cache(maxsize=4096)  # headings and short lines repeat from report to report
def _match_key(title: str) -> tuple[int, int] | None:
    """Return (key index, strength) for a heading text, strength 2 for a canonical phrase."""
    flat = compact(title).strip("*#_:：。.")
    if _ANY_PHRASE.search(flat) is None:
        return None
    best: tuple[int, int] | None = None
    for i, key in enumerate(SECTION_KEYS):
        long, short = _PHRASES[key]
        if any(p in flat for p in long):
            strength = 2
        elif any(p in flat for p in short):
            strength = 1
        else:
            continue
        # 「主动公开」 also occurs in the 依申请公开 heading family and 「问题」 in others: keep the best.
        if best is None or strength > best[1]:
            best = (i, strength)
    return best


@lru_cache(maxsize=4096)  # headings and the short lines that look like them recur across reports
def _heading_parts(line: str) -> tuple[int | None, str, str, bool] | None:
    """Return (numeral, numeral style, title, marked up) of a line that may be a heading, else None."""
    markup = _MARKUP.match(line)
    body = line[markup.end() :] if markup else line
    body = body.strip().rstrip("*_ ").strip()
    if not body or _PAREN_NUMBER.match(body):
        return None
    numbered = _NUMBERED.match(body)
    numeral, style, title = None, "", body
    if numbered and numbered.group("sep") is not None:
        value, style = _numeral_value(numbered.group("num"))
        rest = numbered.group("rest")
        # 「一是…」「二要…」 are list items in the narrative, not headings; 「2020年…」 is a year.
        if style == "digit" and _YEARISH.match(rest) and not numbered.group("sep"):
            value = None
        if value is not None and not _LIST_ITEM.match(rest):
            numeral, title = value, rest
        else:
            style = ""
    is_markup = bool(markup and markup.group(0).strip())
    if numeral is None and not is_markup and len(compact(body)) > 20:
        return None
    if len(compact(title)) > _MAX_HEADING:
        # A numbered heading may run on into the first sentence ("一、总体情况。本年度…").
        title = _SENTENCE_END.split(title, maxsplit=1)[0]
        if len(compact(title)) > _MAX_HEADING:
            return None
    return numeral, style, title, is_markup


def _candidates(text: str) -> list[_Candidate]:
    out: list[_Candidate] = []
    lines = text.split("\n")
    lengths = list(accumulate(map(len, lines), initial=0))  # offset of line n: lengths[n] + n
    for n, line in enumerate(lines):
        stripped = line.strip()
        if not stripped or "\t" in line.rstrip("\t"):
            continue  # a line with a tab is a rendered table row (or a cell of one), never a heading
        if stripped[0] not in _HEADING_START and len(compact(stripped.rstrip("*_ ").strip())) > 20:
            continue  # no markup, no numeral: a long line is narrative (the test below, taken early)
        parts = _heading_parts(line)
        if parts is None:
            continue
        numeral, style, title, is_markup = parts
        matched = _match_key(title)
        used = 1
        dangling = bool(_DANGLING.search(title))
        if (
            (matched is None or dangling)
            and n + 1 < len(lines)
            and numeral is not None
            and len(compact(title)) < 30
        ):
            # Heading broken over two lines: 「四、政府信息公开行政复议、」 / 「行政诉讼情况」. The second
            # part is short: a paragraph after a line that only looks numbered is not a heading's end.
            tail = lines[n + 1].strip().strip("*#")
            joined = title + tail
            joined_match = _match_key(joined) if len(compact(tail)) <= _MAX_HEADING else None
            if joined_match:
                matched, title, used = joined_match, joined, 2
        if matched is None:
            continue
        key_index, strength = matched
        if numeral is None and strength < 2 and not is_markup:
            continue
        out.append(_Candidate(key_index, lengths[n] + n, numeral, style, compact(title), strength, used))
    return out


def _score(c: _Candidate) -> int:
    score = 10 + 3 * c.strength
    if c.numeral == c.key_index + 1:
        score += 4
    elif c.numeral is not None:
        score -= 2
    return score


def _best_sequence(cands: list[_Candidate]) -> list[_Candidate]:
    """Return the highest-scoring run of candidates with strictly increasing key and position."""
    if not cands:
        return []
    best: list[tuple[int, int]] = []  # (score, previous index)
    for i, c in enumerate(cands):
        entry = (_score(c), -1)
        for j in range(i):
            p = cands[j]
            if p.key_index < c.key_index and p.line_start < c.line_start:
                s = best[j][0] + _score(c)
                # On equal scores prefer the later start: a table of contents comes before the body.
                if s > entry[0] or (
                    s == entry[0] and entry[1] >= 0 and cands[j].line_start > cands[entry[1]].line_start
                ):
                    entry = (s, j)
        best.append(entry)
    top = max(range(len(cands)), key=lambda i: (best[i][0], cands[i].line_start))
    chain = []
    while top >= 0:
        chain.append(cands[top])
        top = best[top][1]
    return chain[::-1]


def segment_sections(text: str) -> tuple[Section, ...]:
    """Return ``preamble`` (when there is text before 一) and each section found, in text order.

    Each section spans from its heading to the next found heading (the last one to the end of the
    text). ``irregular`` marks numbering that differs from the template: Arabic numerals where the
    template has Chinese ones, a numeral that is not the section's position, or none at all.
    """
    chain = _best_sequence(_candidates(text))
    styles = [c.numeral_style for c in chain if c.numeral_style]
    majority = max(set(styles), key=styles.count) if styles else "cn"
    out: list[Section] = []
    first = chain[0].line_start if chain else len(text)
    if text[:first].strip():
        out.append(Section("preamble", "", 0, first, 0))
    for n, c in enumerate(chain):
        end = chain[n + 1].line_start if n + 1 < len(chain) else len(text)
        line_end = text.find("\n", c.line_start)
        body_start = len(text) if line_end < 0 else line_end + 1
        if c.lines == 2 and body_start < end:
            # The heading continued on the next line; the body starts after it.
            nxt = text.find("\n", body_start)
            body_start = end if nxt < 0 else min(nxt + 1, end)
        irregular = (
            c.numeral is None
            or c.numeral != c.key_index + 1
            or c.numeral_style != "cn"
            or c.numeral_style != majority
        )
        numbering = (
            ""
            if c.numeral is None
            else (str(c.numeral) if c.numeral_style == "digit" else _cn_numeral(c.numeral))
        )
        out.append(
            Section(
                key=SECTION_KEYS[c.key_index],
                title=c.title,
                start=min(body_start, end),
                end=end,
                heading_start=c.line_start,
                numbering=numbering,
                irregular=irregular,
            )
        )
    return tuple(out)
