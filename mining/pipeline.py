"""One report file -> `Report`: every stage in order, resources loaded once per process."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import checks, claims, health, meta, problems, readers, sections, tables
from .model import Document, Report
from .template import detect_template


@dataclass
class Resources:
    """Heavy objects (spaCy pipeline, classifier) shared by every report a process analyses.

    Built explicitly with `load_resources`, never at import time, so that `import mining` stays
    cheap and a pool of workers can build them once before forking.
    """

    nlp: Any = None
    problem_model: Any = None
    check_config: Any = None


def load_resources(*, model_dir: str | Path | None = None, check_config: Any = None) -> Resources:
    """Return the spaCy pipeline and the problem classifier, loaded once."""
    return Resources(
        nlp=claims.load_pipeline(),
        problem_model=problems.load_model(model_dir),
        check_config=check_config,
    )


def _strict_default() -> bool:
    return os.environ.get("XXGK_STRICT", "") not in ("", "0")


def analyze_document(
    doc: Document,
    resources: Resources | None = None,
    *,
    run_checks: bool = True,
    strict: bool | None = None,
) -> Report:
    """Return the `Report` built from an already-read `Document`.

    A stage after table parsing that raises (claims, problems, checks) does not lose the rest: its
    output is left empty and the failure is recorded among the health reasons. ``strict`` (default:
    the ``XXGK_STRICT`` environment variable, which the test suite sets) re-raises instead.
    """
    res = resources or Resources()
    strict = _strict_default() if strict is None else strict
    failures: list[str] = []

    def guarded(stage: str, fn: Callable[[], Any], fallback: Any) -> Any:
        if strict:
            return fn()
        try:
            return fn()
        except Exception as exc:  # one failing stage must not lose the others
            failures.append(f"stage {stage} failed: {type(exc).__name__}: {exc}")
            return fallback

    secs = sections.segment_sections(doc.text)
    cells = tables.parse_tables(doc, secs)
    template = detect_template(doc.text, cells)
    report_meta = meta.extract_meta(doc, secs, template)
    found_claims = guarded(
        "claims",
        lambda: claims.extract_claims(doc.text, secs, template=template, nlp=res.nlp, grids=doc.grids),
        (),
    )
    five_section = next((s for s in secs if s.key == "problems"), None)
    five = guarded(
        "problems",
        lambda: problems.analyze_problems(doc.text, five_section, model=res.problem_model),
        problems.ProblemAnalysis(),
    )
    report = Report(
        document=doc,
        meta=report_meta,
        sections=secs,
        cells=cells,
        claims=found_claims,
        problems=five.problems,
        improvements=five.improvements,
        section_flags=five.flags,
        health=health.assess_health(doc, secs, cells, template),
    )
    if run_checks:
        findings, verdicts = guarded(
            "checks", lambda: checks.check_report(report, config=res.check_config), ((), {})
        )
        report = dataclasses.replace(report, findings=findings, verdicts=verdicts)
    if failures:
        h = report.health
        report = dataclasses.replace(
            report, health=dataclasses.replace(h, reasons=h.reasons + tuple(failures))
        )
    return report


def analyze(
    path: str | Path,
    resources: Resources | None = None,
    *,
    run_checks: bool = True,
    strict: bool | None = None,
) -> Report:
    """Return the `Report` of the file at `path` (raises `ReadError` when it cannot be read)."""
    return analyze_document(readers.read_document(path), resources, run_checks=run_checks, strict=strict)
