"""``xxgk mine INPUT... --out DIR``: many reports -> Parquet tables (thin layer over `mining.corpus.mine`)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from mining.corpus import mine as mine_corpus
from mining.model import XxgkError


class Engine(str, Enum):
    local = "local"
    dask = "dask"


def mine(
    inputs: list[str] = typer.Argument(
        ..., help="Files, folders (recursive), globs, or @list.txt (one path a line)."
    ),
    out: Path = typer.Option(..., "--out", "-o", help="Output folder of the Parquet dataset (resumable)."),
    engine: Engine = typer.Option(
        Engine.local, "--engine", help="local processes, or a dask.distributed cluster."
    ),
    scheduler: str | None = typer.Option(
        None, "--scheduler", help="dask scheduler address (tcp://host:8786)."
    ),
    workers: int | None = typer.Option(
        None, "--workers", "-j", help="Worker processes (default: all cores)."
    ),
    model: Path | None = typer.Option(
        None, "--model", help="Problem classifier directory (default: bundled)."
    ),
    batch_size: int = typer.Option(200, "--batch-size", help="Reports per committed batch."),
) -> None:
    """Mine reports into tidy tables: reports, sections, cells, claims, problems, improvements, findings, errors."""
    try:
        tables = mine_corpus(
            inputs,
            out,
            engine=engine.value,
            workers=workers,
            scheduler=scheduler,
            model_dir=model,
            progress="auto",
            batch_size=batch_size,
            tables=("reports", "errors"),
        )
    except XxgkError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    s = tables.stats
    typer.echo(
        f"{out}: {len(tables.reports)} reports in all; this run analysed {s.analysed}, skipped {s.skipped} "
        f"already done, {s.errors} errors, {s.duplicates} duplicate files; {s.corpus_findings} corpus findings; "
        f"{s.seconds:.1f} s with {s.workers} workers ({s.engine})"
    )


def register(app: typer.Typer) -> None:
    app.command("mine")(mine)
