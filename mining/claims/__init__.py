"""Quantitative claims of the narrative, linked to table keys.

Placeholder until the claims pipeline lands: returns no claims.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..model import Claim, Section


def load_pipeline() -> Any:
    """Return the spaCy pipeline used by `extract_claims` (built once per process)."""
    return None


def extract_claims(
    text: str, sections: Sequence[Section], *, template: str | None = None, nlp: Any = None
) -> tuple[Claim, ...]:
    """Return the claims stated in the narrative sections of `text`."""
    return ()
