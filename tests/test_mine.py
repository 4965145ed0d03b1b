"""`mine`: tables, resume after a crash or a kill, broken files, re-runs, inputs (small generated corpus)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from mining.corpus import InputError, expand_inputs, load, mine
from mining.corpus.schema import PUBLIC_TABLES
from mining.corpus.synthetic import generate_corpus
from mining.model import XxgkError

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    plan = generate_corpus(folder, n_agencies=8, formats=("txt", "md"))
    return folder, plan


def canonical(tables) -> dict[str, pd.DataFrame]:
    out = {}
    for t in PUBLIC_TABLES:
        df = tables.table(t).astype(object).where(lambda d: d.notna(), None)
        df = df.sort_values(list(df.columns), key=lambda s: s.astype(str)).reset_index(drop=True)
        out[t] = df
    return out


def assert_same(a, b) -> None:
    ca, cb = canonical(a), canonical(b)
    for t in PUBLIC_TABLES:
        pd.testing.assert_frame_equal(ca[t], cb[t], check_dtype=False, obj=t)


@pytest.fixture(scope="module")
def clean(corpus, tmp_path_factory):
    folder, _ = corpus
    return mine([folder], tmp_path_factory.mktemp("clean") / "out", workers=2)


def test_tables_and_report_ids(clean, corpus):
    _, plan = corpus
    assert len(clean.reports) == len(plan.files) == 24
    assert clean.reports["report_id"].is_unique
    assert clean.reports["report_id"].str.fullmatch(r"[0-9a-f]{64}").all()
    ids = set(clean.reports["report_id"])
    for t in ("sections", "cells", "claims", "problems", "improvements", "findings"):
        assert set(clean.table(t)["report_id"]) <= ids, t
    assert (clean.sections.groupby("report_id").size() == 7).all()
    assert set(clean.reports["year"]) == {2022, 2023, 2024}
    assert clean.stats.analysed == 24 and clean.stats.errors == 0


def test_corpus_rules_find_exactly_the_injected_copies(clean, corpus):
    _, plan = corpus
    f = clean.findings.merge(clean.reports[["report_id", "file_name"]], on="report_id")
    overview = f[f["evidence"].str.contains("section overview")]
    assert set(overview[overview["code"] == "X103"]["file_name"]) == plan.repeated_sections
    assert set(overview[overview["code"] == "X201"]["file_name"]) == plan.copied_sections
    assert set(f[f["code"].str.startswith("X")]["scope"]) == {"corpus"}
    # a province prefix added in one year does not split the agency
    assert clean.reports["agency_key"].nunique() == 8


def test_crash_after_two_batches_then_resume_loses_and_duplicates_nothing(corpus, clean, tmp_path):
    folder, _ = corpus
    out = tmp_path / "out"

    def boom(n: int) -> None:
        if n == 2:
            raise RuntimeError("simulated crash")

    with pytest.raises(RuntimeError):
        mine([folder], out, workers=2, batch_size=5, chunk_size=1, on_batch=boom)
    partial = load(out)
    assert len(partial.reports) == 10
    again = mine([folder], out, workers=2, batch_size=5)
    assert again.stats.analysed == 14 and again.stats.skipped == 10
    assert again.reports["report_id"].is_unique
    assert_same(again, clean)


def test_killed_process_resumes(corpus, clean, tmp_path):
    folder, _ = corpus
    out = tmp_path / "out"
    script = (
        "import time, sys\n"
        "from mining.corpus import mine\n"
        "mine([sys.argv[1]], sys.argv[2], workers=1, batch_size=3, on_batch=lambda n: time.sleep(0.4))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", script, str(folder), str(out)], env=env)
    manifests = out / "_manifest"
    deadline = time.time() + 60
    while time.time() < deadline and len(list(manifests.glob("batch-*.json"))) < 2:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    committed = len(load(out).reports)
    assert 6 <= committed < 24, "the run should have been killed half way"
    again = mine([folder], out, workers=2)
    assert again.stats.skipped == committed and again.stats.analysed == 24 - committed
    assert_same(again, clean)


def test_broken_files_become_one_error_row_each(corpus, tmp_path):
    folder, plan = corpus
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "binary.txt").write_bytes(b"\xff\xfe\x00\x81 not text \x00\xc3")
    (bad / "corrupt.docx").write_bytes(b"\x00\x01\x02\x93 this is no zip archive \xff")
    listing = tmp_path / "list.txt"
    lines = [str(p) for p in plan.files[:4]] + [
        str(bad / "binary.txt"),
        str(bad / "corrupt.docx"),
        "gone.pdf",
    ]
    listing.write_text("# reports to mine\n" + "\n".join(lines) + "\n", encoding="utf-8")
    tables = mine([f"@{listing}"], tmp_path / "out", workers=2)
    assert len(tables.reports) == 4
    errs = tables.errors
    assert len(errs) == 3 and errs["fatal"].all()
    assert {Path(p).name for p in errs["path"]} == {"binary.txt", "corrupt.docx", "gone.pdf"}
    assert (errs["stage"] == "read").all() and errs["reason"].str.len().gt(0).all()
    # re-running does not retry them, nor duplicate their rows
    again = mine([f"@{listing}"], tmp_path / "out", workers=2)
    assert again.stats.analysed == 0 and len(again.errors) == 3


def test_stage_exception_is_an_error_row_with_the_stage(corpus, tmp_path, monkeypatch):
    folder, plan = corpus
    import mining.pipeline as pipeline

    real = pipeline.sections.segment_sections

    def flaky(text):
        if "东岭县" in text:
            raise ValueError("cannot segment")
        return real(text)

    monkeypatch.setattr(pipeline.sections, "segment_sections", flaky)
    tables = mine(plan.files[:6], tmp_path / "out", workers=1)
    lost = tables.errors
    assert len(lost) >= 1 and set(lost["stage"]) == {"sections"}
    assert lost["reason"].str.contains("cannot segment").all()
    assert len(tables.reports) + len(lost) == 6


def test_rerun_skips_done_reports_and_duplicate_content(corpus, tmp_path):
    folder, plan = corpus
    out = tmp_path / "out"
    first = mine(plan.files[:5], out, workers=2)
    copy = tmp_path / "copy.txt"
    copy.write_bytes(plan.files[0].read_bytes())
    os.utime(plan.files[1], None)  # same content, new mtime: hashed again, still skipped
    again = mine(plan.files[:5] + [copy], out, workers=2)
    assert again.stats.analysed == 0 and again.stats.skipped == 6
    assert_same(again, first)
    fresh = mine([plan.files[0], copy], tmp_path / "fresh", workers=1)
    assert len(fresh.reports) == 1 and fresh.stats.duplicates == 1


def test_inputs_folders_globs_and_lists(corpus, tmp_path):
    folder, plan = corpus
    assert len(expand_inputs([folder])) == 24
    assert len(expand_inputs([str(folder / "*.md")])) == sum(p.suffix == ".md" for p in plan.files)
    assert len(expand_inputs([folder, str(folder / "*.txt")])) == 24  # each file once
    with pytest.raises(InputError, match="nothing-here"):
        expand_inputs([tmp_path / "nothing-here"])
    with pytest.raises(InputError, match="matches no file"):
        expand_inputs([str(tmp_path / "*.pdf")])
    with pytest.raises(XxgkError, match="not an xxgk mine output"):
        load(tmp_path)
