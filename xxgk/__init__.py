"""Notebook API of xxgk: ``xxgk.analyze(path)``; the library itself lives in `mining`."""

from __future__ import annotations

from mining.pipeline import analyze, load_resources

__all__ = ["analyze", "load_resources"]
