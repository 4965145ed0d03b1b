"""Text normalisation shared by every reader: the offsets of sections and claims point into its output."""

from __future__ import annotations

import re
import unicodedata

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_RESIDUE = re.compile(r"\[bookmark:[^\]]*\]|&nbsp;?|&#160;|&ensp;|&emsp;", re.IGNORECASE)
_TRAILING_WS = re.compile(r"[ \t\u00a0]+$", re.MULTILINE)
_BLANK_RUNS = re.compile(r"\n{3,}")
_INNER_SPACES = re.compile(r"(?<=\S)[ \u00a0]{2,}(?=\S)")


def normalize_text(text: str) -> str:
    """Return `text` NFKC-normalised, with export residue and stray whitespace removed.

    Full-width digits, letters and brackets become half-width (（一）-> (一)), ``&nbsp;`` and
    ``[bookmark: …]`` left by converters disappear, line ends become ``\\n``, trailing blanks go and
    runs of blank lines shrink to one. Leading tabs are kept: some exports put one table cell per
    line, indented by a tab, and the table reader relies on it.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_ZERO_WIDTH)
    text = _RESIDUE.sub(" ", text)
    text = unicodedata.normalize("NFKC", text)
    text = _INNER_SPACES.sub(" ", text)
    text = _TRAILING_WS.sub("", text)
    text = _BLANK_RUNS.sub("\n\n", text)
    return text.strip("\n")


def normalize_cell(text: str) -> str:
    """Return one table cell's text normalised, internal line breaks kept as ``\\n``."""
    text = normalize_text(text)
    lines = [ln.strip() for ln in text.split("\n")]
    return "\n".join(ln for ln in lines if ln)


def compact(text: str) -> str:
    """Return `text` without any whitespace (for matching labels split over lines or spaced out)."""
    return re.sub(r"\s+", "", text)
