"""`Report` -> plain dicts for JSON (the shape ``xxgk analyze --format json`` prints)."""

from __future__ import annotations

from typing import Any

from .keys import derived_sums
from .model import Report, to_jsonable


def report_to_dict(report: Report, *, include_text: bool = False) -> dict[str, Any]:
    """Return the JSON-ready dict of `report` with the keys of schema.md."""
    doc = report.document
    out: dict[str, Any] = {
        "document": {
            "path": doc.path,
            "format": doc.format,
            "reader": doc.reader,
            "encoding": doc.encoding,
            "pages": doc.pages,
            "sha256": doc.sha256,
            "warnings": list(doc.warnings),
            "health": to_jsonable(report.health),
        },
        "meta": to_jsonable(report.meta),
        "sections": [to_jsonable(s) for s in report.sections],
        "tables": report.tables,
        "derived": {
            k: v for k, v in derived_sums(report.tables, report.meta.template).items() if v is not None
        },
        "cells_raw": [to_jsonable(c) for c in report.cells],
        "claims": [to_jsonable(c) for c in report.claims],
        "problems": [to_jsonable(p) for p in report.problems],
        "improvements": [to_jsonable(i) for i in report.improvements],
        "section_flags": list(report.section_flags),
        "findings": [to_jsonable(f) for f in report.findings],
        "verdicts": dict(report.verdicts),
    }
    if include_text:
        out["text"] = report.text
    return out
