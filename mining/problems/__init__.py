"""Section 五: problems vs. improvement measures, and the problem classifier.

Placeholder until the classifier lands: finds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model import Improvement, Problem, Section


@dataclass(frozen=True)
class ProblemAnalysis:
    """The items of section 五 and the section's quality flags."""

    problems: tuple[Problem, ...] = ()
    improvements: tuple[Improvement, ...] = ()
    flags: tuple[str, ...] = ()


def load_model(path: Any = None) -> Any:
    """Return the problem classifier stored at `path` (the bundled model when None)."""
    return None


def analyze_problems(text: str, section: Section | None, *, model: Any = None) -> ProblemAnalysis:
    """Return the problems, improvements and quality flags of section 五."""
    return ProblemAnalysis()
