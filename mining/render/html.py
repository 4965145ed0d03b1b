"""`Report` -> one self-contained HTML audit page; many reports -> a folder of pages plus an index.

The page links the three views an auditor moves between: findings (grouped by severity, each with the
rule's explanation and links to its evidence), the narrative (every claim coloured match / mismatch /
not linked and linked to its table cell) and tables 二, 三, 四 (the cells that break a rule marked,
with expected vs. actual). Section 五 lists each problem with its labels, scores and measures.

Safety: every piece of report text goes through `html.escape`, the only script and style are the
constants of `assets`, and a Content-Security-Policy admits those by hash and nothing else, so a page
makes no network request and runs no script that came with a report. File names come from a hash of
the report, never from its text, and never leave the output folder.
"""

from __future__ import annotations

import hashlib
import html
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Finding, Report
from .assets import CSS, JS, content_security_policy
from .labels import TableLayout, key_label, table_layouts
from .links import (
    MATCH,
    MISMATCH,
    UNLINKED,
    ClaimLink,
    DeadlineStatus,
    cell_values,
    deadline_status,
    finding_claims,
    link_claims,
    rule_text,
)

SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
_SEVERITY_TITLES = {"error": "Errors", "warning": "Warnings", "info": "Info"}
_STATUS_TITLES = {
    "on_time": "on time",
    "late": "late",
    "premature": "before year end",
    "unknown": "unknown",
}
_SECTION_TITLES = {
    "preamble": "前言",
    "overview": "一、总体情况",
    "proactive": "二、主动公开政府信息情况",
    "requests": "三、收到和处理政府信息公开申请情况",
    "review_litigation": "四、行政复议、行政诉讼情况",
    "problems": "五、存在的主要问题及改进情况",
    "other": "六、其他需要报告的事项",
}
_SAFE_ID = re.compile(r"[A-Za-z0-9_.\-]+")
_HEX = re.compile(r"[0-9a-f]{64}")


def _e(value: object) -> str:
    """Return `value` as text escaped for HTML content and quoted attributes."""
    return html.escape("" if value is None else str(value), quote=True)


def _safe_id(prefix: str, raw: str) -> str:
    if _SAFE_ID.fullmatch(raw):
        return f"{prefix}-{raw}"
    return f"{prefix}-x{hashlib.sha1(raw.encode('utf-8', 'replace')).hexdigest()[:12]}"


def cell_id(key: str) -> str:
    """Return the element id of the table cell drawn for `key` (``cell-t3.new.total``)."""
    return _safe_id("cell", key)


def _fmt(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            return str(value)
        if float(value).is_integer():
            return f"{int(value):,}" if abs(value) >= 10_000 else str(int(value))
        return f"{value:.4f}".rstrip("0").rstrip(".")
    if isinstance(value, (list, tuple)):
        return ", ".join(_fmt(v) for v in value)
    return str(value)


def _signed(value: float | None) -> str:
    if value is None:
        return "—"
    if abs(value) < 1e-9:
        return "0"
    return ("+" if value > 0 else "−") + _fmt(abs(value))


def _severity(f: Finding) -> str:
    return f.severity if f.severity in SEVERITIES else "info"


def severity_counts(report: Report) -> dict[str, int]:
    """Return the number of findings of `report` per severity (unknown severities count as info)."""
    counts = dict.fromkeys(SEVERITIES, 0)
    for f in report.findings:
        counts[_severity(f)] += 1
    return counts


def report_id(report: Report) -> str:
    """Return a 16-hex-digit id of `report`: its file's SHA-256 prefix, else a hash of its text."""
    sha = (report.document.sha256 or "").lower()
    if _HEX.fullmatch(sha):
        return sha[:16]
    basis = report.document.sha256 or report.document.text or report.document.path
    return hashlib.sha256(str(basis).encode("utf-8", "replace")).hexdigest()[:16]


# ---------------------------------------------------------------------------------------------------
# The narrative: report text split at every annotation boundary, each piece wrapped in its annotations.


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    order: int
    """Nesting rank: lower wraps higher. Claims (the only links) are innermost and never nested."""
    tag: str
    attrs_first: str
    attrs_rest: str


@dataclass
class _PageState:
    """What the parts of one page share while it is drawn."""

    report: Report
    values: dict[str, float | None]
    drawn: set[str] = field(default_factory=set)
    links: tuple[ClaimLink, ...] = ()
    claims_by_key: dict[str, list[int]] = field(default_factory=dict)
    findings_by_key: dict[str, list[int]] = field(default_factory=dict)
    span_ids: dict[tuple[int, int], str] = field(default_factory=dict)


def _table_runs(text: str) -> list[tuple[int, int]]:
    """Return ranges of two or more consecutive lines holding a tab: tables rendered into the text."""
    runs: list[tuple[int, int]] = []
    pos = 0
    run_start: int | None = None
    run_lines = 0
    for line in text.splitlines(keepends=True):
        is_table = "\t" in line
        if is_table:
            if run_start is None:
                run_start, run_lines = pos, 0
            run_lines += 1
        elif run_start is not None:
            if run_lines >= 2:
                runs.append((run_start, pos))
            run_start = None
        pos += len(line)
    if run_start is not None and run_lines >= 2:
        runs.append((run_start, pos))
    return runs


def _fold_ranges(report: Report) -> list[tuple[int, int]]:
    n = len(report.text)
    ranges = [(g.start, g.end) for g in report.document.grids if 0 <= g.start < g.end <= n]
    ranges += _table_runs(report.text)
    merged: list[tuple[int, int]] = []
    for a, b in sorted(ranges):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def _claim_tip(link: ClaimLink, template: str | None) -> dict[str, str]:
    c = link.claim
    stated = _fmt(c.value) + (c.unit or "")
    if c.low is not None and c.high is not None and c.low != c.high:
        stated += f"（{_fmt(c.low)}–{_fmt(c.high)}）"
    if c.negative:
        stated += "（否定表述 = 0）"
    label = key_label(link.key or c.field or "", template) if (link.key or c.field) else "—"
    table = _fmt(link.table_value) if link.table_value is not None else "—"
    diff = _signed(link.difference) if link.difference is not None else "—"
    status = {MATCH: "matches the table", MISMATCH: "differs from the table", UNLINKED: "not linked"}[
        link.status
    ]
    lines = [f"{status}", f"stated: {stated}"]
    if link.key or c.field:
        lines.append(f"cell: {link.key or c.field} {label}")
        lines.append(f"table: {table}   difference: {diff}")
    if link.reason:
        lines.append(link.reason)
    return {
        "status": link.status,
        "stated": stated,
        "key": link.key or c.field or "—",
        "label": label,
        "table": table,
        "diff": diff,
        "reason": link.reason or status,
        "section": c.section,
        "tip": "\n".join(lines),
    }


def _narrative(state: _PageState) -> str:
    report = state.report
    text = report.text
    n = len(text)
    template = report.meta.template
    spans: list[_Span] = []

    for s in report.sections:
        if s.key == "preamble" or not (0 <= s.heading_start < n):
            continue
        end = min(max(s.start, s.heading_start + 1), n)
        while end > s.heading_start + 1 and text[end - 1] in "\n\r":
            end -= 1
        sid = _safe_id("sec", s.key)
        spans.append(
            _Span(s.heading_start, end, 0, "span", f'class="sec-heading" id="{sid}"', 'class="sec-heading"')
        )

    for fi, f in enumerate(report.findings):
        sev = _severity(f)
        for sj, span in enumerate(f.spans):
            try:
                a, b = int(span[0]), int(span[1])
            except (TypeError, ValueError, IndexError):
                continue
            a, b = max(0, a), min(n, b)
            if a >= b:
                continue
            ev_id = f"ev-{fi}-{sj}"
            state.span_ids[(fi, sj)] = ev_id
            attrs = f'class="ev ev-{sev}" data-finding="{fi}" title="{_e(f.code)}: {_e(f.message)}"'
            spans.append(_Span(a, b, 1, "span", f'id="{ev_id}" {attrs}', attrs))

    for pi, p in enumerate(report.problems):
        if 0 <= p.start < p.end <= n:
            attrs = f'class="problem-span" data-problem="{pi}"'
            spans.append(_Span(p.start, p.end, 2, "span", f'id="problem-{pi}" {attrs}', attrs))
    for mi, m in enumerate(report.improvements):
        if 0 <= m.start < m.end <= n:
            attrs = f'class="measure-span" data-measure="{mi}"'
            spans.append(_Span(m.start, m.end, 2, "span", f'id="measure-{mi}" {attrs}', attrs))

    placed: list[tuple[int, int]] = []
    for link in state.links:
        c = link.claim
        if not (0 <= c.start < c.end <= n):
            continue
        if any(c.start < b and a < c.end for a, b in placed):
            continue  # overlapping claims stay in the claims table; links must not nest
        placed.append((c.start, c.end))
        tip = _claim_tip(link, template)
        data = " ".join(f'data-{k}="{_e(v)}"' for k, v in tip.items())
        href = f' href="#{cell_id(link.key)}"' if link.key and link.key in state.drawn else ""
        tag = "a" if href else "span"
        tab = "" if href else ' tabindex="0"'
        common = f'class="claim {link.status}"{href}{tab} {data}'
        spans.append(
            _Span(c.start, c.end, 3, tag, f'id="claim-{link.index}" {common}', f'{common} data-cont="1"')
        )

    folds = _fold_ranges(report)
    bounds = {0, n}
    for sp in spans:
        bounds.update((sp.start, sp.end))
    for a, b in folds:
        bounds.update((a, b))
    points = sorted(b for b in bounds if 0 <= b <= n)
    spans.sort(key=lambda sp: (sp.order, sp.start, -sp.end))
    opened: set[int] = set()
    fold_starts = {a: b for a, b in folds}
    fold_ends = {b for _, b in folds}
    out: list[str] = []
    for i in range(len(points) - 1):
        a, b = points[i], points[i + 1]
        if a in fold_ends:
            out.append("</div></details>")
        if a in fold_starts:
            fb = fold_starts[a]
            lines = text[a:fb].count("\n") or 1
            annotated = any(sp.start < fb and a < sp.end for sp in spans)
            out.append(
                f'<details class="printed-table"{" open" if annotated else ""}><summary>'
                f'表格原文 · {lines} 行 (drawn as a table below)</summary><div class="tabtext">'
            )
        piece = _e(text[a:b])
        for idx in range(len(spans) - 1, -1, -1):
            sp = spans[idx]
            if sp.start <= a and b <= sp.end:
                first = idx not in opened
                opened.add(idx)
                piece = f"<{sp.tag} {sp.attrs_first if first else sp.attrs_rest}>{piece}</{sp.tag}>"
        out.append(piece)
    if n in fold_ends:
        out.append("</div></details>")
    return "".join(out)


# ---------------------------------------------------------------------------------------------------
# Tables 二, 三, 四.


def _cell_html(state: _PageState, key: str, derived: bool) -> str:
    report = state.report
    cell = next((c for c in report.cells if c.key == key), None)
    classes = ["cell"]
    title = [key, key_label(key, report.meta.template)]
    value = state.values.get(key)
    if derived:
        content = _e(_fmt(value)) if value is not None else ""
        title.append(
            "computed: sum of the rows below" if value is not None else "computed: no operand printed"
        )
    elif cell is None:
        classes.append("absent")
        content = ""
        title.append("not found in the report")
    elif cell.value is None:
        classes.append("na")
        content = _e(cell.raw.strip() or "·")
        title.append(f"printed: {cell.raw!r} ({cell.placeholder or 'no number'})")
    else:
        content = _e(_fmt(cell.value))
        if cell.raw and cell.raw.strip() != _fmt(cell.value):
            title.append(f"printed: {cell.raw.strip()}")
    codes: list[str] = []
    worst: str | None = None
    expected_here: list[str] = []
    for fi in state.findings_by_key.get(key, ()):
        f = report.findings[fi]
        sev = _severity(f)
        primary = key in _primary_keys(f, state.values)
        if primary and (worst is None or SEVERITIES.index(sev) < SEVERITIES.index(worst)):
            worst = sev
        codes.append(f'<a href="#finding-{fi}">{_e(f.code)}</a>')
        line = f"{f.code}: {f.message}"
        if f.expected is not None or f.actual is not None:
            line += f" (expected {_fmt(f.expected)}, actual {_fmt(f.actual)})"
            other = _other_side(f, state.values.get(key))
            if primary and other is not None:
                expected_here.append(other)
        title.append(line)
    if worst:
        classes.append(f"bad-{worst}")
    elif codes:
        classes.append("operand")
    claim_idx = state.claims_by_key.get(key, [])
    if claim_idx:
        classes.append("claimed")
        for ci in claim_idx:
            link = state.links[ci]
            title.append(f"claim «{link.claim.text}» {link.status} (difference {_signed(link.difference)})")
    extra = ""
    if expected_here:
        extra += f'<span class="exp">≠ {_e(" / ".join(expected_here))}</span>'
    if codes:
        extra += f'<span class="codes">{"".join(codes)}</span>'
    state.drawn.add(key)
    return (
        f'<td id="{cell_id(key)}" class="{" ".join(classes)}" data-key="{_e(key)}" '
        f'title="{_e(chr(10).join(title))}">{content}{extra}</td>'
    )


_CHECKED_FIRST = frozenset({"T301", "T302", "T303", "T401"})


def _primary_keys(f: Finding, values: dict[str, float | None]) -> set[str]:
    """Return the keys of `f` that are the broken cell rather than operands.

    For the arithmetic rules (T301, T302, T303, T401) ``keys[0]`` is the checked cell by convention
    (docs/checks.md). For other rules the broken cell is recognised by value: the one key whose value
    is the finding's ``actual`` (else its ``expected``); when no single key stands out, every key is
    marked.
    """
    keys = [str(k) for k in f.keys]
    if f.code in _CHECKED_FIRST and keys:
        return {keys[0]}
    for side in (f.actual, f.expected):
        if isinstance(side, (int, float)) and not isinstance(side, bool):
            hits = [k for k in keys if values.get(k) is not None and abs(values[k] - side) < 1e-9]
            if len(hits) == 1:
                return set(hits)
    return set(keys)


def _other_side(f: Finding, value: float | None) -> str | None:
    """Return the side of `f` (expected or actual) that the cell value is not, formatted, or None."""
    sides = [s for s in (f.expected, f.actual) if isinstance(s, (int, float)) and not isinstance(s, bool)]
    if value is None or len(sides) != 2:
        return None
    if abs(sides[1] - value) < 1e-9:
        return _fmt(sides[0])
    if abs(sides[0] - value) < 1e-9:
        return _fmt(sides[1])
    return None


def _arithmetic(state: _PageState, table: str) -> str:
    """Return the list of findings that touch `table`, each with expected vs. actual and its operands."""
    report = state.report
    items: list[str] = []
    for fi, f in enumerate(report.findings):
        keys = [k for k in f.keys if isinstance(k, str) and k.startswith(table + ".")]
        if not keys:
            continue
        sev = _severity(f)
        diff = ""
        if isinstance(f.expected, (int, float)) and isinstance(f.actual, (int, float)):
            diff = f" · difference {_signed(float(f.actual) - float(f.expected))}"
        operands = ", ".join(
            f'<a href="#{cell_id(k)}"><span class="key">{_e(k)}</span></a> = {_e(_fmt(state.values.get(k)))}'
            for k in keys
        )
        items.append(
            f'<li><span class="badge {sev}">{_e(f.code)}</span><a href="#finding-{fi}">{_e(f.message)}</a><br>'
            f'<span class="eq">expected {_e(_fmt(f.expected))} · actual {_e(_fmt(f.actual))}{diff}</span>'
            f'<br><span class="muted">cells: {operands}</span></li>'
        )
    if not items:
        return '<p class="muted">No rule is broken in this table.</p>'
    return '<ul class="arith">' + "".join(items) + "</ul>"


def _table(state: _PageState, layout: TableLayout) -> str:
    head = "".join(
        f'<th scope="col">{_e(label)}<br><span class="key">{_e(c)}</span></th>' for c, label in layout.columns
    )
    body: list[str] = []
    for row in layout.rows:
        cells = []
        for col, _label in layout.columns:
            key = f"{layout.table}.{row.key}.{col}"
            if col in row.columns:
                cells.append(_cell_html(state, key, row.derived))
            else:
                cells.append('<td class="none"></td>')
        classes = "derived" if row.derived else ""
        label = _e(row.label) + (' <span class="muted">（计算值）</span>' if row.derived else "")
        body.append(
            f'<tr class="{classes}"><th scope="row" class="row depth-{row.depth}">{label}'
            f'<span class="key">{_e(layout.table)}.{_e(row.key)}</span></th>{"".join(cells)}</tr>'
        )
    return (
        f'<h3 id="{layout.table}">{_e(layout.title)}</h3><div class="table-wrap"><table>'
        f'<thead><tr><th scope="col">行 row</th>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>'
        + _arithmetic(state, layout.table)
    )


def _tables(state: _PageState, layouts: Sequence[TableLayout]) -> str:
    report = state.report
    parts = [_table(state, layout) for layout in layouts]
    drawn_keys = set().union(*(layout.keys() for layout in layouts))
    outside = [c for c in report.cells if c.key not in drawn_keys]
    if outside:
        rows = []
        for c in outside:
            rows.append(
                f'<tr><th scope="row" class="row"><span class="key">{_e(c.key)}</span></th>'
                f"<td>{_e(c.row_label)}</td>{_cell_html(state, c.key, False)}<td>{_e(c.raw)}</td></tr>"
            )
        parts.append(
            '<h3 id="t-other">Cells outside the template</h3><div class="table-wrap"><table><thead><tr>'
            "<th>key</th><th>row label</th><th>value</th><th>printed</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div>"
        )
    if not report.cells:
        parts.insert(0, '<p class="muted">No table cell was read from this report.</p>')
    return "".join(parts)


# ---------------------------------------------------------------------------------------------------
# Findings, section 五, claims, header.


def _findings(state: _PageState) -> str:
    report = state.report
    if not report.findings:
        body = '<p class="muted">No findings.</p>'
    else:
        claims_of = finding_claims(report.findings, state.links)
        groups = []
        for sev in SEVERITIES:
            items = []
            for fi, f in enumerate(report.findings):
                if _severity(f) != sev:
                    continue
                items.append(_finding(state, fi, f, claims_of.get(fi, [])))
            if items:
                groups.append(
                    f'<h3 id="sev-{sev}">{_SEVERITY_TITLES[sev]} ({len(items)})</h3>'
                    f'<ol class="findings">{"".join(items)}</ol>'
                )
        boxes = "".join(
            f'<label><input type="checkbox" checked data-sev-filter="{s}"> {s}</label>' for s in SEVERITIES
        )
        body = f'<div class="toolbar noprint"><span class="muted">show</span>{boxes}</div>' + "".join(groups)
    if report.verdicts:
        chips = "".join(
            f'<span class="verdict {_e(v)}" title="{_e(rule_text(str(c)).explanation)}">{_e(c)} {_e(v)}</span>'
            for c, v in sorted(report.verdicts.items(), key=lambda kv: str(kv[0]))
        )
        body += f'<h3>Verdicts per rule</h3><div class="verdicts">{chips}</div>'
    return body


def _finding(state: _PageState, fi: int, f: Finding, claim_idx: list[int]) -> str:
    report = state.report
    sev = _severity(f)
    rule = rule_text(f.code)
    name = f' <span class="muted">{_e(rule.name)}</span>' if rule.name else ""
    parts = [
        f'<li class="finding sev-{sev}" id="finding-{fi}" data-code="{_e(f.code)}" data-severity="{sev}">',
        f'<span class="badge {sev}">{_e(f.code)}</span><span class="muted">{_e(f.family)}</span>{name}',
        f'<div class="msg">{_e(f.message)}</div>',
    ]
    if rule.explanation:
        parts.append(f'<p class="why">{_e(rule.explanation)}</p>')
    if f.expected is not None or f.actual is not None:
        diff = ""
        if isinstance(f.expected, (int, float)) and isinstance(f.actual, (int, float)):
            diff = f" · difference {_signed(float(f.actual) - float(f.expected))}"
        parts.append(
            f'<div class="arith">expected <b>{_e(_fmt(f.expected))}</b> · actual <b>{_e(_fmt(f.actual))}</b>{diff}</div>'
        )
    evidence: list[str] = []
    cell_keys: list[str] = []
    for k in f.keys:
        k = str(k)
        if k.startswith("meta."):
            name = k.split(".", 1)[1]
            value = _e(_fmt(getattr(report.meta, name, None)))
            evidence.append(
                f'<li>meta <a href="#{_safe_id("meta", name)}"><span class="key">{_e(k)}</span></a> = {value}</li>'
            )
            continue
        if k.startswith("section."):
            sec = k.split(".", 1)[1]
            if any(s.key == sec for s in report.sections):
                link = f'<a href="#{_safe_id("sec", sec)}"><span class="key">{_e(k)}</span></a>'
            else:
                link = f'<span class="key">{_e(k)}</span> (not found)'
            evidence.append(f"<li>section {link} {_e(_SECTION_TITLES.get(sec, ''))}</li>")
            continue
        cell_keys.append(k)
    if cell_keys:
        evidence.append(_cell_evidence(state, cell_keys))
    text = report.text
    for sj, span in enumerate(f.spans):
        ev_id = state.span_ids.get((fi, sj))
        if ev_id is None:
            evidence.append(f"<li>text span {_e(span)} lies outside the text</li>")
            continue
        a, b = max(0, int(span[0])), min(len(text), int(span[1]))
        quote = text[a:b].replace("\n", " ")
        if len(quote) > 120:
            quote = quote[:117] + "…"
        evidence.append(
            f'<li>text <a href="#{ev_id}">«{_e(quote)}»</a> <span class="muted">[{a}:{b}]</span></li>'
        )
    for ci in claim_idx:
        c = state.links[ci].claim
        evidence.append(f'<li>claim <a href="#claim-{ci}">«{_e(c.text)}»</a></li>')
    if f.evidence and not f.spans:
        evidence.append(f"<li>{_e(f.evidence)}</li>")
    if evidence:
        parts.append(f'<ul class="evidence">{"".join(evidence)}</ul>')
    parts.append("</li>")
    return "".join(parts)


def _cell_evidence(state: _PageState, keys: list[str]) -> str:
    """Return the evidence line of a finding's table cells: one labelled link per cell, with its value."""
    template = state.report.meta.template
    parts = []
    for k in keys:
        label = _e(key_label(k, template))
        value = _e(_fmt(state.values.get(k)))
        name = f'<span class="key">{_e(k)}</span>'
        if k in state.drawn:
            name = f'<a href="#{cell_id(k)}" title="{label}">{name}</a>'
        parts.append(f"{name} = <b>{value}</b>" if len(keys) > 1 else f"{name} {label} = <b>{value}</b>")
    head = "cells" if len(keys) > 1 else "cell"
    return f"<li>{head} {' · '.join(parts)}</li>"


def _scores(scores: object) -> str:
    if not isinstance(scores, dict) or not scores:
        return ""
    items = []
    ranked = sorted(
        ((str(k), float(v)) for k, v in scores.items() if isinstance(v, (int, float)) and math.isfinite(v)),
        key=lambda kv: -kv[1],
    )
    for k, v in ranked[:5]:
        width = max(0, min(10, round(v * 10)))
        items.append(f'<span><span class="bar w{width}"></span> {_e(k)} {v:.2f}</span>')
    return f'<div class="scores">{"".join(items)}</div>'


def _section_five(report: Report) -> str:
    parts: list[str] = []
    if report.section_flags:
        parts.append("".join(f'<span class="flag">{_e(flag)}</span>' for flag in report.section_flags))
    measures_of: dict[int, list[int]] = {}
    for mi, m in enumerate(report.improvements):
        for pi in m.addresses:
            measures_of.setdefault(pi, []).append(mi)
    n = len(report.text)
    if report.problems:
        items = []
        for pi, p in enumerate(report.problems):
            chips = "".join(f'<span class="chip">{_e(label)}</span>' for label in p.labels) or (
                '<span class="muted">no label</span>'
            )
            jump = f' <a href="#problem-{pi}">↗ text</a>' if 0 <= p.start < p.end <= n else ""
            linked = measures_of.get(pi, [])
            if linked:
                measures = "".join(
                    f'<div class="measure"><a href="#m5-{mi}">措施 {mi + 1}</a> {_e(report.improvements[mi].text)}</div>'
                    for mi in linked
                )
            else:
                measures = '<div class="muted">no measure addresses this problem</div>'
            items.append(
                f'<div class="problem" id="p5-{pi}"><b>问题 {pi + 1}</b>{jump} {chips}'
                f"<div>{_e(p.text)}</div>{_scores(p.scores)}{measures}</div>"
            )
        parts.append(f'<div class="problems">{"".join(items)}</div>')
    else:
        parts.append('<p class="muted">No problem was found in section 五.</p>')
    if report.improvements:
        rows = []
        for mi, m in enumerate(report.improvements):
            targets = ", ".join(f'<a href="#p5-{pi}">问题 {pi + 1}</a>' for pi in m.addresses) or "—"
            jump = f' <a href="#measure-{mi}">↗ text</a>' if 0 <= m.start < m.end <= n else ""
            rows.append(
                f'<div class="measure" id="m5-{mi}"><b>措施 {mi + 1}</b>{jump} '
                f'<span class="muted">addresses {targets}</span><div>{_e(m.text)}</div></div>'
            )
        parts.append("<h3>改进措施 measures</h3>" + "".join(rows))
    return "".join(parts)


def _claims_table(state: _PageState) -> str:
    if not state.links:
        return '<p class="muted">No quantitative claim was extracted.</p>'
    template = state.report.meta.template
    rows = []
    for link in state.links:
        c = link.claim
        tip = _claim_tip(link, template)
        key = link.key or c.field
        cell = (
            f'<a href="#{cell_id(key)}"><span class="key">{_e(key)}</span></a>'
            if key and key in state.drawn
            else f'<span class="key">{_e(key or "—")}</span>'
        )
        rows.append(
            f'<tr class="st-{link.status}"><td><a href="#claim-{link.index}">{_e(c.text)}</a></td>'
            f"<td>{_e(_SECTION_TITLES.get(c.section, c.section))}</td><td>{cell}</td>"
            f'<td class="num">{_e(tip["stated"])}</td><td class="num">{_e(tip["table"])}</td>'
            f'<td class="num">{_e(tip["diff"])}</td><td>{_e(link.status)}</td></tr>'
        )
    return (
        '<div class="table-wrap"><table class="claims"><thead><tr><th>claim</th><th>section</th><th>cell</th>'
        "<th>stated</th><th>table</th><th>difference</th><th>status</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def _header(report: Report, deadline: DeadlineStatus, counts: dict[str, int]) -> str:
    m = report.meta
    doc = report.document
    title = m.title or " ".join(str(x) for x in (m.agency, m.year) if x) or Path(doc.path).name or "report"
    status = (
        f'<span class="status {deadline.status}">{_STATUS_TITLES[deadline.status]}</span>'
        + (f" {deadline.days_late} days late" if deadline.days_late else "")
        + (f' <span class="muted">deadline {_e(deadline.deadline)}</span>' if deadline.deadline else "")
        + (f'<br><span class="muted">{_e(deadline.note)}</span>' if deadline.note else "")
    )
    reader = f"{doc.reader} ({doc.format}" + (f", {doc.pages} pages" if doc.pages else "") + ")"
    items = [
        ("agency 机构", _e(m.agency or "—"), "agency"),
        ("year 年度", _e(m.year if m.year is not None else "—"), "year"),
        ("template 模板", _e(m.template or "—"), "template"),
        ("body 主体", _e(m.body_kind or "—"), "body_kind"),
        ("reader", _e(reader), "reader"),
        ("published 发布日期", _e(m.publish_date or "—"), "publish_date"),
        ("deadline 期限", status, "deadline"),
        (
            "health",
            f"{report.health.score:.2f}" if isinstance(report.health.score, (int, float)) else "—",
            "health",
        ),
        (
            "file",
            f'{_e(Path(doc.path).name or doc.path)} <span class="muted">{_e(report_id(report))}</span>',
            "file",
        ),
    ]
    meta = "".join(f'<div id="{_safe_id("meta", i)}"><dt>{k}</dt><dd>{v}</dd></div>' for k, v, i in items)
    chips = "".join(
        (f'<a class="count {s}" href="#sev-{s}">' if counts[s] else f'<span class="count {s} zero">')
        + f"{counts[s]} {s}{'s' if counts[s] != 1 and s != 'info' else ''}"
        + ("</a>" if counts[s] else "</span>")
        for s in SEVERITIES
    )
    reasons = ""
    if report.health.reasons:
        reasons = '<div class="muted">' + "; ".join(_e(r) for r in report.health.reasons) + "</div>"
    return (
        f'<header><div class="wrap"><div class="kicker">xxgk audit · 政府信息公开工作年度报告</div>'
        f'<h1>{_e(title)}</h1><dl class="meta">{meta}</dl><div class="counts">{chips}</div>{reasons}</div></header>'
    )


def _page(title: str, body: str, *, script: bool = True) -> str:
    csp = content_security_policy(script=script)
    js = f"<script>{JS}</script>" if script else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_e(csp)}">'
        '<meta name="referrer" content="no-referrer">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{CSS}</style></head>"
        f"<body>{body}{js}</body></html>\n"
    )


_DETAIL_PANEL = (
    '<aside id="claim-detail" class="claim-detail" hidden aria-live="polite">'
    '<button type="button" class="close" aria-label="close">×</button><b>Claim</b><dl>'
    '<dt>status</dt><dd data-field="status"></dd><dt>stated</dt><dd data-field="stated"></dd>'
    '<dt>cell</dt><dd data-field="key"></dd><dt>label</dt><dd data-field="label"></dd>'
    '<dt>table value</dt><dd data-field="table"></dd><dt>difference</dt><dd data-field="diff"></dd>'
    '<dt>note</dt><dd data-field="reason"></dd></dl><a class="go" href="#tables">go to the cell</a></aside>'
)


def render_report_html(report: Report) -> str:
    """Return the self-contained HTML audit page of `report` (inline CSS/JS, strict CSP, no requests)."""
    layouts = table_layouts(report.meta.template)
    state = _PageState(report=report, values=cell_values(report))
    drawn = set().union(*(layout.keys() for layout in layouts)) | {c.key for c in report.cells}
    state.links = link_claims(report, drawn_keys=drawn)
    for link in state.links:
        if link.key:
            state.claims_by_key.setdefault(link.key, []).append(link.index)
    for fi, f in enumerate(report.findings):
        for k in f.keys:
            state.findings_by_key.setdefault(str(k), []).append(fi)
    tables = _tables(state, layouts)  # first: fills state.drawn, which links and findings consult
    narrative = _narrative(state)
    findings = _findings(state)
    counts = severity_counts(report)
    n_mismatch = sum(1 for link in state.links if link.status == MISMATCH)
    n_match = sum(1 for link in state.links if link.status == MATCH)
    n_unlinked = sum(1 for link in state.links if link.status == UNLINKED)
    legend = (
        '<div class="legend"><span><span class="claim match">12</span> matches the table '
        f'({n_match})</span><span><span class="claim mismatch">12</span> differs ({n_mismatch})</span>'
        f'<span><span class="claim unlinked">12</span> not linked ({n_unlinked})</span>'
        '<span><span class="ev ev-warning">evidence</span> a finding\'s text</span>'
        '<span><span class="problem-span">问题</span> / <span class="measure-span">措施</span> section 五</span></div>'
    )
    nav = (
        '<nav><div class="wrap"><a href="#findings">Findings</a><a href="#narrative">Narrative</a>'
        '<a href="#tables">Tables</a><a href="#t2">表二</a><a href="#t3">表三</a><a href="#t4">表四</a>'
        '<a href="#five">Section 五</a><a href="#claims">Claims</a>'
        + "".join(
            f'<a href="#{_safe_id("sec", s.key)}">{_e(_SECTION_TITLES.get(s.key, s.key)[:1])}</a>'
            for s in report.sections
            if s.key != "preamble"
        )
        + "</div></nav>"
    )
    title = report.meta.title or report.meta.agency or Path(report.document.path).name
    body = (
        _header(report, deadline_status(report.meta), counts)
        + nav
        + '<main class="layout">'
        + f'<aside class="side"><section class="panel" id="findings"><h2>Findings</h2>{findings}</section></aside>'
        + '<div class="content">'
        + f'<section class="panel" id="narrative"><h2>Narrative</h2>{legend}'
        + f'<div class="narrative">{narrative}</div></section>'
        + f'<section class="panel" id="tables"><h2>Tables</h2>{tables}</section>'
        + f'<section class="panel" id="five"><h2>Section 五 · problems and measures</h2>{_section_five(report)}</section>'
        + f'<section class="panel" id="claims"><h2>Claims ({len(state.links)})</h2>{_claims_table(state)}</section>'
        + "</div></main>"
        + _DETAIL_PANEL
        + "<footer>Generated by xxgk. This page is self-contained: it loads nothing and sends nothing.</footer>"
    )
    return _page(f"xxgk audit · {title}", body)


# ---------------------------------------------------------------------------------------------------
# A folder of pages.


@dataclass(frozen=True)
class SiteEntry:
    """One row of the index page: a report's page and its counts."""

    page: str
    report_id: str
    title: str
    agency: str | None
    year: int | None
    template: str | None
    counts: dict[str, int]
    health: float
    deadline: str
    source: str


def _index_html(entries: Sequence[SiteEntry], failures: Sequence[tuple[str, str]]) -> str:
    ordered = sorted(
        entries, key=lambda e: (-e.counts["error"], -e.counts["warning"], -e.counts["info"], e.page)
    )
    rows = "".join(
        f'<tr><td><a href="{_e(e.page)}">{_e(e.title)}</a><br><span class="muted">{_e(e.source)}</span></td>'
        f"<td>{_e(e.year or '—')}</td><td>{_e(e.template or '—')}</td>"
        f'<td class="n error">{e.counts["error"]}</td><td class="n warning">{e.counts["warning"]}</td>'
        f'<td class="n">{e.counts["info"]}</td><td class="n">{e.health:.2f}</td>'
        f'<td><span class="status {_e(e.deadline)}">{_e(_STATUS_TITLES.get(e.deadline, e.deadline))}</span></td></tr>'
        for e in ordered
    )
    total = {s: sum(e.counts[s] for e in entries) for s in SEVERITIES}
    fail_rows = ""
    if failures:
        fail_rows = (
            '<section class="panel" id="failures"><h2>Files that could not be checked</h2><ul>'
            + "".join(f"<li><b>{_e(name)}</b>: {_e(reason)}</li>" for name, reason in failures)
            + "</ul></section>"
        )
    body = (
        '<header><div class="wrap"><div class="kicker">xxgk audit</div>'
        f"<h1>{len(entries)} reports checked</h1>"
        '<div class="counts">'
        + "".join(f'<span class="count {s}">{total[s]} {s}</span>' for s in SEVERITIES)
        + "</div></div></header><main>"
        '<section class="panel" id="reports"><h2>Reports by errors and warnings</h2><div class="table-wrap">'
        '<table class="index"><thead><tr><th>report</th><th>year</th><th>template</th><th>errors</th>'
        "<th>warnings</th><th>info</th><th>health</th><th>deadline</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></div></section>{fail_rows}</main>"
        "<footer>Generated by xxgk. Every page is self-contained and works offline.</footer>"
    )
    return _page("xxgk audit · index", body, script=False)


def _write_inside(out_dir: Path, name: str, content: str) -> Path:
    """Return the path written: `name` inside `out_dir`, refusing anything that would land elsewhere."""
    if not re.fullmatch(r"[A-Za-z0-9_\-]+\.html", name):
        raise ValueError(f"refusing unsafe page name {name!r}")
    target = out_dir / name
    if target.is_symlink():
        target.unlink()  # a planted link must not redirect the write outside the folder
    if target.resolve().parent != out_dir:
        raise ValueError(f"{target}: would be written outside {out_dir}")
    target.write_text(content, encoding="utf-8")
    return target


def write_check_site(
    reports: Iterable[Report],
    out_dir: str | Path,
    *,
    failures: Iterable[tuple[str, str]] = (),
) -> list[Path]:
    """Return the pages written into `out_dir`: one ``report-<id>.html`` per report, then ``index.html``.

    Page names come from `report_id` (a hash), never from report text or file names, and every write
    is checked to stay inside `out_dir`. `failures` are ``(file, reason)`` pairs of inputs that could not
    be read; they are listed on the index. A report whose page cannot be drawn is listed there too
    instead of stopping the batch.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    out = out.resolve()
    written: list[Path] = []
    entries: list[SiteEntry] = []
    failed = [(str(name), str(reason)) for name, reason in failures]
    used: set[str] = set()
    for report in reports:
        rid = report_id(report)
        name, k = f"report-{rid}.html", 2
        while name in used:
            name, k = f"report-{rid}-{k}.html", k + 1
        try:
            page = render_report_html(report)
        except Exception as exc:  # noqa: BLE001 - one bad report must not stop a batch
            failed.append((Path(report.document.path).name, f"page could not be drawn: {exc}"))
            continue
        used.add(name)
        written.append(_write_inside(out, name, page))
        m = report.meta
        entries.append(
            SiteEntry(
                page=name,
                report_id=rid,
                title=m.title or m.agency or Path(report.document.path).name or rid,
                agency=m.agency,
                year=m.year,
                template=m.template,
                counts=severity_counts(report),
                health=float(report.health.score or 0.0),
                deadline=deadline_status(m).status,
                source=Path(report.document.path).name,
            )
        )
    written.append(_write_inside(out, "index.html", _index_html(entries, failed)))
    return written
