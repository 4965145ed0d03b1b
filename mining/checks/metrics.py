"""Measured precision and recall per rule, as written by ``scripts/eval_checks.py``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

METRICS_PATH = Path(__file__).with_name("rule_metrics.json")


def load_rule_metrics(path: str | Path | None = None) -> dict[str, Any]:
    """Return the committed evaluation results (``{}`` when none were written yet)."""
    p = Path(path or METRICS_PATH)
    if not p.is_file():
        return {}
    return json.loads(p.read_text(encoding="utf-8"))


def rule_metric(code: str, metrics: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """Return one rule's measured numbers (precision, recall, support, source), or None."""
    m = load_rule_metrics() if metrics is None else metrics
    return (m.get("rules") or {}).get(code)
