"""Quantitative claims of the narrative, normalised and linked to table keys.

`load_pipeline()` returns the spaCy pipeline (jieba segmenter + ``xxgk_*`` components, built once per
process); `extract_claims(text, sections, template=, nlp=)` returns the `Claim`s of a report;
`claim_allows(claim, x)` says whether a table value is compatible with what the words allow.
"""

from __future__ import annotations

from ..model import Claim
from .extract import extract_claims, narrative_lines
from .fields import link_field, load_lexicon
from .nlp import build_pipeline, load_pipeline
from .numbers import interval_allows, parse_chinese_number, parse_chinese_range, scan_quantities


def claim_allows(claim: Claim, x: float) -> bool:
    """Return whether the table value `x` fits the interval `claim`'s words allow (low/high convention)."""
    low = claim.value if claim.low is None and claim.high is None else claim.low
    high = claim.value if claim.low is None and claim.high is None else claim.high
    return interval_allows(low, high, claim.approx, x)


__all__ = [
    "build_pipeline",
    "claim_allows",
    "extract_claims",
    "interval_allows",
    "link_field",
    "load_lexicon",
    "load_pipeline",
    "narrative_lines",
    "parse_chinese_number",
    "parse_chinese_range",
    "scan_quantities",
]
