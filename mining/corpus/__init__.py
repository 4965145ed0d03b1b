"""Corpus mining: many report files -> tidy Parquet tables, in parallel and resumable, plus corpus rules.

``mine(inputs, out_dir)`` analyses every report (`mining.pipeline.analyze`) and writes the tables
``reports, sections, cells, claims, problems, improvements, findings, errors`` (see `schema`);
``load(out_dir)`` reads a finished run back as pandas DataFrames.
"""

from __future__ import annotations

from .inputs import InputError, expand_inputs
from .run import CorpusTables, RunStats, apply_corpus_rules, load, mine
from .schema import PUBLIC_TABLES, SCHEMAS

__all__ = [
    "PUBLIC_TABLES",
    "SCHEMAS",
    "CorpusTables",
    "InputError",
    "RunStats",
    "apply_corpus_rules",
    "expand_inputs",
    "load",
    "mine",
]
