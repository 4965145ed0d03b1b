"""Evaluation gates: floors on the committed rule metrics, and a small live end-to-end run on synth reports."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from mining.checks import report_rules
from mining.checks.metrics import load_rule_metrics, metric_runs, rule_metric, rule_metrics_by_mode

ROOT = Path(__file__).resolve().parents[1]
RECALL_FLOOR = 0.98


def _runs() -> dict:
    m = load_rule_metrics()
    assert m, "mining/checks/rule_metrics.json missing: run scripts/eval_checks.py --write"
    return metric_runs(m)


def test_committed_metrics_hold_the_pipeline_run_first_and_keep_the_oracle_run():
    runs = _runs()
    assert list(runs)[0] == "pipeline" and "oracle" in runs
    assert "--format all" in runs["pipeline"]["source"]
    for r in report_rules():
        assert rule_metric(r.code)["source"] == runs["pipeline"]["source"]
        assert set(rule_metrics_by_mode(r.code)) == {"pipeline", "oracle"}


@pytest.mark.parametrize("mode", ["pipeline", "oracle"])
def test_committed_metrics_cover_every_rule_above_the_floor(mode):
    run = _runs()[mode]
    assert run["clean_reports"] >= 200
    for r in report_rules():
        got = run["rules"][r.code]
        assert got["injected"] >= 40, r.code
        assert got["recall"] >= RECALL_FLOOR, (r.code, got)
        assert got["precision"] >= 0.95, (r.code, got)
    # measured 2 of 300 in both modes, both PDF: the reader joins a heading to the paragraph before it
    # (docs/checks.md, "Known causes outside the rules"); every other format 0
    assert run["clean_reports_with_alarms"] <= 0.01 * run["clean_reports"], run["clean_reports_with_alarms"]
    for fmt, counts in run["by_format"].items():
        if fmt != "pdf":
            assert counts.get("clean_with_alarms", 0) == 0, (fmt, counts)


def _eval_module():
    sys.path.insert(0, str(ROOT / "scripts"))
    import eval_checks

    return eval_checks


@pytest.mark.skipif(importlib.util.find_spec("corpora.synth") is None, reason="corpora.synth not merged yet")
def test_live_pipeline_recall_and_clean_reports_on_generated_reports():
    """Two reports per rule and a dozen clean ones, generated afresh and read end to end (txt, md, html)."""
    result = _eval_module().evaluate(per_rule=2, clean=12, mode="pipeline", fmt="txt,md,html", seed0=7000)
    assert result["reports"] >= 50
    for code, m in result["rules"].items():
        assert m["injected"] >= 2, code
        assert m["recall"] >= RECALL_FLOOR, (code, m)
        assert m["clean_false_alarms"] == 0, (code, m)
        assert m["false_alarms"] == 0, (code, m)
    assert result["clean_reports_with_alarms"] == 0


def test_live_oracle_run_on_a_few_reports():
    result = _eval_module().evaluate(per_rule=1, clean=3, mode="oracle", fmt="txt", seed0=7100)
    for code, m in result["rules"].items():
        assert m["recall"] == 1.0, (code, m)
        assert m["clean_false_alarms"] == 0, (code, m)
