"""``xxgk claims PATH``: the quantities the narrative states, each beside the table value it should equal."""

from __future__ import annotations

import csv
import io
import json
import sys
from enum import Enum
from pathlib import Path

import typer

from mining.claims import claim_allows
from mining.keys import derived_sums
from mining.model import ReadError, Report, to_jsonable
from mining.pipeline import analyze as analyze_path
from mining.pipeline import load_resources

COLUMNS = (
    "section",
    "text",
    "value",
    "unit",
    "approx",
    "low",
    "high",
    "value_yuan",
    "negative",
    "field",
    "table",
    "agrees",
)


class ClaimsFormat(str, Enum):
    text = "text"
    json = "json"
    csv = "csv"


def claim_rows(report: Report) -> list[dict]:
    """Return one dict per claim with the linked table value (printed cell or derived sum) and whether it fits."""
    tables = report.tables
    derived = derived_sums(tables, report.meta.template)
    rows = []
    for c in report.claims:
        table = tables.get(c.field, derived.get(c.field)) if c.field else None
        agrees = None
        if isinstance(table, (int, float)):
            agrees = claim_allows(c, float(table))
        row = to_jsonable(c)
        row.update(table=table, agrees=agrees)
        rows.append(row)
    return rows


def _render_text(path: Path, rows: list[dict]) -> str:
    lines = [f"{path}: {len(rows)} claims"]
    if not rows:
        return lines[0]
    header = ("section", "claim", "value", "unit", "approx", "field", "table", "")
    table = [header]
    for r in rows:
        value = f"{r['value']:g}"
        if r["low"] is not None and (r["low"] != r["value"] or r["high"] != r["value"]):
            value += f" [{r['low']:g}, {'∞' if r['high'] is None else format(r['high'], 'g')}]"
        mark = {True: "ok", False: "MISMATCH", None: ""}[r["agrees"]]
        table.append(
            (
                r["section"],
                r["text"].replace("\n", " ")[:24],
                value,
                r["unit"] or ("(negative)" if r["negative"] else ""),
                r["approx"] or "",
                r["field"] or "",
                "" if r["table"] is None else f"{r['table']:g}",
                mark,
            )
        )
    widths = [max(_width(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        lines.append(
            "  ".join(cell + " " * (w - _width(cell)) for cell, w in zip(row, widths, strict=True)).rstrip()
        )
    return "\n".join(lines)


def _width(s: str) -> int:
    # CJK characters take two columns in a terminal.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)


def claims(
    path: Path = typer.Argument(..., help="A report file (txt, md, html, docx or pdf)."),
    fmt: ClaimsFormat = typer.Option(ClaimsFormat.text, "--format", "-f", help="Output format."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
) -> None:
    """List the narrative's quantitative claims with their section and the linked table value."""
    try:
        report = analyze_path(path, load_resources(), run_checks=False)
    except ReadError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    rows = claim_rows(report)
    if fmt is ClaimsFormat.json:
        rendered = json.dumps({"path": str(path), "claims": rows}, ensure_ascii=False, indent=2)
    elif fmt is ClaimsFormat.csv:
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=["start", "end", *COLUMNS], extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
        rendered = buf.getvalue().rstrip("\n")
    else:
        rendered = _render_text(path, rows)
    if output:
        output.write_text(rendered + "\n", encoding="utf-8")
    else:
        sys.stdout.write(rendered + "\n")


def register(app: typer.Typer) -> None:
    app.command("claims")(claims)
