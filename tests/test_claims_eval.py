"""Evaluation gate: detection, value and field accuracy on the labelled claim set must not regress."""

from __future__ import annotations

import importlib.util

from .conftest import ROOT


def _evaluate(split: str) -> dict:
    spec = importlib.util.spec_from_file_location("eval_claims", ROOT / "scripts" / "eval_claims.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.evaluate(split)


def test_labelled_set_is_large_enough():
    m = _evaluate("all")
    assert m["sentences"] >= 400
    assert m["gold"] >= 800


def test_test_split_floors():
    m = _evaluate("test")
    assert m["f1"] >= 0.97, m["errors"][:10]
    assert m["value_accuracy"] >= 0.98, m["errors"][:10]
    assert m["interval_accuracy"] >= 0.97, m["errors"][:10]
    assert m["field_accuracy"] >= 0.95, m["errors"][:10]


def test_dev_split_floors():
    m = _evaluate("dev")
    assert m["f1"] >= 0.97 and m["value_accuracy"] >= 0.98 and m["field_accuracy"] >= 0.95, m["errors"][:10]
