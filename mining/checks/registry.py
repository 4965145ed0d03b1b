"""The rule registry: every rule of checks.md registers here with its metadata, once, at import.

A rule is a function of a `RuleContext` (see `engine.py`) that records outcomes; corpus rules (the
X-codes, run by ``xxgk mine``) register metadata only, so that ``xxgk rules`` lists the whole catalogue.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

FAMILIES: dict[str, str] = {
    "S": "structure",
    "T": "table_arithmetic",
    "N": "narrative_table",
    "A": "narrative_arithmetic",
    "C": "contamination",
    "L": "compliance",
    "X1": "cross_year",
    "X2": "duplication",
}
"""Code prefix -> family, as checks.md assigns them (X splits by hundreds)."""

SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2}
VERDICTS: tuple[str, ...] = ("pass", "fail", "uncertain", "not_assessable")
_CODE = re.compile(r"^[A-Z]\d{3}$")


class RegistryError(ValueError):
    """A rule was declared with a malformed, duplicate or inconsistent code."""


@dataclass(frozen=True)
class Rule:
    """One catalogue entry: metadata, and the check function for single-report rules."""

    code: str
    name: str
    family: str
    severity: str
    message: str
    """A `str.format` template filled from the keyword arguments the check passes."""
    explanation: str
    scope: str = "report"
    """``report`` (run by `check_report`) or ``corpus`` (an X-rule, run by ``xxgk mine``)."""
    check: Callable[[Any], None] | None = None

    def render(self, **fields: Any) -> str:
        """Return the message template filled with `fields` (a missing field is left as ``{name}``)."""
        try:
            return self.message.format(**fields)
        except (KeyError, IndexError, ValueError):
            return self.message


RULES: dict[str, Rule] = {}


def family_for(code: str) -> str | None:
    """Return the family checks.md gives to a code's prefix, or None."""
    return FAMILIES.get(code[:2]) or FAMILIES.get(code[:1])


def _validate(rule: Rule) -> None:
    if not _CODE.match(rule.code):
        raise RegistryError(f"rule code {rule.code!r} is malformed (expected a letter and three digits)")
    if rule.code in RULES:
        raise RegistryError(f"rule code {rule.code} is registered twice")
    expected = family_for(rule.code)
    if expected is None:
        raise RegistryError(f"rule code {rule.code}: prefix {rule.code[0]} names no family of checks.md")
    if rule.family != expected:
        raise RegistryError(f"rule {rule.code}: family {rule.family!r} but checks.md says {expected!r}")
    if rule.severity not in SEVERITIES:
        raise RegistryError(f"rule {rule.code}: severity {rule.severity!r} is not one of {SEVERITIES}")
    if rule.scope not in ("report", "corpus"):
        raise RegistryError(f"rule {rule.code}: scope {rule.scope!r} is not report or corpus")
    if not rule.name or not rule.explanation.strip():
        raise RegistryError(f"rule {rule.code}: a name and an explanation are required")
    if rule.scope == "report" and rule.check is None:
        raise RegistryError(f"rule {rule.code}: a single-report rule needs a check function")


def register(rule: Rule) -> Rule:
    """Return `rule` after adding it to `RULES` (raises `RegistryError` when it is not valid)."""
    _validate(rule)
    RULES[rule.code] = rule
    return rule


def rule(
    code: str, *, name: str, family: str, severity: str, message: str, explanation: str
) -> Callable[[Callable[[Any], None]], Callable[[Any], None]]:
    """Return a decorator registering the decorated function as the check of rule `code`."""

    def deco(fn: Callable[[Any], None]) -> Callable[[Any], None]:
        register(
            Rule(
                code=code,
                name=name,
                family=family,
                severity=severity,
                message=message,
                explanation=explanation.strip(),
                check=fn,
            )
        )
        return fn

    return deco


def corpus_rule(code: str, *, name: str, family: str, severity: str, message: str, explanation: str) -> Rule:
    """Return the registered metadata of a corpus rule (an X-code; its check runs in ``xxgk mine``)."""
    return register(
        Rule(
            code=code,
            name=name,
            family=family,
            severity=severity,
            message=message,
            explanation=explanation.strip(),
            scope="corpus",
        )
    )


def report_rules() -> list[Rule]:
    """Return the single-report rules in code order."""
    return sorted((r for r in RULES.values() if r.scope == "report"), key=lambda r: r.code)


def all_rules() -> list[Rule]:
    """Return every registered rule (single-report and corpus) in code order."""
    return sorted(RULES.values(), key=lambda r: r.code)
