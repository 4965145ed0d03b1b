"""Evaluation gate: the bundled classifier on the committed held-out split (floors just under measured)."""

from __future__ import annotations

import json

import pytest

from mining.problems.classifier import (
    BUNDLED_DATA,
    BUNDLED_DIR,
    data_hash,
    evaluate,
    load_model,
    read_labelled,
)


@pytest.fixture(scope="module")
def metrics():
    rows = [r for r in read_labelled(BUNDLED_DATA) if r.split == "test"]
    return evaluate(load_model(), rows)


def test_held_out_f1_floors(metrics):
    # Measured by scripts/eval_problems.py: micro 0.8738, macro 0.8772, top-1 0.897, worst category 0.718.
    assert metrics["n_problems"] >= 550
    assert metrics["macro_f1"] >= 0.86
    assert metrics["micro_f1"] >= 0.85
    assert metrics["top1_accuracy"] >= 0.88
    assert min(c["f1"] for c in metrics["per_category"].values()) >= 0.70
    assert metrics["kind_accuracy"] >= 0.95


def test_metrics_json_matches_the_artifact_and_the_data(metrics):
    stored = json.loads((BUNDLED_DIR / "metrics.json").read_text(encoding="utf-8"))
    assert stored["test"]["macro_f1"] == pytest.approx(metrics["macro_f1"], abs=1e-4)
    assert stored["data_sha256"] == data_hash(BUNDLED_DATA)  # the model was trained on this corpus
    assert {"scikit-learn", "numpy", "skops"} <= set(stored["versions"])
    assert set(stored["test"]["per_category"]["platform"]) == {"precision", "recall", "f1", "support"}
    assert (BUNDLED_DIR / "MODEL_CARD.md").read_text(encoding="utf-8").count("## ") >= 4


def test_corpus_size_and_split_are_as_documented():
    rows = read_labelled(BUNDLED_DATA)
    train = [r for r in rows if r.split == "train" and r.kind == "problem"]
    for cat in load_model().labels:
        assert sum(cat in r.labels for r in train) >= 60, cat
    test_texts = {r.text for r in rows if r.split == "test"}
    assert not test_texts & {r.text for r in rows if r.split == "train"}
    assert {r.kind for r in rows} == {"problem", "measure", "other"}
