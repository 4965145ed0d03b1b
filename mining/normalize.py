"""Text normalisation shared by every reader: the offsets of sections and claims point into its output."""

from __future__ import annotations

import re
import unicodedata

_ZERO_WIDTH_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_ZERO_WIDTH = re.compile(f"[{_ZERO_WIDTH_CHARS}]")
_RESIDUE = re.compile(r"\[bookmark:[^\]]*\]|&nbsp;?|&#160;|&ensp;|&emsp;", re.IGNORECASE)
_BLANK_RUNS = re.compile(r"\n{3,}")
_INNER_SPACES = re.compile(r"(?<=\S) {2,}(?=\S)")
# A line laid out in columns: a run of two or more blanks (or an ideographic space) between words.
_ALIGNED = re.compile(r"\S(?:[ \u00a0\u3000]{2,}|\u3000)\S")
_WS_RUN = re.compile(r"([ \u00a0\u3000]+)")
# East Asian Wide and Fullwidth characters (unicodedata.east_asian_width in "WF", Unicode 15, assigned
# code points), by range: one regex count is far cheaper than a lookup per character.
_WIDE = re.compile(
    "["
    "\u1100-\u115f\u231a-\u231b\u2329-\u232a\u23e9-\u23ec\u23f0\u23f3\u25fd-\u25fe\u2614-\u2615"
    "\u2648-\u2653\u267f\u2693\u26a1\u26aa-\u26ab\u26bd-\u26be\u26c4-\u26c5\u26ce\u26d4\u26ea"
    "\u26f2-\u26f3\u26f5\u26fa\u26fd\u2705\u270a-\u270b\u2728\u274c\u274e\u2753-\u2755\u2757"
    "\u2795-\u2797\u27b0\u27bf\u2b1b-\u2b1c\u2b50\u2b55\u2e80-\u303e\u3041-\u3247\u3250-\u4dbf"
    "\u4e00-\ua4c6\ua960-\ua97c\uac00-\ud7a3\uf900-\ufad9\ufe10-\ufe19\ufe30-\ufe6b"
    "\uff01-\uff60\uffe0-\uffe6\U00016fe0-\U0001b2fb\U0001f004\U0001f0cf\U0001f18e"
    "\U0001f191-\U0001f19a\U0001f200-\U0001f320\U0001f32d-\U0001f335\U0001f337-\U0001f37c"
    "\U0001f37e-\U0001f393\U0001f3a0-\U0001f3ca\U0001f3cf-\U0001f3d3\U0001f3e0-\U0001f3f0"
    "\U0001f3f4\U0001f3f8-\U0001f43e\U0001f440\U0001f442-\U0001f4fc\U0001f4ff-\U0001f53d"
    "\U0001f54b-\U0001f54e\U0001f550-\U0001f567\U0001f57a\U0001f595-\U0001f596\U0001f5a4"
    "\U0001f5fb-\U0001f64f\U0001f680-\U0001f6c5\U0001f6cc\U0001f6d0-\U0001f6d2"
    "\U0001f6d5-\U0001f6df\U0001f6eb-\U0001f6ec\U0001f6f4-\U0001f6fc\U0001f7e0-\U0001f7f0"
    "\U0001f90c-\U0001f93a\U0001f93c-\U0001f945\U0001f947-\U0001f9ff\U0001fa70-\U0001faf6"
    "\U00020000-\U0003134a"
    "]"
)


def display_width(s: str) -> int:
    """Return the width of `s` in a fixed-width rendering (CJK and full-width characters count 2)."""
    if s.isascii():
        return len(s)
    return len(s) + len(_WIDE.findall(s))


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
            if part.isascii() or unicodedata.is_normalized("NFKC", part):
                out.append(part)
                continue
            norm = nfkc(part)
            lost += display_width(part) - display_width(norm)
            out.append(norm)
    return "".join(out)


# Full-width ASCII forms and the ideographic space: nearly every character NFKC changes in a Chinese
# report. Their NFKC form is plain ASCII, so they are mapped directly.
_FULLWIDTH_CHAR = re.compile("[\uff01-\uff5e\u3000]")
_NARROW = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_CIRCLED = re.compile("[\u2460-\u2473]")
_CIRCLED_SPLIT = re.compile("([\u2460-\u2473])")


def nfkc(text: str) -> str:
    """Return ``unicodedata.normalize("NFKC", text)``, computed faster for Chinese text, ①–⑳ kept.

    `unicodedata.normalize` costs about 0.1 µs per character once any character needs it; mapping
    the full-width forms first leaves most texts already normalised (checked, not assumed).
    """
    if unicodedata.is_normalized("NFKC", text):
        return text
    if _CIRCLED.search(text):
        # ①–⑳ are list markers (①网站…②解读…); NFKC turns them into bare digits glued to the text.
        return "".join(p if _CIRCLED.fullmatch(p) else nfkc(p) for p in _CIRCLED_SPLIT.split(text))
    # A report uses a handful of distinct full-width forms many times over: one replace per form
    # instead of one Python call per run of them. Each search resumes where the last form was found
    # (everything before it is narrow by then), so the text is scanned once and no list of the
    # hundreds of matches is built.
    found = _FULLWIDTH_CHAR.search(text)
    while found is not None:
        ch = found.group()
        text = text.replace(ch, ch.translate(_NARROW))
        found = _FULLWIDTH_CHAR.search(text, found.start())
    if unicodedata.is_normalized("NFKC", text):
        return text
    return unicodedata.normalize("NFKC", text)


def _clean_line(line: str) -> str:
    """Return one line without trailing blanks (table tabs kept) and, in a sentence, inner runs of spaces."""
    kept = line.rstrip(" \t")
    if len(kept) != len(line):
        # Tabs that end a table row are its empty last cells (and a line of tabs is a row, or in the
        # one-cell-per-line layout an empty cell): keep them. A lone tab after prose is residue.
        tabs = line.count("\t", len(kept))
        if tabs and (tabs >= 2 or not kept or "\t" in kept):
            kept += "\t" * tabs
    if "  " in kept and "。" in kept:
        kept = _INNER_SPACES.sub(" ", kept)
    return kept


def normalize_text(text: str) -> str:
    """Return `text` NFKC-normalised, with export residue and stray whitespace removed.

    Full-width digits, letters and brackets become half-width (（一）-> (一)), ``&nbsp;`` and
    ``[bookmark: …]`` left by converters disappear, line ends become ``\\n``, trailing blanks go and
    runs of blank lines shrink to one. What is table layout stays: leading tabs (one table cell per
    line), the tabs that end a tab-separated row (its empty last cells), lines of tabs only (empty
    cells), and runs of spaces outside sentences (space-aligned columns, kept at their display
    positions). Runs of spaces inside a sentence (a line with 「。」) shrink to one.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if any(ch in text for ch in _ZERO_WIDTH_CHARS):  # six substring scans cost less than one regex scan
        text = _ZERO_WIDTH.sub("", text)
    if "&" in text or "[" in text:
        text = _RESIDUE.sub(" ", text)
    if not unicodedata.is_normalized("NFKC", text):
        if "  " in text or "\u3000" in text or "\u00a0" in text:
            lines = text.split("\n")
            for i, line in enumerate(lines):
                if "。" not in line and _ALIGNED.search(line) and not unicodedata.is_normalized("NFKC", line):
                    lines[i] = _keep_columns(line)
            text = "\n".join(lines)
        text = nfkc(text)  # the non-breaking space becomes a space here
    if "\n" not in text:  # one paragraph (readers of HTML, DOCX, PDF hand them over one by one)
        return _clean_line(text)
    if _needs_line_cleaning(text):
        # Line by line: a Python loop over lines is far cheaper here than multi-line regexes.
        text = "\n".join([_clean_line(line) for line in text.split("\n")])
    if "\n\n\n" in text:
        text = _BLANK_RUNS.sub("\n\n", text)
    return text.strip("\n")


def _needs_line_cleaning(text: str) -> bool:
    """Return False when `_clean_line` would return every line of `text` unchanged.

    It changes a line only when the line ends in a blank or a tab, or holds both a run of spaces and
    「。」: a few substring tests on the whole text rule that out without splitting it.
    """
    return " \n" in text or "\t\n" in text or text.endswith((" ", "\t")) or ("  " in text and "。" in text)


# Joins the blocks of `normalize_blocks`: a line of its own, so every line-wise rule sees the lines it
# would see in the block alone, and a private-use character, which no rule changes or removes.
_BLOCK_MARK = "\ue000"
_BLOCK_JOIN = "\n" + _BLOCK_MARK + "\n"
_BOOKMARK = re.compile(r"\[bookmark:", re.IGNORECASE)


def normalize_blocks(blocks: list[str]) -> list[str]:
    """Return ``[normalize_text(b) for b in blocks]``, computed in one pass over the joined blocks.

    A page hands over dozens of short paragraphs; normalising them one by one costs a dozen calls
    each. Every rule of `normalize_text` acts on one character or one line, except the
    ``[bookmark: …]`` residue, which may run over lines: blocks joined by a line holding only
    `_BLOCK_MARK` normalise to the joined normalised blocks. Blocks holding the mark or a bookmark
    residue are normalised one by one.
    """
    if len(blocks) < 2:
        return [normalize_text(b) for b in blocks]
    blocks = [b.replace("\r\n", "\n").replace("\r", "\n") if "\r" in b else b for b in blocks]
    joined = _BLOCK_JOIN.join(blocks)
    if joined.count(_BLOCK_MARK) != len(blocks) - 1 or ("[" in joined and _BOOKMARK.search(joined)):
        return [normalize_text(b) for b in blocks]
    return [b.strip("\n") for b in normalize_text(joined).split(_BLOCK_MARK)]


def normalize_cell(text: str) -> str:
    """Return one table cell's text normalised, internal line breaks kept as ``\\n``."""
    text = normalize_text(text)
    lines = [ln.strip() for ln in text.split("\n")]
    return "\n".join(" ".join(ln.split()) for ln in lines if ln)


def compact(text: str) -> str:
    """Return `text` without any whitespace (for matching labels split over lines or spaced out)."""
    return "".join(text.split())
