"""Run the registered single-report rules over one `Report`: findings, and a verdict for every rule."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..keys import derived_sums
from ..model import Finding, Report, Section, TableCell
from .blanks import Outcome, combine
from .config import CheckConfig
from .registry import RULES, Rule, report_rules

_WS = re.compile(r"\s+")


def fingerprint(code: str, keys: Iterable[str], evidence: str) -> str:
    """Return a stable 16-hex-digit id of a finding from its code, keys and evidence (never offsets)."""
    payload = "\x1f".join([code, ",".join(sorted(keys)), _WS.sub("", evidence or "")])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def _fmt(v: Any) -> Any:
    if isinstance(v, float) and v.is_integer():
        return int(v)
    if isinstance(v, float):
        return round(v, 4)
    return v


@dataclass
class RuleContext:
    """What a rule sees: the report, derived sums, the config; and where it records its outcomes."""

    report: Report
    config: CheckConfig
    rule: Rule
    verdicts: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    _cells: dict[str, TableCell] | None = None
    _derived: dict[str, float | None] | None = None

    # -- reading -----------------------------------------------------------------------------------
    @property
    def tables(self) -> dict[str, int | float | None]:
        return self.report.tables

    @property
    def cells(self) -> dict[str, TableCell]:
        """Printed cells by key."""
        if self._cells is None:
            self._cells = {c.key: c for c in self.report.cells}
        return self._cells

    @property
    def derived(self) -> dict[str, float | None]:
        if self._derived is None:
            self._derived = derived_sums(self.report.tables, self.report.meta.template)
        return self._derived

    @property
    def template(self) -> str | None:
        return self.report.meta.template

    def cell(self, key: str) -> TableCell | None:
        return self.cells.get(key)

    def section_span(self, key: str) -> tuple[int, int] | None:
        s: Section | None = self.report.section(key)
        return (s.start, s.end) if s else None

    def heading_span(self, key: str) -> tuple[tuple[int, int], ...]:
        """Return the span of a section's heading line (empty when the section was not found)."""
        s = self.report.section(key)
        return (self.line_span(s.heading_start),) if s else ()

    def line_span(self, start: int, end: int | None = None) -> tuple[int, int]:
        """Return the span of the text line(s) holding ``[start, end)``."""
        text = self.report.text
        end = start if end is None else end
        a = text.rfind("\n", 0, start) + 1
        b = text.find("\n", max(end, start))
        return a, (len(text) if b < 0 else b)

    def locate(self, needle: str, section: str | None = None) -> tuple[int, int] | None:
        """Return the span of the first line containing `needle` (inside `section` when given)."""
        if not needle:
            return None
        text = self.report.text
        lo, hi = (0, len(text))
        if section and self.report.section(section):
            lo, hi = self.section_span(section)  # type: ignore[misc]
        i = text.find(needle, lo, hi)
        if i < 0:
            return None
        return self.line_span(i, i + len(needle))

    def quote(self, span: tuple[int, int] | None, limit: int = 160) -> str:
        """Return the text of `span`, whitespace-collapsed and shortened for display."""
        if not span:
            return ""
        s = _WS.sub(" ", self.report.text[span[0] : span[1]]).strip()
        return s if len(s) <= limit else s[: limit - 1] + "…"

    def quote_around(self, start: int, end: int, width: int = 50) -> str:
        """Return the text around ``[start, end)`` within its line, for a finding's evidence."""
        a, b = self.line_span(start, end)
        lo, hi = max(a, start - width), min(b, end + width)
        s = _WS.sub(" ", self.report.text[lo:hi]).strip()
        return ("…" if lo > a else "") + s + ("…" if hi < b else "")

    # -- recording ---------------------------------------------------------------------------------
    def ok(self) -> None:
        """Record one comparison that holds."""
        self.verdicts.append("pass")

    def skip(self) -> None:
        """Record one comparison whose operands are absent."""
        self.verdicts.append("not_assessable")

    def outcome(self, result: Outcome | str, **finding: Any) -> None:
        """Record a comparison's outcome; a ``fail`` or ``uncertain`` one also becomes a finding."""
        verdict = result.verdict if isinstance(result, Outcome) else result
        self.verdicts.append(verdict)
        if verdict in ("fail", "uncertain"):
            self.report_finding(uncertain=verdict == "uncertain", **finding)

    def report_finding(
        self,
        *,
        keys: Sequence[str] = (),
        spans: Sequence[tuple[int, int]] = (),
        expected: Any = None,
        actual: Any = None,
        evidence: str = "",
        severity: str | None = None,
        uncertain: bool = False,
        **fields: Any,
    ) -> None:
        """Record a finding of this rule; message fields fill the rule's template."""
        rule = self.rule
        sev = "info" if uncertain else (self.config.severity.get(rule.code) or severity or rule.severity)
        fields.setdefault("expected", _fmt(expected))
        fields.setdefault("actual", _fmt(actual))
        message = rule.render(**fields)
        if uncertain:
            message += " (only because of blank cells or a hedged number: assumed blanks = 0)"
        if not evidence and spans:
            evidence = self.quote(spans[0])
        self.findings.append(
            Finding(
                code=rule.code,
                family=rule.family,
                severity=sev,
                message=message,
                keys=tuple(keys),
                spans=tuple((int(a), int(b)) for a, b in spans),
                expected=_fmt(expected),
                actual=_fmt(actual),
                fingerprint=fingerprint(rule.code, keys, evidence),
                evidence=evidence,
            )
        )


def _load_rules() -> None:
    # importing the rule modules registers them; done lazily so that a registry error names the module
    from . import rules  # noqa: F401


def check_report(
    report: Report, *, config: CheckConfig | None = None
) -> tuple[tuple[Finding, ...], dict[str, str]]:
    """Return the findings of every selected single-report rule on `report` and each rule's verdict.

    A rule that records no comparison is ``not_assessable``; deselected rules get no verdict.
    """
    _load_rules()
    cfg = config if isinstance(config, CheckConfig) else CheckConfig()
    findings: list[Finding] = []
    verdicts: dict[str, str] = {}
    for rule in report_rules():
        if not cfg.enabled(rule.code):
            continue
        ctx = RuleContext(report=report, config=cfg, rule=rule)
        assert rule.check is not None
        rule.check(ctx)
        verdicts[rule.code] = combine(ctx.verdicts)
        seen: set[str] = set()
        for f in ctx.findings:
            if f.fingerprint not in seen:  # the same evidence found twice is one finding
                seen.add(f.fingerprint)
                findings.append(f)
    return tuple(findings), verdicts


def rule_for(code: str) -> Rule | None:
    """Return the registered rule of `code` (loading the catalogue first)."""
    _load_rules()
    return RULES.get(code.upper())
