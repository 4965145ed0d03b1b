"""Evaluation gates: pinned floors on the committed rule metrics, and a small live run on synth reports."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from mining.checks import report_rules
from mining.checks.metrics import load_rule_metrics

ROOT = Path(__file__).resolve().parents[1]
RECALL_FLOOR = 0.98


def test_committed_metrics_cover_every_rule_above_the_floor():
    m = load_rule_metrics()
    assert m, "mining/checks/rule_metrics.json missing: run scripts/eval_checks.py --write"
    for r in report_rules():
        got = m["rules"][r.code]
        assert got["injected"] >= 40, r.code
        assert got["recall"] >= RECALL_FLOOR, (r.code, got)
        assert got["clean_false_alarms"] == 0, (r.code, got)
    assert m["clean_reports"] >= 100


@pytest.mark.skipif(importlib.util.find_spec("corpora.synth") is None, reason="corpora.synth not merged yet")
def test_live_recall_and_clean_reports_on_generated_corpus():
    sys.path.insert(0, str(ROOT / "scripts"))
    import eval_checks

    result = eval_checks.evaluate(per_rule=3, clean=6, mode="oracle", fmt="txt", seed0=7000)
    for code, m in result["rules"].items():
        if m["injected"]:
            assert m["recall"] >= RECALL_FLOOR, (code, m)
        assert m["clean_false_alarms"] == 0, (code, m)
