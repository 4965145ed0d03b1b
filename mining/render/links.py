"""What the audit page computes before drawing: claim ↔ cell links, the deadline status, rule texts.

Nothing here renders HTML; every function returns a record so the page and its tests read the same facts.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from ..keys import derived_sums
from ..model import Claim, Finding, Meta, Report

MATCH, MISMATCH, UNLINKED = "match", "mismatch", "unlinked"

# Rules that compare a claim with the table: their spans decide a claim's colour over our own comparison.
_CLAIM_RULES = ("N101", "N102", "N103")
_MONEY_KEYS = ("t2.fee.amount", "t2.procurement.amount")
_TOLERANCE = 1e-6


@dataclass(frozen=True)
class ClaimLink:
    """One claim with the table value it was compared with and the verdict of that comparison."""

    index: int
    claim: Claim
    status: str
    """``match``, ``mismatch`` or ``unlinked`` (no field, no table value, or not comparable)."""
    key: str | None = None
    """The cell key the claim links to, when that cell has a value on the page."""
    table_value: float | None = None
    difference: float | None = None
    """Claimed value minus table value (in the table's unit); None unless both are numbers."""
    reason: str = ""
    findings: tuple[int, ...] = ()
    """Indexes into `Report.findings` of the claim rules whose evidence covers this claim."""


@dataclass(frozen=True)
class DeadlineStatus:
    """Whether the report was published by its statutory deadline (Art. 49 of the 2019 条例)."""

    status: str
    """``on_time``, ``late``, ``premature`` (published before the statistics year ended) or ``unknown``."""
    deadline: str | None = None
    days_late: int | None = None
    note: str = ""


def _number(v: object) -> float | None:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return None
    return float(v) if math.isfinite(v) else None


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _within(value: float, claim: Claim) -> bool:
    lo = _number(claim.low)
    hi = _number(claim.high)
    if lo is not None and hi is not None:
        return lo - _TOLERANCE <= value <= hi + _TOLERANCE
    return abs(value - claim.value) <= _TOLERANCE * max(1.0, abs(value))


def cell_values(report: Report) -> dict[str, float | None]:
    """Return every printed cell value and every derived group sum of `report`, by key."""
    values: dict[str, float | None] = {}
    for key, v in derived_sums(report.tables, report.meta.template).items():
        values[key] = _number(v)
    for key, v in report.tables.items():
        values[key] = _number(v)
    return values


def link_claims(report: Report, drawn_keys: frozenset[str] | set[str] | None = None) -> tuple[ClaimLink, ...]:
    """Return one `ClaimLink` per claim of `report`, in claim order.

    A claim matches when its value (or its interval ``low``–``high`` when the words hedge) holds the
    table value of its field, a printed cell or a derived sum of `mining.keys.derived_sums`. Money
    claims compare their ``value_yuan`` in 万元 too, since table 二 prints 万元. A finding of N101–N103
    whose span covers the claim makes it a mismatch whatever our comparison says: the checks are the
    authority, this comparison only colours claims no rule looked at. `drawn_keys` limits links to the
    cells the page draws, so that every link has a target.
    """
    values = cell_values(report)
    text_len = len(report.text)
    rule_hits: dict[int, list[int]] = {}
    for fi, f in enumerate(report.findings):
        if f.code not in _CLAIM_RULES:
            continue
        for ci, c in enumerate(report.claims):
            if any(_overlaps((c.start, c.end), tuple(s)) for s in f.spans if len(s) == 2):
                rule_hits.setdefault(ci, []).append(fi)
    links: list[ClaimLink] = []
    for ci, claim in enumerate(report.claims):
        hits = tuple(rule_hits.get(ci, ()))
        key = claim.field
        if not (0 <= claim.start < claim.end <= text_len):
            reason = "the claim's offsets lie outside the text"
            links.append(ClaimLink(ci, claim, UNLINKED, reason=reason, findings=hits))
            continue
        if not key:
            links.append(ClaimLink(ci, claim, UNLINKED, reason="not about a table quantity", findings=hits))
            continue
        if drawn_keys is not None and key not in drawn_keys:
            reason = f"{key} is not a cell of tables 二, 三, 四"
            links.append(ClaimLink(ci, claim, MISMATCH if hits else UNLINKED, reason=reason, findings=hits))
            continue
        table_value = values.get(key)
        if table_value is None:
            reason = "the table has no number for this cell"
            links.append(
                ClaimLink(ci, claim, MISMATCH if hits else UNLINKED, key=key, reason=reason, findings=hits)
            )
            continue
        if claim.unit == "%":
            # A rate is compared with a ratio of cells by N103, never with one cell directly.
            status = MISMATCH if hits else UNLINKED
            links.append(
                ClaimLink(ci, claim, status, key=key, table_value=table_value, reason="a rate", findings=hits)
            )
            continue
        claimed = float(claim.value)
        matched = _within(table_value, claim)
        if key in _MONEY_KEYS and _number(claim.value_yuan) is not None:
            # Table 二 prints money in 万元 whatever unit the sentence used.
            claimed = float(claim.value_yuan) / 10_000
            matched = matched or abs(claimed - table_value) <= _TOLERANCE * max(1.0, abs(table_value))
        difference = claimed - table_value
        if matched and not hits:
            links.append(ClaimLink(ci, claim, MATCH, key=key, table_value=table_value, difference=0.0))
        else:
            reason = "a check flagged it" if matched else "differs from the table"
            links.append(
                ClaimLink(
                    ci,
                    claim,
                    MISMATCH,
                    key=key,
                    table_value=table_value,
                    difference=difference,
                    reason=reason,
                    findings=hits,
                )
            )
    return tuple(links)


def _parse_iso(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip()[:10])
    except (ValueError, AttributeError):
        return None


def deadline_status(meta: Meta) -> DeadlineStatus:
    """Return whether `meta.publish_date` met the deadline for `meta.body_kind`.

    Departments publish by 31 January of the following year, a 本级政府 report (``government``) by
    31 March (domain.md §1.1). Any other or unknown body kind falls back to 31 January, the stricter
    date, and says so in the note.
    """
    if not isinstance(meta.year, int) or not 1900 < meta.year < 2200:
        return DeadlineStatus("unknown", note="the report year is unknown")
    if meta.body_kind == "government":
        deadline, note = date(meta.year + 1, 3, 31), ""
    else:
        deadline = date(meta.year + 1, 1, 31)
        note = "" if meta.body_kind == "department" else "body kind unknown: the department deadline applies"
    iso = deadline.isoformat()
    if not meta.publish_date:
        return DeadlineStatus("unknown", iso, note=_join(note, "no publication date found"))
    published = _parse_iso(meta.publish_date)
    if published is None:
        return DeadlineStatus("unknown", iso, note=_join(note, "the publication date is not an ISO date"))
    if published <= date(meta.year, 12, 31):
        return DeadlineStatus(
            "premature", iso, note=_join(note, "published before the statistics year ended")
        )
    late = (published - deadline).days
    if late > 0:
        return DeadlineStatus("late", iso, days_late=late, note=note)
    return DeadlineStatus("on_time", iso, days_late=0, note=note)


def _join(*parts: str) -> str:
    return "; ".join(p for p in parts if p)


# Used only when the rule registry of `mining.checks` cannot be found or has no text for a code.
FALLBACK_EXPLANATIONS: dict[str, str] = {
    "S101": "One of the six sections the national template requires could not be found.",
    "S102": "A section heading is numbered irregularly or out of template order.",
    "S103": "Table 二, 三 or 四 is missing or holds no numbers.",
    "S104": "The layout of the tables belongs to another template than the report year calls for.",
    "T301": "In table 三 a row's 总计 must equal the sum of its six applicant columns.",
    "T302": "In table 三 （七）总计 must equal the sum of the result rows, column by column.",
    "T303": "Table 三 prints the rule 一 + 二 = 三（七）+ 四: applications in equal applications out.",
    "T304": "A count cannot be negative or fractional.",
    "T401": "In table 四 each block's 总计 must equal 维持 + 纠正 + 其他 + 尚未审结.",
    "T201": "Table 二 prints fees in 万元; an amount in the thousands usually means 元 were entered.",
    "N101": "A number the narrative states about a table quantity must equal the table (a hedge such as 余 "
    "or 约 allows an interval).",
    "N102": "The narrative says there were none, but the table counts some, or the reverse.",
    "N103": "A percentage stated about table data must equal the ratio the table gives.",
    "A101": "A whole stated in the narrative must equal the sum of the parts listed with it.",
    "A102": "A stated rate must equal the ratio of the numbers it is stated with.",
    "C101": "The report names another sector's business as its own: text left over from another report.",
    "C102": "The report refers to itself inconsistently, or names another agency as its author.",
    "C103": "A year other than the report year is written as the current year.",
    "L101": "Reports are due by 31 January of the following year (departments) or 31 March (本级政府).",
    "L102": "Section 六 must state the information-processing fees collected (2021 template and later).",
    "L103": "Section 五 must name concrete problems and the measures taken against them.",
    "X101": "This year's 上年结转 must equal last year's 结转下年度 for the same agency.",
    "X102": "A problem repeats, near-verbatim, one listed by the same agency last year.",
    "X103": "A section is a near-duplicate of the same agency's previous report.",
    "X201": "A section is a near-duplicate of another agency's report of the same year.",
}


def _registry_entry(code: str) -> object | None:
    """Return the registry's entry for `code` (a rule record or dict), or None when there is none."""
    for module_name in ("mining.checks.registry", "mining.checks"):
        try:
            module = importlib.import_module(module_name)
        except Exception:  # noqa: BLE001 - a broken or absent registry must not break the page
            continue
        for table in ("RULES", "REGISTRY", "CATALOGUE"):
            mapping = getattr(module, table, None)
            if isinstance(mapping, Mapping) and mapping.get(code) is not None:
                return mapping[code]
        for getter in ("get_rule", "rule_for", "lookup"):
            fn = getattr(module, getter, None)
            if not callable(fn):
                continue
            try:
                entry = fn(code)
            except Exception:  # noqa: BLE001 - unknown code, or a getter with another signature
                entry = None
            if entry is not None:
                return entry
    return None


def _attr(entry: object, name: str) -> str:
    value = entry.get(name) if isinstance(entry, dict) else getattr(entry, name, None)
    return value.strip() if isinstance(value, str) else ""


@dataclass(frozen=True)
class RuleText:
    """A rule's readable name and explanation, from the checks registry when it has them."""

    code: str
    name: str = ""
    explanation: str = ""
    source: str = "fallback"


def rule_text(code: str) -> RuleText:
    """Return the name and explanation of rule `code`: the registry's, else the page's own summary."""
    entry = _registry_entry(code)
    if entry is not None:
        explanation = _attr(entry, "explanation") or _attr(entry, "description") or _attr(entry, "doc")
        name = _attr(entry, "name")
        if explanation or name:
            return RuleText(code, name, explanation or FALLBACK_EXPLANATIONS.get(code, ""), "registry")
    return RuleText(code, "", FALLBACK_EXPLANATIONS.get(code, ""), "fallback")


def finding_claims(findings: tuple[Finding, ...], links: tuple[ClaimLink, ...]) -> dict[int, list[int]]:
    """Return, per finding index, the indexes of the claims its evidence covers."""
    out: dict[int, list[int]] = {}
    for link in links:
        for fi in link.findings:
            out.setdefault(fi, []).append(link.index)
    return out
