"""Extraction health: how far a parse can be trusted, so a corpus user can drop or flag bad ones."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .keys import expected_keys
from .model import SECTION_KEYS, Document, Health, Section, TableCell

_GARBLED = re.compile(r"\(cid:\d+\)|[\ufffd\ue000-\uf8ff]")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def garbled_share(text: str) -> float:
    """Return the share of characters that are replacement glyphs, ``(cid:N)`` or private-use."""
    if not text:
        return 0.0
    bad = sum(len(m.group(0)) for m in _GARBLED.finditer(text))
    return bad / len(text)


def assess_health(
    doc: Document, sections: Sequence[Section], cells: Sequence[TableCell], template: str | None
) -> Health:
    """Return a score in [0, 1] with the reasons that lowered it.

    The score weighs the share of canonical sections found (0.25), of expected table cells parsed to
    a number or a recognised placeholder (0.45) and of clean characters (0.30).
    """
    reasons: list[str] = []
    garbled = garbled_share(doc.text)
    if garbled > 0.001:
        reasons.append(f"garbled characters: {garbled:.1%} of the text")
    cjk = len(_CJK.findall(doc.text))
    if cjk < 200:
        reasons.append(f"little Chinese text ({cjk} characters)")
    found = {s.key for s in sections}
    missing = [k for k in SECTION_KEYS if k not in found]
    if missing:
        reasons.append("sections not found: " + ", ".join(missing))
    expected = set(expected_keys(template))
    parsed = [c for c in cells if c.key in expected and (c.value is not None or c.placeholder)]
    unparsed = [c for c in cells if c.value is None and not c.placeholder and c.raw.strip()]
    if len(parsed) < len(expected):
        reasons.append(
            f"table cells: {len(parsed)} of {len(expected)} expected for template {template or '2021'}"
        )
    if unparsed:
        reasons.append(
            f"{len(unparsed)} cells did not parse as numbers: " + ", ".join(c.key for c in unparsed[:5])
        )
    if any(c.key not in expected for c in cells):
        reasons.append(
            "cells outside the template: " + ", ".join(c.key for c in cells if c.key not in expected)[:200]
        )
    cell_share = min(1.0, len(parsed) / len(expected)) if expected else 0.0
    score = (
        0.25 * (1 - len(missing) / len(SECTION_KEYS)) + 0.45 * cell_share + 0.30 * max(0.0, 1 - 20 * garbled)
    )
    if cjk < 200:
        score *= 0.5
    return Health(
        score=round(score, 3),
        reasons=tuple(reasons),
        garbled_share=round(garbled, 5),
        sections_found=len(found & set(SECTION_KEYS)),
        table_cells_found=len(parsed),
        table_cells_expected=len(expected),
        cells_unparsed=len(unparsed),
    )
