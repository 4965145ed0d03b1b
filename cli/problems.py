"""``xxgk problems PATH`` (section 五 of one report) and ``xxgk train`` (retrain the classifier)."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path

import typer

from mining.model import ReadError, to_jsonable
from mining.pipeline import analyze as analyze_path
from mining.pipeline import load_resources


class ProblemsFormat(str, Enum):
    text = "text"
    json = "json"


def problems(
    path: Path = typer.Argument(..., help="A report file (txt, md, html, docx or pdf)."),
    fmt: ProblemsFormat = typer.Option(ProblemsFormat.text, "--format", "-f", help="Output format."),
    model: Path | None = typer.Option(
        None, "--model", help="Problem classifier directory (default: bundled)."
    ),
) -> None:
    """Print the problems of section 五 with labels and scores, and the measures with their links."""
    try:
        report = analyze_path(path, load_resources(model_dir=model), run_checks=False)
    except ReadError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    if fmt is ProblemsFormat.json:
        data = {
            "path": str(path),
            "problems": [to_jsonable(p) for p in report.problems],
            "improvements": [to_jsonable(i) for i in report.improvements],
            "section_flags": list(report.section_flags),
        }
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    lines = [f"{path}  flags: {', '.join(report.section_flags) or '-'}"]
    if report.section("problems") is None:
        lines.append("  (no section 五 found)")
    lines.append(f"  problems ({len(report.problems)}):")
    for i, p in enumerate(report.problems):
        top = ", ".join(f"{c} {p.scores.get(c, 0):.2f}" for c in p.labels)
        lines.append(f"    [{i}] {p.text}")
        lines.append(f"        -> {top or '-'}")
    lines.append(f"  improvements ({len(report.improvements)}):")
    for m in report.improvements:
        addr = ",".join(map(str, m.addresses)) or "-"
        lines.append(f"    (addresses {addr}) {m.text}")
    sys.stdout.write("\n".join(lines) + "\n")


def train(
    data: Path = typer.Option(
        ..., "--data", help="Labelled CSV: text, labels (;-joined), kind, [split], [group]."
    ),
    out: Path = typer.Option(
        ..., "--out", help="Directory to write the model, metrics.json and MODEL_CARD.md."
    ),
    seed: int = typer.Option(0, "--seed", help="Random seed of the split and the models."),
) -> None:
    """Train and evaluate the problem classifier on your own labels; writes a model for --model."""
    from mining.problems.classifier import train_from_csv

    try:
        _, metrics = train_from_csv(data, out, seed=seed)
    except ReadError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    test = metrics.get("test") or {}
    typer.echo(
        f"wrote {out}: {metrics['n_train']} train / {metrics['n_test']} test rows, threshold {metrics['threshold']}"
    )
    typer.echo(
        f"held-out micro-F1 {test.get('micro_f1')}  macro-F1 {test.get('macro_f1')}  "
        f"kind accuracy {test.get('kind_accuracy')}  CV macro-F1 {metrics['cv']['macro_f1_mean']}"
    )
    for cat, m in (test.get("per_category") or {}).items():
        typer.echo(
            f"  {cat:26s} P={m['precision']:.3f} R={m['recall']:.3f} F1={m['f1']:.3f} n={m['support']}"
        )


def register(app: typer.Typer) -> None:
    app.command("problems")(problems)
    app.command("train")(train)
