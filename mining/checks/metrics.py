"""Measured precision and recall per rule, as written by ``scripts/eval_checks.py``.

The file holds one run per evaluation mode: ``pipeline`` (the whole `analyze` pipeline on the
generated files, end to end: the number an auditor gets) and ``oracle`` (cells and claims taken from
the generator's truth: the rule alone). ``primary`` names the mode quoted first.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

METRICS_PATH = Path(__file__).with_name("rule_metrics.json")
MODE_LABELS = {
    "pipeline": "end to end (readers, tables, claims, rules)",
    "oracle": "rule alone (cells and claims from the generator's truth)",
}


def load_rule_metrics(path: str | Path | None = None) -> dict[str, Any]:
    """Return the committed evaluation results (``{}`` when none were written yet)."""
    p = Path(path or METRICS_PATH)
    if not p.is_file():
        return {}
    return json.loads(p.read_text(encoding="utf-8"))


def metric_runs(metrics: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Return the stored runs by mode, primary first (also reads the older one-run layout)."""
    if "modes" in metrics:
        runs = dict(metrics["modes"])
    elif metrics.get("rules"):
        runs = {metrics.get("mode", "oracle"): metrics}
    else:
        return {}
    primary = metrics.get("primary")
    if primary in runs:
        runs = {primary: runs[primary], **{k: v for k, v in runs.items() if k != primary}}
    return runs


def rule_metrics_by_mode(code: str, metrics: dict[str, Any] | None = None) -> dict[str, dict[str, Any]]:
    """Return one rule's numbers per evaluation mode (primary first), each with its run's ``source``."""
    m = load_rule_metrics() if metrics is None else metrics
    out = {}
    for mode, run in metric_runs(m).items():
        got = (run.get("rules") or {}).get(code)
        if got is not None:
            out[mode] = {**got, "source": run.get("source", "")}
    return out


def rule_metric(code: str, metrics: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """Return one rule's measured numbers in the primary mode (precision, recall, support), or None."""
    runs = rule_metrics_by_mode(code, metrics)
    return next(iter(runs.values()), None)
