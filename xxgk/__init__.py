"""Notebook API of xxgk: ``xxgk.analyze(path)``, ``xxgk.mine(paths)``, ``xxgk.load(DIR)``; the library lives in `mining`."""

from __future__ import annotations

from typing import Any

from mining.corpus import CorpusTables, load
from mining.corpus import mine as _mine
from mining.pipeline import analyze, load_resources


def mine(paths: Any, out_dir: Any = None, *, progress: Any = "auto", **kwargs: Any) -> CorpusTables:
    """Return the corpus tables of `paths` (see `mining.corpus.mine`); shows a progress bar on a terminal."""
    return _mine(paths, out_dir, progress=progress, **kwargs)


__all__ = ["CorpusTables", "analyze", "load", "load_resources", "mine"]
