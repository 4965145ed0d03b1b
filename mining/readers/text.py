"""Plain text and Markdown: decode the bytes (UTF-8, UTF-8/16 with BOM, GB18030/GBK) and normalise."""

from __future__ import annotations

import codecs
import re

from ..model import ReadError
from ._render import TextBuilder

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
# C0/C1 control characters other than \t \n \v \f \r and the DOS end-of-file mark \x1a.
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x19\x1b-\x1f\x7f-\x9f]")
# Characters a Chinese report is made of; a decoding that yields many others is a wrong guess.
_COMMON = re.compile(
    r"[\x20-\x7e\t\n\r\u00a0-\u00ff\u2000-\u206f\u2100-\u22ff\u2460-\u24ff\u2500-\u257f\u25a0-\u25ff"
    r"\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"
)
# In UTF-8 a C0 control or DEL is its own byte and a C1 control is \xc2 and one byte \x80-\x9f; no
# other character's bytes include those. Deleting every other byte finds them in one C-level pass.
_NOT_CONTROL_BYTES = bytes(
    b for b in range(256) if not (b <= 0x08 or 0x0E <= b <= 0x19 or 0x1B <= b <= 0x1F or b in (0x7F, 0xC2))
)
_C1_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")
_MD_HEADING = re.compile(r"^#{1,6}\s+\S", re.MULTILINE)
_MD_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?\s*$", re.MULTILINE)
_MD_BOLD_LINE = re.compile(r"^\s*\*\*[^*\n]{1,60}\*\*", re.MULTILINE)


def _controls_share(text: str) -> float:
    sample = text[:200_000]
    if not _CONTROLS.search(sample):  # the usual case: one scan that stops at nothing to count
        return 0.0
    return len(_CONTROLS.findall(sample)) / max(1, len(sample))


def utf8_without_controls(data: bytes) -> bool:
    """Return True when `data`, decoded as UTF-8, holds no `_CONTROLS` character.

    The same answer as searching the decoded text, at a tenth of the cost: the regex tries its
    character class at every position of a text that (the usual case) holds none.
    """
    rest = data.translate(None, _NOT_CONTROL_BYTES)
    if not rest:
        return True
    # \xc2 also leads ordinary Latin-1 characters (「·」, 「°」, the no-break space).
    return not rest.strip(b"\xc2") and _C1_UTF8.search(data) is None


def _common_share(text: str) -> float:
    sample = text[:200_000]
    stripped = len("".join(sample.split()))
    if not stripped:
        return 1.0
    common = len(_COMMON.findall(sample)) - (len(sample) - stripped)
    return common / stripped


def decode_text(data: bytes, path: str, *, declared: str | None = None) -> tuple[str, str]:
    """Return (text, encoding) of bytes that should be text; raise `ReadError` on binary data.

    Order: a BOM wins; then the `declared` charset (HTML meta) if it decodes; then strict UTF-8; then
    GB18030 (a superset of GBK and GB2312, the other encoding Chinese sites publish in); then
    charset-normalizer's best guess. Every candidate must look like text: few control characters and,
    for the non-UTF-8 guesses, mostly characters a Chinese report is made of. A UTF-8 decoding is
    reported as ``utf-8`` however the page declares it.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError as exc:
                raise ReadError(path, f"starts with a {enc} byte-order mark but does not decode") from exc
            # Binary data can begin with bytes that look like a UTF-16 mark: the text must look like text.
            if enc == "utf-16" and (_controls_share(text) > 0.002 or _common_share(text) < 0.9):
                raise ReadError(
                    path,
                    "binary data, not text (a UTF-16 mark followed by no readable text)",
                    "is this really a report? check the file type",
                )
            return text, enc
    if b"\x00" in data[:65536]:
        raise ReadError(
            path, "binary data, not text (NUL bytes)", "is this really a report? check the file type"
        )
    candidates: list[str] = []
    if declared:
        candidates.append(
            "gb18030" if declared.lower() in {"gb2312", "gbk", "gb_2312-80", "x-gbk"} else declared
        )
    candidates += ["utf-8", "gb18030"]
    seen: set[str] = set()
    for enc in candidates:
        if enc in seen:
            continue
        seen.add(enc)
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        utf8 = codecs.lookup(enc).name == "utf-8"
        if not (utf8 and utf8_without_controls(data)) and _controls_share(text) > 0.002:
            break
        if utf8:
            return text, "utf-8"  # however the page spells it (「UTF-8」, 「utf8」)
        if _common_share(text) >= 0.9:
            return text, enc
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:1_000_000]).best()
    except Exception:  # noqa: BLE001 - a detector failure just means "no guess"
        best = None
    if best is not None and best.encoding:
        try:
            text = data.decode(best.encoding)
        except (UnicodeDecodeError, LookupError):
            text = ""
        if text and _controls_share(text) <= 0.002 and _common_share(text) >= 0.9:
            return text, best.encoding
    raise ReadError(
        path,
        "binary data or an unknown text encoding (not UTF-8, GB18030 or another detectable charset)",
        "is this really a report? check the file type, or re-save it as UTF-8",
    )


def looks_like_markdown(text: str) -> bool:
    """Return True when `text` uses Markdown structure: ``#`` headings, pipe-table rules or bold lines."""
    head = text[:200_000]
    # The substring tests first: they are much cheaper than the multi-line patterns.
    if ("#" in head and _MD_HEADING.search(head)) or ("--" in head and _MD_TABLE_RULE.search(head)):
        return True
    return "**" in head and len(_MD_BOLD_LINE.findall(head)) >= 3


def build_text(text: str) -> TextBuilder:
    """Return a builder holding the whole decoded text as one block (tables are found later)."""
    builder = TextBuilder()
    builder.add_text(text)
    return builder
