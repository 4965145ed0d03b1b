"""``xxgk check PATH...`` (the linter) and ``xxgk rules [CODE]`` (the catalogue); logic lives in mining.checks."""

from __future__ import annotations

import dataclasses
import json
import sys
from enum import Enum
from pathlib import Path

import typer

from mining.checks import ConfigError, config_from_options, load_config, rule_for
from mining.checks.config import read_options
from mining.checks.metrics import MODE_LABELS, load_rule_metrics, rule_metrics_by_mode
from mining.checks.output import (
    RENDERERS,
    CheckedFile,
    at_or_above,
    baseline_json,
    load_baseline,
    render_statistics,
)
from mining.checks.registry import all_rules
from mining.model import ReadError
from mining.pipeline import analyze, load_resources
from mining.render import write_check_site

REPORT_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".shtml", ".docx", ".doc", ".pdf", ".wps"}


class OutputFormat(str, Enum):
    text = "text"
    json = "json"
    csv = "csv"
    sarif = "sarif"
    html = "html"


class Level(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"


def collect_paths(paths: list[Path]) -> tuple[list[Path], list[CheckedFile]]:
    """Return the report files under `paths` (folders recursively) and an error entry per missing path."""
    files: list[Path] = []
    missing: list[CheckedFile] = []
    for p in paths:
        if p.is_dir():
            files += sorted(
                f
                for f in p.rglob("*")
                if f.is_file() and f.suffix.lower() in REPORT_SUFFIXES and not f.name.startswith(".")
            )
        elif p.exists():
            files.append(p)
        else:
            missing.append(CheckedFile(path=str(p), error="no such file or folder"))
    return files, missing


def _split(values: list[str] | None) -> tuple[str, ...] | None:
    if not values:
        return None
    return tuple(x.strip().upper() for v in values for x in v.split(",") if x.strip())


def check_one(path: Path, resources, baseline: set[str]) -> CheckedFile:
    """Return the checked file; a file that cannot be read or analysed becomes an error entry."""
    try:
        report = analyze(path, resources, strict=False)
    except ReadError as exc:
        return CheckedFile(path=str(path), error=exc.reason + (f" ({exc.hint})" if exc.hint else ""))
    except Exception as exc:  # one broken file must not stop the batch
        return CheckedFile(path=str(path), error=f"could not be analysed: {type(exc).__name__}: {exc}")
    kept = tuple(f for f in report.findings if f.fingerprint not in baseline)
    failed = [r for r in report.health.reasons if r.startswith("stage checks failed")]
    return CheckedFile(
        path=str(path),
        findings=kept,
        verdicts=dict(report.verdicts),
        text=report.text,
        cells={c.key: c for c in report.cells},
        error=failed[0] if failed else None,
        suppressed=len(report.findings) - len(kept),
    )


def check(
    paths: list[Path] = typer.Argument(..., help="Report files or folders (searched recursively)."),
    select: list[str] | None = typer.Option(
        None, "--select", help="Codes or prefixes to run (e.g. T3,N101)."
    ),
    ignore: list[str] | None = typer.Option(None, "--ignore", help="Codes or prefixes to skip."),
    fail_on: Level | None = typer.Option(
        None, "--fail-on", help="Lowest severity that makes the exit code 1."
    ),
    exit_zero: bool = typer.Option(False, "--exit-zero", help="Exit 0 even when findings remain."),
    statistics: bool = typer.Option(False, "--statistics", help="Print counts per code instead of findings."),
    fmt: OutputFormat = typer.Option(OutputFormat.text, "--format", "-f", help="Output format."),
    baseline: Path | None = typer.Option(
        None, "--baseline", help="Suppress findings whose fingerprints it holds."
    ),
    write_baseline: Path | None = typer.Option(
        None, "--write-baseline", help="Write the fingerprints of every finding to this file."
    ),
    model: Path | None = typer.Option(
        None, "--model", help="Problem classifier directory (default: bundled)."
    ),
    config: Path | None = typer.Option(
        None, "--config", help="An xxgk.toml or pyproject.toml to read options from."
    ),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
    show_verdicts: bool = typer.Option(
        False, "--verdicts", help="Text format: also print every rule's verdict."
    ),
) -> None:
    """Check reports against the rule catalogue; exit 0 clean, 1 findings at --fail-on, 2 bad input."""
    try:
        if config is not None:
            cfg, source = config_from_options(read_options(config), source=str(config)), config
        else:
            cfg, source = load_config(Path.cwd())
        overrides = {}
        if _split(select) is not None:
            overrides["select"] = _split(select)
        if _split(ignore) is not None:
            overrides["ignore"] = _split(ignore)
        if fail_on is not None:
            overrides["fail_on"] = fail_on.value
        cfg = dataclasses.replace(cfg, **overrides)
        base_path = baseline or (Path(cfg.baseline) if cfg.baseline else None)
        if base_path is not None and source is not None and baseline is None and not base_path.is_absolute():
            base_path = Path(source).parent / base_path
        fingerprints = load_baseline(base_path) if base_path else set()
    except ConfigError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    files, broken = collect_paths(paths)
    resources = load_resources(model_dir=model, check_config=cfg)
    if fmt is OutputFormat.html:
        _write_html_site(files, broken, resources, fingerprints, output, cfg.fail_on, exit_zero)
    results = broken + [check_one(p, resources, fingerprints) for p in files]
    if write_baseline:
        write_baseline.write_text(baseline_json(results) + "\n", encoding="utf-8")
    rendered = render_statistics(results) if statistics else _render(fmt, results, show_verdicts)
    if output:
        output.write_text(rendered + "\n", encoding="utf-8")
    elif rendered:
        sys.stdout.write(rendered + "\n")
    for cf in results:
        if cf.error and fmt is OutputFormat.text and not output and statistics:
            typer.echo(f"{cf.path}: error: {cf.error}", err=True)
    if not files and not broken:
        typer.echo("error: no report files found under the given paths", err=True)
        raise typer.Exit(2)
    if any(cf.error for cf in results):
        raise typer.Exit(2)
    failing = [f for cf in results for f in at_or_above(cf.findings, cfg.fail_on)]
    raise typer.Exit(1 if failing and not exit_zero else 0)


def _write_html_site(files, broken, resources, fingerprints, output, fail_on, exit_zero) -> None:
    """Write one audit page per report plus index.html into the folder `output`, then exit."""
    if output is None:
        typer.echo("error: --format html writes a folder of pages: give it with -o DIR", err=True)
        raise typer.Exit(2)
    reports, failures = [], [(cf.path, cf.error or "") for cf in broken]
    for path in files:
        try:
            report = analyze(path, resources, strict=False)
        except ReadError as exc:
            failures.append((str(path), exc.reason + (f" ({exc.hint})" if exc.hint else "")))
            continue
        except Exception as exc:  # one broken file must not stop the batch
            failures.append((str(path), f"could not be analysed: {type(exc).__name__}: {exc}"))
            continue
        kept = tuple(f for f in report.findings if f.fingerprint not in fingerprints)
        reports.append(dataclasses.replace(report, findings=kept))
    written = write_check_site(reports, output, failures=failures)
    typer.echo(f"wrote {len(written) - 1} report pages and {written[-1]}")
    if failures or not files:
        raise typer.Exit(2)
    failing = [f for r in reports for f in at_or_above(r.findings, fail_on)]
    raise typer.Exit(1 if failing and not exit_zero else 0)


def _render(fmt: OutputFormat, results: list[CheckedFile], show_verdicts: bool) -> str:
    if fmt is OutputFormat.text:
        return RENDERERS["text"](results, show_pass=show_verdicts)
    return RENDERERS[fmt.value](results)


def rules(
    code: str | None = typer.Argument(None, help="A rule code: print its explanation and measured accuracy."),
    as_json: bool = typer.Option(False, "--json", help="Print the catalogue (or the rule) as JSON."),
) -> None:
    """List the rule catalogue, or explain one rule with its measured precision and recall."""
    metrics = load_rule_metrics()
    if code is None:
        catalogue = all_rules()
        if as_json:
            rows = [
                {k: getattr(r, k) for k in ("code", "name", "family", "severity", "scope", "message")}
                for r in catalogue
            ]
            typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for r in catalogue:
            scope = "" if r.scope == "report" else "  (corpus: xxgk mine)"
            typer.echo(f"{r.code}  {r.family:<21} {r.severity:<8} {r.name}{scope}")
        return
    r = rule_for(code)
    if r is None:
        typer.echo(f"error: no rule {code.upper()} (run `xxgk rules` for the catalogue)", err=True)
        raise typer.Exit(2)
    by_mode = rule_metrics_by_mode(r.code, metrics)
    if as_json:
        d = {
            k: getattr(r, k)
            for k in ("code", "name", "family", "severity", "scope", "message", "explanation")
        }
        primary = next(iter(by_mode.values()), None)
        typer.echo(
            json.dumps({**d, "metrics": primary, "metrics_by_mode": by_mode}, ensure_ascii=False, indent=2)
        )
        return
    lines = [
        f"{r.code} {r.name}",
        f"family: {r.family}   severity: {r.severity}   scope: {r.scope}",
        f"message: {r.message}",
        "",
        r.explanation,
        "",
    ]
    for mode, m in by_mode.items():
        p = "n/a" if m.get("precision") is None else f"{m['precision']:.3f}"
        rc = "n/a" if m.get("recall") is None else f"{m['recall']:.3f}"
        lines.append(
            f"measured, {mode} ({MODE_LABELS.get(mode, mode)}): precision {p}, recall {rc} "
            f"(injected {m.get('injected', 0)}, false alarms {m.get('false_alarms', 0)}, "
            f"error/warning on clean reports {m.get('clean_false_alarms', 0)}; {m.get('source', '')})"
        )
    if not by_mode:
        lines.append("measured: not evaluated yet (scripts/eval_checks.py writes the numbers)")
    typer.echo("\n".join(lines))


def register(app: typer.Typer) -> None:
    app.command("check")(check)
    app.command("rules")(rules)
