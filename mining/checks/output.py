"""Render check results (text, JSON, CSV, SARIF 2.1.0), count them, and apply a baseline.

Formatters only render: they never decide what a finding is. Offsets are character offsets into the
report's normalised text (`Document.text`), the coordinates every stage shares.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..model import Finding, TableCell, to_jsonable
from .config import ConfigError
from .registry import SEVERITY_RANK, Rule, all_rules


@dataclass(frozen=True)
class CheckedFile:
    """One input file: its findings and verdicts, or the reason it could not be checked."""

    path: str
    findings: tuple[Finding, ...] = ()
    verdicts: dict[str, str] = field(default_factory=dict)
    text: str = ""
    cells: dict[str, TableCell] = field(default_factory=dict)
    error: str | None = None
    suppressed: int = 0


def line_col(text: str, offset: int) -> tuple[int, int]:
    """Return the 1-based line and column of `offset` in `text`."""
    offset = max(0, min(offset, len(text)))
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def at_or_above(findings: Iterable[Finding], level: str) -> list[Finding]:
    """Return the findings whose severity is `level` or more severe."""
    rank = SEVERITY_RANK[level]
    return [f for f in findings if SEVERITY_RANK.get(f.severity, 0) >= rank]


# -- baseline --------------------------------------------------------------------------------------
def load_baseline(path: str | Path) -> set[str]:
    """Return the fingerprints in a baseline file (a list, ``{"fingerprints": [...]}`` or a JSON report)."""
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{p}: cannot read the baseline ({exc})") from exc
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{p}: the baseline is not JSON ({exc})") from exc
    if isinstance(data, dict) and "fingerprints" in data:
        data = data["fingerprints"]
    elif isinstance(data, dict) and "files" in data:
        data = [f.get("fingerprint") for fl in data["files"] for f in fl.get("findings", [])]
    if not isinstance(data, list):
        raise ConfigError(f"{p}: a baseline is a list of fingerprints")
    return {str(x.get("fingerprint") if isinstance(x, dict) else x) for x in data if x}


def baseline_json(files: Sequence[CheckedFile]) -> str:
    """Return a baseline file holding every finding's fingerprint, with code and path for reviewers."""
    entries = sorted(
        (
            {"fingerprint": f.fingerprint, "code": f.code, "path": cf.path}
            for cf in files
            for f in cf.findings
        ),
        key=lambda e: (e["path"], e["code"], e["fingerprint"]),
    )
    return json.dumps({"version": 1, "fingerprints": entries}, ensure_ascii=False, indent=2)


# -- renderers -------------------------------------------------------------------------------------
def _cells_line(cf: CheckedFile, f: Finding) -> str:
    shown = []
    for k in f.keys:
        c = cf.cells.get(k)
        if c is not None:
            shown.append(f"{k}={c.raw.strip() or '(blank)'}")
        elif k.startswith(("t2.", "t3.", "t4.")):
            shown.append(f"{k}=∅")
    return ", ".join(shown)


def render_text(files: Sequence[CheckedFile], *, show_pass: bool = False) -> str:
    """Return ruff-like lines: ``path:line:col: CODE severity message``, the quoted line and the cells."""
    out: list[str] = []
    for cf in files:
        if cf.error:
            out.append(f"{cf.path}: error: {cf.error}")
            continue
        for f in sorted(cf.findings, key=lambda f: (f.spans[0][0] if f.spans else -1, f.code)):
            # a finding about the whole report (no span) names the file only, as compilers do
            where = (
                "{}:{}:{}".format(cf.path, *line_col(cf.text, f.spans[0][0]))
                if f.spans and cf.text
                else cf.path
            )
            out.append(f"{where}: {f.code} [{f.severity}] {f.message}")
            quoted = ""
            if f.spans and cf.text:
                a, b = f.spans[0]
                ls = cf.text.rfind("\n", 0, a) + 1
                le = cf.text.find("\n", a)
                le = len(cf.text) if le < 0 else le
                lo, hi = max(ls, a - 50), min(le, max(b, a) + 50)
                quoted = (
                    ("…" if lo > ls else "") + " ".join(cf.text[lo:hi].split()) + ("…" if hi < le else "")
                )
            if quoted:
                out.append(f"    | {quoted}")
            if f.evidence and f.evidence.strip("…") not in quoted:
                out.append(f"    evidence: {f.evidence[:200]}")
            cells = _cells_line(cf, f)
            if cells:
                out.append(f"    cells: {cells[:300]}")
            if f.expected is not None or f.actual is not None:
                out.append(f"    expected: {f.expected}  actual: {f.actual}")
        if show_pass:
            out.append(f"{cf.path}: verdicts " + " ".join(f"{k}={v}" for k, v in sorted(cf.verdicts.items())))
    return "\n".join(out)


def render_statistics(files: Sequence[CheckedFile]) -> str:
    """Return one line per code (findings, files with it, severities, rule name), most frequent first.

    A severity below the rule's default means uncertain findings (blank cells, hedged numbers).
    The last line sums up: findings by severity, and how many files had any.
    """
    per_code: Counter = Counter()
    per_sev: dict[str, Counter] = {}
    files_with: dict[str, set] = {}
    for i, cf in enumerate(files):
        for f in cf.findings:
            per_code[f.code] += 1
            per_sev.setdefault(f.code, Counter())[f.severity] += 1
            files_with.setdefault(f.code, set()).add(i)
    names = {r.code: r.name for r in all_rules()}
    order = ("error", "warning", "info")
    lines = [f"{'findings':>8}  {'files':>5}  code  {'severities':<24}  rule"]
    for code, n in sorted(per_code.items(), key=lambda kv: (-kv[1], kv[0])):
        sev = ", ".join(f"{s} {per_sev[code][s]}" for s in order if per_sev[code][s])
        lines.append(f"{n:8d}  {len(files_with[code]):5d}  {code}  {sev:<24}  {names.get(code, '')}")
    total = Counter(f.severity for cf in files for f in cf.findings)
    checked = [cf for cf in files if not cf.error]
    with_any = sum(1 for cf in checked if cf.findings)
    sev = ", ".join(f"{total[s]} {s}" for s in order)
    lines.append(f"{sum(total.values())} findings ({sev}) in {with_any} of {len(checked)} files checked")
    broken = len(files) - len(checked)
    if broken:
        lines.append(f"{broken} file(s) could not be checked")
    return "\n".join(lines)


def to_dict(files: Sequence[CheckedFile]) -> dict[str, Any]:
    """Return the JSON-ready results: one entry per file with findings (line/column added) and verdicts."""
    out = []
    for cf in files:
        entry: dict[str, Any] = {"path": cf.path}
        if cf.error:
            entry["error"] = cf.error
        else:
            fs = []
            for f in cf.findings:
                d = to_jsonable(f)
                if f.spans and cf.text:
                    d["line"], d["column"] = line_col(cf.text, f.spans[0][0])
                fs.append(d)
            entry["findings"] = fs
            entry["verdicts"] = dict(cf.verdicts)
            entry["suppressed_by_baseline"] = cf.suppressed
        out.append(entry)
    counts = Counter(f.code for cf in files for f in cf.findings)
    return {"files": out, "statistics": dict(sorted(counts.items()))}


def render_json(files: Sequence[CheckedFile]) -> str:
    return json.dumps(to_dict(files), ensure_ascii=False, indent=2)


CSV_COLUMNS = (
    "path",
    "code",
    "family",
    "severity",
    "line",
    "column",
    "message",
    "keys",
    "expected",
    "actual",
    "evidence",
    "fingerprint",
)


def render_csv(files: Sequence[CheckedFile]) -> str:
    """Return one CSV row per finding (a broken file is a row with code ``ERROR``)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for cf in files:
        if cf.error:
            w.writerow([cf.path, "ERROR", "", "error", "", "", cf.error, "", "", "", "", ""])
            continue
        for f in cf.findings:
            line, col = line_col(cf.text, f.spans[0][0]) if f.spans and cf.text else ("", "")
            w.writerow(
                [cf.path, f.code, f.family, f.severity, line, col, f.message, " ".join(f.keys),
                 "" if f.expected is None else f.expected, "" if f.actual is None else f.actual,
                 f.evidence, f.fingerprint]
            )  # fmt: skip
    return buf.getvalue()


_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _sarif_rule(r: Rule) -> dict[str, Any]:
    return {
        "id": r.code,
        "name": r.name,
        "shortDescription": {"text": r.name.replace("-", " ")},
        "fullDescription": {"text": r.explanation.split("\n\n")[0].replace("\n", " ")},
        "help": {"text": r.explanation},
        "defaultConfiguration": {"level": _SARIF_LEVEL[r.severity]},
        "properties": {"family": r.family, "scope": r.scope},
    }


def to_sarif(files: Sequence[CheckedFile], *, version: str = "0.1.0") -> dict[str, Any]:
    """Return a SARIF 2.1.0 log: every rule of the catalogue, one result per finding, broken files as notifications."""
    rules = all_rules()
    index = {r.code: i for i, r in enumerate(rules)}
    results = []
    notifications = []
    relative = False
    for cf in files:
        artifact = _sarif_artifact(cf.path)
        relative = relative or "uriBaseId" in artifact
        if cf.error:
            notifications.append(
                {
                    "level": "error",
                    "message": {"text": cf.error},
                    "locations": [{"physicalLocation": {"artifactLocation": artifact}}],
                }
            )
            continue
        for f in cf.findings:
            loc: dict[str, Any] = {"artifactLocation": artifact}
            if f.spans:
                a, b = f.spans[0]
                region: dict[str, Any] = {"charOffset": a, "charLength": max(0, b - a)}
                if cf.text:
                    region["startLine"], region["startColumn"] = line_col(cf.text, a)
                    # the offsets point into the normalised text (not the bytes of a PDF or DOCX):
                    # the line itself travels with the result so a viewer can always show it
                    start = cf.text.rfind("\n", 0, a) + 1
                    end = cf.text.find("\n", a)
                    line = cf.text[start : end if end >= 0 else len(cf.text)]
                    region["snippet"] = {"text": line[:300]}
                loc["region"] = region
            res: dict[str, Any] = {
                "ruleId": f.code,
                "level": _SARIF_LEVEL.get(f.severity, "note"),
                "message": {"text": f.message},
                "locations": [{"physicalLocation": loc}],
                "partialFingerprints": {"xxgk/v1": f.fingerprint},
                "properties": {"family": f.family, "keys": list(f.keys), "evidence": f.evidence},
            }
            if f.code in index:
                res["ruleIndex"] = index[f.code]
            if f.expected is not None or f.actual is not None:
                res["properties"].update(expected=to_jsonable(f.expected), actual=to_jsonable(f.actual))
            results.append(res)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "xxgk",
                        "version": version,
                        "rules": [_sarif_rule(r) for r in rules],
                    }
                },
                "invocations": [
                    {"executionSuccessful": not notifications, "toolExecutionNotifications": notifications}
                ],
                "columnKind": "unicodeCodePoints",
                "results": results,
                **(
                    {"originalUriBaseIds": {"SRCROOT": {"uri": Path.cwd().as_uri() + "/"}}}
                    if relative
                    else {}
                ),
            }
        ],
    }


def _sarif_artifact(path: str) -> dict[str, Any]:
    """Return a SARIF artifactLocation: a file URI, or a relative URI against SRCROOT (the cwd)."""
    p = Path(path)
    if p.is_absolute():
        return {"uri": p.as_uri()}
    return {"uri": quote(p.as_posix()), "uriBaseId": "SRCROOT"}


def render_sarif(files: Sequence[CheckedFile]) -> str:
    return json.dumps(to_sarif(files), ensure_ascii=False, indent=2)


RENDERERS = {"text": render_text, "json": render_json, "csv": render_csv, "sarif": render_sarif}
