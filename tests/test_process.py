"""The corpus workers' garbage-collector settings (`mining.process`): applied for a run, then undone."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

from mining.corpus import engine, mine
from mining.corpus.synthetic import generate_corpus
from mining.process import BATCH_GC_THRESHOLD, batch_gc

ROOT = Path(__file__).resolve().parents[1]


def test_batch_gc_applies_inside_the_block_and_restores_the_process_after_it():
    before = gc.get_threshold()
    assert before[0] != BATCH_GC_THRESHOLD and gc.get_freeze_count() == 0
    with batch_gc():
        assert gc.get_threshold() == (BATCH_GC_THRESHOLD, *before[1:])
        assert gc.get_freeze_count() > 1000  # the modules and objects loaded so far
        gc.collect()  # cycles are still collected
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_batch_gc_restores_after_an_exception_and_leaves_a_callers_freeze_alone():
    before = gc.get_threshold()
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        try:
            with batch_gc():
                raise RuntimeError("a failing run")
        except RuntimeError:
            pass
        assert gc.get_threshold() == before and gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


def test_a_worker_process_keeps_the_setting_and_freezes_what_it_loaded():
    code = (
        "import gc; from mining.process import tune_worker_gc, BATCH_GC_THRESHOLD as T; tune_worker_gc(); "
        "assert gc.get_threshold()[0] == T and gc.get_freeze_count() > 1000, gc.get_threshold(); print('ok')"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ok"


def test_mine_runs_its_reports_under_the_batch_setting_and_undoes_it(tmp_path, monkeypatch):
    plan = generate_corpus(tmp_path / "in", n_agencies=1, formats=("txt",))
    seen: list[int] = []
    real = engine.analyze_chunk

    def spy(paths, *args, **kwargs):
        seen.append(gc.get_threshold()[0])
        return real(paths, *args, **kwargs)

    monkeypatch.setattr(engine, "analyze_chunk", spy)
    before = gc.get_threshold()
    tables = mine(plan.files[:2], tmp_path / "out", workers=1)
    assert len(tables.reports) == 2
    assert seen and set(seen) == {BATCH_GC_THRESHOLD}
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
