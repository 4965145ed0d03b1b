"""Evaluation gate: the shared scorer's facts on the five seed reports, with pinned floors.

The scorer (../shared/eval/score.py) is imported, not copied; the reports are analysed in-process with
the same code path as ``xxgk analyze --format json``. A floor below the measured value turns an
accuracy drop into a failing test.
"""

from __future__ import annotations

import importlib.util

import pytest

from mining.pipeline import analyze, load_resources
from mining.serialize import report_to_dict

from .conftest import GOLD, gold_for

FLOORS = {
    "meta.agency": 1.0,
    "meta.year": 1.0,
    "meta.template": 1.0,
    "meta.publish_date": 1.0,
    "sections": 1.0,
    "table_cells": 1.0,
    "claims": 0.95,
    "claim_fields": 0.75,
    "findings_recall": 0.9,
    "problems_found": 0.9,
    "problem_labels": 0.8,
    "improvements": 1.0,
}


@pytest.fixture(scope="module")
def scorecard(seeds):
    spec = importlib.util.spec_from_file_location("xxgk_seed_scorer", GOLD.parent / "score.py")
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    resources = load_resources()
    totals: dict[str, list[int]] = {}
    false_alarms = []
    for path in seeds:
        out = report_to_dict(analyze(path, resources))
        metrics, _wrong, alarms = scorer.score_one(gold_for(path), out)
        false_alarms += [(path.stem, a["code"], a["message"]) for a in alarms]
        for key, (hit, n) in metrics.items():
            acc = totals.setdefault(key, [0, 0])
            acc[0] += hit
            acc[1] += n
    return totals, false_alarms


@pytest.mark.parametrize("metric", sorted(FLOORS))
def test_seed_metric_floor(scorecard, metric):
    totals, _ = scorecard
    hit, n = totals[metric]
    assert n > 0
    assert hit / n >= FLOORS[metric], f"{metric}: {hit}/{n}"


def test_no_false_alarms_on_seeds(scorecard):
    _, false_alarms = scorecard
    assert false_alarms == []
