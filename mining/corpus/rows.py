"""`Report` -> rows of the corpus tables (plain dicts matching `schema.SCHEMAS`), and error rows."""

from __future__ import annotations

import hashlib
import json
import linecache
import os
import re
import traceback
from pathlib import Path
from typing import Any

from ..keys import derived_sums
from ..model import Finding, ReadError, Report
from .agencies import normalize_agency
from .similarity import MIN_NARRATIVE_CHARS, narrative_text, signature, signature_bytes

Rows = dict[str, list[dict[str, Any]]]

_STAGE_FAILED = "stage "
_MINING = Path(__file__).resolve().parents[1]


def empty_rows() -> Rows:
    """Return one empty row list per table."""
    from .schema import TABLES

    return {t: [] for t in TABLES}


def _json(value: Any) -> str | None:
    if value is None:
        return None
    from ..model import to_jsonable

    return json.dumps(to_jsonable(value), ensure_ascii=False, sort_keys=True, default=str)


def finding_row(report_id: str, f: Finding, scope: str) -> dict[str, Any]:
    """Return the ``findings`` row of one `Finding`."""
    return {
        "report_id": report_id,
        "scope": scope,
        "code": f.code,
        "family": f.family,
        "severity": f.severity,
        "message": f.message,
        "keys": ",".join(f.keys),
        "spans": _json([list(s) for s in f.spans]),
        "expected": _json(f.expected),
        "actual": _json(f.actual),
        "fingerprint": f.fingerprint,
        "evidence": f.evidence,
    }


def _num(v: Any) -> float | None:
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def report_rows(report: Report, *, report_id: str = "", size_bytes: int | None = None) -> Rows:
    """Return the rows every table gets from one analysed report (``signatures`` included)."""
    doc, meta, h = report.document, report.meta, report.health
    rid = report_id or doc.sha256
    rows = empty_rows()
    stage_failures = [r for r in h.reasons if r.startswith(_STAGE_FAILED)]
    rows["reports"].append(
        {
            "report_id": rid,
            "path": doc.path,
            "file_name": os.path.basename(doc.path),
            "format": doc.format,
            "reader": doc.reader,
            "encoding": doc.encoding,
            "pages": doc.pages,
            "size_bytes": size_bytes,
            "n_chars": len(doc.text),
            "agency": meta.agency,
            "agency_key": normalize_agency(meta.agency),
            "year": meta.year,
            "publish_date": meta.publish_date,
            "template": meta.template,
            "body_kind": meta.body_kind,
            "title": meta.title,
            "health": h.score,
            "health_reasons": "; ".join(h.reasons),
            "garbled_share": h.garbled_share,
            "sections_found": h.sections_found,
            "table_cells_found": h.table_cells_found,
            "table_cells_expected": h.table_cells_expected,
            "cells_unparsed": h.cells_unparsed,
            "n_sections": len(report.sections),
            "n_cells": len(report.cells),
            "n_claims": len(report.claims),
            "n_problems": len(report.problems),
            "n_improvements": len(report.improvements),
            "n_findings": len(report.findings),
            "n_corpus_findings": 0,
            "section_flags": ",".join(report.section_flags),
            "repeated": "repeated" in report.section_flags,
            "verdicts": _json(dict(sorted(report.verdicts.items()))) if report.verdicts else None,
            "warnings": "; ".join(doc.warnings),
            "stage_errors": len(stage_failures),
        }
    )
    for s in report.sections:
        text = report.text[s.start : s.end]
        rows["sections"].append(
            {
                "report_id": rid,
                "key": s.key,
                "title": s.title,
                "numbering": s.numbering,
                "irregular": s.irregular,
                "heading_start": s.heading_start,
                "start": s.start,
                "end": s.end,
                "n_chars": len(text),
                "text": text,
            }
        )
        if s.key != "preamble":
            narrative = narrative_text(text)
            if len(narrative) >= MIN_NARRATIVE_CHARS:
                sig, n = signature(narrative)
                rows["signatures"].append(
                    {
                        "report_id": rid,
                        "year": meta.year,
                        "section": s.key,
                        "start": s.start,
                        "end": s.end,
                        "n_shingles": n,
                        "minhash": signature_bytes(sig),
                    }
                )
    for c in report.cells:
        rows["cells"].append(
            _cell_row(
                rid,
                c.key,
                _num(c.value),
                c.raw,
                c.placeholder,
                c.row_label,
                c.unit,
                c.source,
                c.row,
                c.col,
                False,
            )
        )
    printed = {c.key for c in report.cells}
    for key, value in sorted(derived_sums(report.tables, meta.template).items()):
        if value is not None and key not in printed:
            rows["cells"].append(
                _cell_row(rid, key, float(value), "", None, "", None, "derived", -1, -1, True)
            )
    for i, c in enumerate(report.claims):
        rows["claims"].append(
            {
                "report_id": rid,
                "idx": i,
                "section": c.section,
                "field": c.field,
                "value": _num(c.value),
                "unit": c.unit,
                "approx": c.approx,
                "low": _num(c.low),
                "high": _num(c.high),
                "value_yuan": _num(c.value_yuan),
                "negative": bool(c.negative),
                "start": c.start,
                "end": c.end,
                "sentence_start": c.sentence[0] if c.sentence else None,
                "sentence_end": c.sentence[1] if c.sentence else None,
                "text": c.text,
            }
        )
    for i, p in enumerate(report.problems):
        rows["problems"].append(
            {
                "report_id": rid,
                "idx": i,
                "label": p.labels[0] if p.labels else None,
                "labels": ",".join(p.labels),
                "scores": _json(dict(sorted(p.scores.items()))) if p.scores else None,
                "repeated": False,
                "start": p.start,
                "end": p.end,
                "text": p.text,
            }
        )
    for i, imp in enumerate(report.improvements):
        rows["improvements"].append(
            {
                "report_id": rid,
                "idx": i,
                "addresses": ",".join(str(a) for a in imp.addresses),
                "start": imp.start,
                "end": imp.end,
                "text": imp.text,
            }
        )
    rows["findings"] = [finding_row(rid, f, "report") for f in report.findings]
    for reason in stage_failures:
        stage = reason[len(_STAGE_FAILED) :].split(" ", 1)[0]
        rows["errors"].append(
            error_row(
                rid,
                doc.path,
                stage=stage,
                reason=reason,
                error_type="StageError",
                fatal=False,
                fmt=doc.format,
                reader=doc.reader,
            )
        )
    return rows


def _cell_row(
    rid, key, value, raw, placeholder, row_label, unit, source, row, col, derived
) -> dict[str, Any]:
    return {
        "report_id": rid,
        "key": key,
        "table": key.split(".", 1)[0],
        "value": value,
        "raw": raw,
        "placeholder": placeholder,
        "row_label": row_label,
        "unit": unit,
        "source": source,
        "row": row,
        "col": col,
        "derived": derived,
    }


def error_row(
    report_id: str,
    path: str,
    *,
    stage: str,
    reason: str,
    error_type: str,
    fatal: bool = True,
    hint: str = "",
    fmt: str | None = None,
    reader: str | None = None,
) -> dict[str, Any]:
    """Return one ``errors`` row."""
    return {
        "report_id": report_id,
        "path": path,
        "format": fmt if fmt is not None else (Path(path).suffix.lower().lstrip(".") or None),
        "reader": reader,
        "stage": stage,
        "error_type": error_type,
        "reason": reason,
        "hint": hint,
        "fatal": fatal,
    }


def content_id(data: bytes) -> str:
    """Return the report id of a file's bytes (the sha256 the readers put in `Document.sha256`)."""
    return hashlib.sha256(data).hexdigest()


def path_id(path: str) -> str:
    """Return a stand-in id for a file that could not be read at all (hash of its path)."""
    return "path:" + hashlib.sha256(str(path).encode("utf-8")).hexdigest()


_STAGES = ("readers", "sections", "tables", "template", "meta", "claims", "problems", "checks", "health")
_CALL = re.compile(r"\b(" + "|".join(_STAGES) + r")\.\w+\(|\b(detect_template)\(")


def failing_stage(exc: BaseException) -> str:
    """Return the pipeline stage an exception came from (``read``, ``sections``, ``tables``, …).

    The innermost frame inside a stage module decides; when the exception was raised outside
    ``mining`` (a plug-in, a patched function) the stage is read from the pipeline line that called it.
    """
    if isinstance(exc, ReadError):
        return "read"
    stage, called = None, None
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        try:
            rel = Path(frame.f_code.co_filename).resolve().relative_to(_MINING)
        except ValueError:
            continue
        name = rel.parts[0].removesuffix(".py")
        if name == "pipeline":
            m = _CALL.search(linecache.getline(frame.f_code.co_filename, lineno))
            if m:
                called = m.group(1) or "template"
        elif name != "corpus":
            stage = name
    found = stage or called or "analyze"
    return "read" if found == "readers" else found


def exception_row(report_id: str, path: str, exc: BaseException) -> dict[str, Any]:
    """Return the ``errors`` row of an exception that lost one report."""
    if isinstance(exc, ReadError):
        return error_row(
            report_id,
            path,
            stage="read",
            reason=exc.reason,
            hint=exc.hint,
            error_type="ReadError",
            reader=getattr(exc, "reader", None),
        )
    return error_row(
        report_id,
        path,
        stage=failing_stage(exc),
        reason=f"{type(exc).__name__}: {exc}",
        error_type=type(exc).__name__,
    )
