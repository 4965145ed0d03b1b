"""Text normalisation shared by every reader: the offsets of sections and claims point into its output."""

from __future__ import annotations

import re
import unicodedata

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_RESIDUE = re.compile(r"\[bookmark:[^\]]*\]|&nbsp;?|&#160;|&ensp;|&emsp;", re.IGNORECASE)
_TRAILING_WS = re.compile(r"[ \t\u00a0]+$", re.MULTILINE)
_BLANK_RUNS = re.compile(r"\n{3,}")
_INNER_SPACES = re.compile(r"(?<=\S) {2,}(?=\S)")
# A line laid out in columns: a run of two or more blanks (or an ideographic space) between words.
_ALIGNED = re.compile(r"\S(?:[ \u00a0\u3000]{2,}|\u3000)\S")
_WS_RUN = re.compile(r"([ \u00a0\u3000]+)")


def display_width(s: str) -> int:
    """Return the width of `s` in a fixed-width rendering (CJK and full-width characters count 2)."""
    if s.isascii():
        return len(s)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _keep_columns(line: str) -> str:
    """Return an aligned line NFKC-normalised with its columns where they were.

    NFKC narrows full-width characters (「（」->「(」, the ideographic space -> a space), which would
    shift every later column of a space-aligned table to the left; the blanks after a narrowed word
    are widened by what it lost, so positions (in display width) survive.
    """
    out, lost = [], 0
    for n, part in enumerate(_WS_RUN.split(line)):
        if n % 2:  # a run of blanks
            out.append(" " * max(1, display_width(part) + lost))
            lost = 0
        elif part:
            norm = unicodedata.normalize("NFKC", part)
            lost += display_width(part) - display_width(norm)
            out.append(norm)
    return "".join(out)


def _trailing(text: str):
    def repl(m: re.Match) -> str:
        run = m.group()
        tabs = run.count("\t")
        if not tabs:
            return ""
        before = text[text.rfind("\n", 0, m.start()) + 1 : m.start()]
        # Tabs that end a table row are its empty last cells (and a line of tabs is a row, or in
        # the one-cell-per-line layout an empty cell): keep them. A lone tab after prose is residue.
        if tabs >= 2 or not before or "\t" in before:
            return "\t" * tabs
        return ""

    return repl


def normalize_text(text: str) -> str:
    """Return `text` NFKC-normalised, with export residue and stray whitespace removed.

    Full-width digits, letters and brackets become half-width (（一）-> (一)), ``&nbsp;`` and
    ``[bookmark: …]`` left by converters disappear, line ends become ``\\n``, trailing blanks go and
    runs of blank lines shrink to one. What is table layout stays: leading tabs (one table cell per
    line), the tabs that end a tab-separated row (its empty last cells), lines of tabs only (empty
    cells), and runs of spaces outside sentences (space-aligned columns, kept at their display
    positions). Runs of spaces inside a sentence (a line with 「。」) shrink to one.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_ZERO_WIDTH)
    text = _RESIDUE.sub(" ", text)
    if _ALIGNED.search(text):
        lines = text.split("\n")
        for i, line in enumerate(lines):
            if "。" not in line and _ALIGNED.search(line):
                lines[i] = _keep_columns(line)
        text = "\n".join(lines)
    text = unicodedata.normalize("NFKC", text)
    if "  " in text:
        lines = text.split("\n")
        for i, line in enumerate(lines):
            if "  " in line and "。" in line:
                lines[i] = _INNER_SPACES.sub(" ", line)
        text = "\n".join(lines)
    text = _TRAILING_WS.sub(_trailing(text), text)
    text = _BLANK_RUNS.sub("\n\n", text)
    return text.strip("\n")


def normalize_cell(text: str) -> str:
    """Return one table cell's text normalised, internal line breaks kept as ``\\n``."""
    text = normalize_text(text)
    lines = [ln.strip() for ln in text.split("\n")]
    return "\n".join(" ".join(ln.split()) for ln in lines if ln)


def compact(text: str) -> str:
    """Return `text` without any whitespace (for matching labels split over lines or spaced out)."""
    return re.sub(r"\s+", "", text)
