"""``xxgk report DIR``: summary CSVs, PNG plots and one HTML page from a mined corpus."""

from __future__ import annotations

from pathlib import Path

import typer

from mining.corpus import load
from mining.corpus.study import build_study
from mining.model import XxgkError


def report(
    directory: Path = typer.Argument(..., help="Output folder of `xxgk mine`."),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Where to write the study (default: DIR/study)."
    ),
) -> None:
    """Write summary tables, plots and a self-contained HTML page for a mined corpus."""
    try:
        study = build_study(load(directory), out or directory / "study")
    except XxgkError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    for w in study.warnings:
        typer.echo(f"warning: {w}", err=True)
    typer.echo(f"{study.html}: {len(study.tables)} tables, {len(study.plots)} plots")


def register(app: typer.Typer) -> None:
    app.command("report")(report)
