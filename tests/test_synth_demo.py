"""The committed demo corpus: complete, regenerable byte for byte, and its truth keeps its promises."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

import pytest

from corpora.synth import DEFECT_CODES, generate_report
from corpora.synth.corpus import DEMO_PARAMS, DEMO_SAMPLE
from corpora.synth.verify import verify_corpus, verify_report

DEMO = Path(__file__).resolve().parents[1] / "corpora" / "demo"


@pytest.fixture(scope="module")
def manifest() -> dict:
    return json.loads((DEMO / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def truths(manifest: dict) -> dict[str, dict]:
    return {
        e["file"]: json.loads((DEMO / e["truth"]).read_text(encoding="utf-8")) for e in manifest["reports"]
    }


def test_demo_is_complete_and_small(manifest: dict) -> None:
    entries = manifest["reports"]
    assert manifest["n_reports"] == len(entries) >= 250
    total = 0
    for e in entries:
        data = (DEMO / e["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == e["sha256"], e["file"]
        total += len(data) + (DEMO / e["truth"]).stat().st_size
    assert total < 15_000_000
    combos = Counter((e["format"], e["template"]) for e in entries)
    for fmt in ("txt", "md", "html", "docx", "pdf"):
        for template in ("2021", "2019"):
            assert combos[(fmt, template)] > 0, (fmt, template)
    assert {e["layout"] for e in entries} >= {
        "tabs",
        "cells",
        "spaces",
        "pipe",
        "cms",
        "plain",
        "merged",
        "ruled",
    }


def test_every_defect_code_has_cases_and_most_reports_are_clean(manifest: dict) -> None:
    codes = Counter(c for e in manifest["reports"] for c in e["defects"])
    assert set(codes) == set(DEFECT_CODES)
    defective = sum(1 for e in manifest["reports"] if e["defects"])
    assert 0.10 < defective / len(manifest["reports"]) < 0.25


def test_truth_matches_what_the_generator_promises(manifest: dict, truths: dict[str, dict]) -> None:
    corpus_codes = verify_corpus(truths.values())
    for e in manifest["reports"]:
        truth = truths[e["file"]]
        listed = {d["code"] for d in truth["defects"]}
        assert corpus_codes[e["file"]] == listed & {"X101", "X102", "X103", "X201"}, e["file"]
        if e["format"] in ("txt", "md"):
            text = (DEMO / e["file"]).read_bytes().decode(truth["style"]["encoding"])
            assert verify_report(truth, text) == listed - {"X101", "X102", "X103", "X201"}, e["file"]


def test_cross_year_links(manifest: dict, truths: dict[str, dict]) -> None:
    linked = 0
    for e in manifest["reports"]:
        t = truths[e["file"]]
        prev = truths.get(t.get("previous_file") or "")
        if prev is None or "X101" in t["injected"]:
            continue
        linked += 1
        assert t["tables"]["t3.carried_in.total"] == (prev["tables"]["t3.carried_out.total"] or 0)
        both = (t["tables"], prev["tables"])
        if t["meta"]["template"] == prev["meta"]["template"] == "2021" and all(
            "t2.normative.issued" in x for x in both
        ):
            stock = (prev["tables"]["t2.normative.in_force"] or 0) + (t["tables"]["t2.normative.issued"] or 0)
            assert (t["tables"]["t2.normative.in_force"] or 0) == stock - (
                t["tables"]["t2.normative.repealed"] or 0
            )
    assert linked > 200


def _regenerate(entry: dict, truths: dict[str, dict]) -> dict:
    t = truths[entry["file"]]
    peer = None
    for d in t["defects"]:
        if d["code"] == "X201" and "copied_from" in d["detail"]:
            peer = truths[d["detail"]["copied_from"]]
    r = generate_report(
        seed=entry["seed"],
        agency=entry["agency"],
        year=entry["year"],
        fmt=entry["format"],
        layout=entry["layout"],
        defects=tuple(entry["injected"]),
        previous=truths.get(entry["previous"] or ""),
        peer=peer,
        filename=entry["file"],
    )
    return {"data": r.data, "truth": r.truth}


def test_a_few_reports_regenerate_byte_for_byte(manifest: dict, truths: dict[str, dict]) -> None:
    entries = manifest["reports"]
    picks: dict[str, dict] = {}
    for e in entries:
        picks.setdefault(e["format"], e)
        for code in ("X101", "X102", "X103", "X201", "T301", "N101"):
            if code in e["injected"]:
                picks.setdefault(code, e)
    assert len(picks) >= 10
    for e in picks.values():
        again = _regenerate(e, truths)
        assert again["data"] == (DEMO / e["file"]).read_bytes(), e["file"]
        committed = truths[e["file"]]
        for key in ("tables", "claims", "problems", "meta", "sections"):
            assert again["truth"][key] == committed[key], (e["file"], key)


def test_the_sample_is_the_documented_clean_report(truths: dict[str, dict]) -> None:
    r = generate_report(**DEMO_SAMPLE)
    assert r.data == (DEMO / "sample.txt").read_bytes()
    assert truths["sample.txt"]["defects"] == []
    assert DEMO_PARAMS["n_agencies"] * len(DEMO_PARAMS["years"]) + 1 == len(truths)
