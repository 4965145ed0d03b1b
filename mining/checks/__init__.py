"""The rule catalogue of checks.md run over one `Report`.

Placeholder until the rules land: checks nothing.
"""

from __future__ import annotations

from typing import Any

from ..model import Finding, Report


def check_report(report: Report, *, config: Any = None) -> tuple[tuple[Finding, ...], dict[str, str]]:
    """Return the findings and the per-rule verdicts for `report`."""
    return (), {}
