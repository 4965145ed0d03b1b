"""The Arrow schemas of the corpus tables: one fixed schema per table, so every batch has the same columns.

The schemas are the documentation of the tables (see ``docs/researcher-guide.md``): a column is never
added to a batch without being added here first. Lists of short strings (``keys``, ``labels``) are
stored comma-joined and free-form values (``expected``, ``actual``, ``spans``, ``scores``,
``verdicts``) as JSON text, so that pandas, DuckDB and R read every column without nested types.
"""

from __future__ import annotations

import pyarrow as pa

S = pa.string()
I = pa.int64()  # noqa: E741 - a column type, not a loop variable
F = pa.float64()
B = pa.bool_()

SCHEMAS: dict[str, pa.Schema] = {
    "reports": pa.schema(
        [
            ("report_id", S),
            ("path", S),
            ("file_name", S),
            ("format", S),
            ("reader", S),
            ("encoding", S),
            ("pages", I),
            ("size_bytes", I),
            ("n_chars", I),
            ("agency", S),
            ("agency_key", S),
            ("year", I),
            ("publish_date", S),
            ("template", S),
            ("body_kind", S),
            ("title", S),
            ("health", F),
            ("health_reasons", S),
            ("garbled_share", F),
            ("sections_found", I),
            ("table_cells_found", I),
            ("table_cells_expected", I),
            ("cells_unparsed", I),
            ("n_sections", I),
            ("n_cells", I),
            ("n_claims", I),
            ("n_problems", I),
            ("n_improvements", I),
            ("n_findings", I),
            ("n_corpus_findings", I),
            ("section_flags", S),
            ("repeated", B),
            ("verdicts", S),
            ("warnings", S),
            ("stage_errors", I),
        ]
    ),
    "sections": pa.schema(
        [
            ("report_id", S),
            ("key", S),
            ("title", S),
            ("numbering", S),
            ("irregular", B),
            ("heading_start", I),
            ("start", I),
            ("end", I),
            ("n_chars", I),
            ("text", S),
        ]
    ),
    "cells": pa.schema(
        [
            ("report_id", S),
            ("key", S),
            ("table", S),
            ("value", F),
            ("raw", S),
            ("placeholder", S),
            ("row_label", S),
            ("unit", S),
            ("source", S),
            ("row", I),
            ("col", I),
            ("derived", B),
        ]
    ),
    "claims": pa.schema(
        [
            ("report_id", S),
            ("idx", I),
            ("section", S),
            ("field", S),
            ("value", F),
            ("unit", S),
            ("approx", S),
            ("low", F),
            ("high", F),
            ("value_yuan", F),
            ("negative", B),
            ("start", I),
            ("end", I),
            ("sentence_start", I),
            ("sentence_end", I),
            ("text", S),
        ]
    ),
    "problems": pa.schema(
        [
            ("report_id", S),
            ("idx", I),
            ("label", S),
            ("labels", S),
            ("scores", S),
            ("repeated", B),
            ("start", I),
            ("end", I),
            ("text", S),
        ]
    ),
    "improvements": pa.schema(
        [
            ("report_id", S),
            ("idx", I),
            ("addresses", S),
            ("start", I),
            ("end", I),
            ("text", S),
        ]
    ),
    "findings": pa.schema(
        [
            ("report_id", S),
            ("scope", S),
            ("code", S),
            ("family", S),
            ("severity", S),
            ("message", S),
            ("keys", S),
            ("spans", S),
            ("expected", S),
            ("actual", S),
            ("fingerprint", S),
            ("evidence", S),
        ]
    ),
    "errors": pa.schema(
        [
            ("report_id", S),
            ("path", S),
            ("format", S),
            ("reader", S),
            ("stage", S),
            ("error_type", S),
            ("reason", S),
            ("hint", S),
            ("fatal", B),
        ]
    ),
    "signatures": pa.schema(
        [
            ("report_id", S),
            ("year", I),
            ("section", S),
            ("start", I),
            ("end", I),
            ("n_shingles", I),
            ("minhash", pa.binary()),
        ]
    ),
}
"""Table name -> schema. ``signatures`` holds the MinHash of each narrative section (for X103/X201)."""

TABLES: tuple[str, ...] = tuple(SCHEMAS)
PUBLIC_TABLES: tuple[str, ...] = tuple(t for t in TABLES if t != "signatures")
