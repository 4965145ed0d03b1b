"""``xxgk analyze PATH``: one report -> its canonical structure (text summary or JSON)."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path

import typer

from mining.model import ReadError
from mining.pipeline import analyze as analyze_path
from mining.pipeline import load_resources
from mining.render import render_report_html
from mining.serialize import report_to_dict


class AnalyzeFormat(str, Enum):
    text = "text"
    json = "json"
    html = "html"


def analyze(
    path: Path = typer.Argument(..., help="A report file (txt, md, html, docx or pdf)."),
    fmt: AnalyzeFormat = typer.Option(AnalyzeFormat.text, "--format", "-f", help="Output format."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
    model: Path | None = typer.Option(
        None, "--model", help="Problem classifier directory (default: bundled)."
    ),
    include_text: bool = typer.Option(False, "--include-text", help="Include the normalised text in JSON."),
) -> None:
    """Read one report into meta, sections, tables, claims, problems and findings."""
    try:
        report = analyze_path(path, load_resources(model_dir=model))
    except ReadError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    if fmt is AnalyzeFormat.html:
        rendered = render_report_html(report).rstrip("\n")
    elif fmt is AnalyzeFormat.json:
        rendered = json.dumps(report_to_dict(report, include_text=include_text), ensure_ascii=False, indent=2)
    else:
        rendered = _summary(report)
    if output:
        output.write_text(rendered + "\n", encoding="utf-8")
    else:
        sys.stdout.write(rendered + "\n")


def _summary(report) -> str:
    m = report.meta
    lines = [
        f"{report.document.path}",
        f"  agency: {m.agency}  year: {m.year}  template: {m.template}  published: {m.publish_date}  body: {m.body_kind}",
        f"  reader: {report.document.reader} ({report.document.format})  health: {report.health.score:.2f}",
        "  sections: " + ", ".join(f"{s.key}[{s.start}:{s.end}]" for s in report.sections),
        f"  table cells: {len(report.cells)}  claims: {len(report.claims)}  problems: {len(report.problems)}"
        f"  improvements: {len(report.improvements)}  findings: {len(report.findings)}",
    ]
    lines += [f"  ! {r}" for r in report.health.reasons]
    return "\n".join(lines)


def register(app: typer.Typer) -> None:
    app.command("analyze")(analyze)
