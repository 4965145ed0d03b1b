"""Canonical table keys (schema.md) for both templates, and the derived group sums.

Every other module takes key names from here instead of spelling them out again.
"""

from __future__ import annotations

from collections.abc import Mapping

T2_2021: dict[str, tuple[str, ...]] = {
    "regulation": ("issued", "repealed", "in_force"),
    "normative": ("issued", "repealed", "in_force"),
    "licensing": ("decisions",),
    "penalty": ("decisions",),
    "coercion": ("decisions",),
    "fee": ("amount",),
}
T2_2019: dict[str, tuple[str, ...]] = {
    "regulation": ("made", "published", "total"),
    "normative": ("made", "published", "total"),
    "licensing": ("previous", "change", "decisions"),
    "other_service": ("previous", "change", "decisions"),
    "penalty": ("previous", "change", "decisions"),
    "coercion": ("previous", "change", "decisions"),
    "fee": ("previous", "change"),
    "procurement": ("items", "amount"),
}

T3_COLUMNS: tuple[str, ...] = (
    "natural_person",
    "business",
    "research",
    "social_org",
    "legal_service",
    "other_org",
    "total",
)
T3_APPLICANT_COLUMNS: tuple[str, ...] = T3_COLUMNS[:-1]
T3_COLUMN_LABELS: dict[str, str] = {
    "natural_person": "自然人",
    "business": "商业企业",
    "research": "科研机构",
    "social_org": "社会公益组织",
    "legal_service": "法律服务机构",
    "other_org": "其他",
    "total": "总计",
}
"""The printed header of each table 三 column (domain.md §2.3)."""

T3_WITHHELD = (
    "state_secret",
    "prohibited",
    "security",
    "third_party",
    "internal",
    "process",
    "enforcement",
    "inquiry",
)
T3_UNAVAILABLE = ("not_held", "needs_creation", "unclear")
T3_NOT_PROCESSED = ("petition", "duplicate", "publication", "mass", "confirmation")
T3_OTHER_2021 = ("no_correction", "no_fee", "other")

T3_GROUPS_2021: dict[str, tuple[str, ...]] = {
    "withheld": T3_WITHHELD,
    "unavailable": T3_UNAVAILABLE,
    "not_processed": T3_NOT_PROCESSED,
    "other": T3_OTHER_2021,
}


def t3_rows(template: str | None) -> tuple[str, ...]:
    """Return the printed row keys of table 三 in template order (2019 has a single 其他处理 row)."""
    rows = ["new", "carried_in", "disclosed", "partial"]
    rows += [f"withheld.{r}" for r in T3_WITHHELD]
    rows += [f"unavailable.{r}" for r in T3_UNAVAILABLE]
    rows += [f"not_processed.{r}" for r in T3_NOT_PROCESSED]
    rows += ["other"] if template == "2019" else [f"other.{r}" for r in T3_OTHER_2021]
    rows += ["total", "carried_out"]
    return tuple(rows)


T3_RESULT_ROWS_2021 = t3_rows("2021")[2:-2]
"""The result rows whose sum is （七）总计 (2021 layout)."""

T4_ROWS: tuple[str, ...] = ("review", "suit_direct", "suit_after_review")
T4_COLUMNS: tuple[str, ...] = ("upheld", "corrected", "other", "pending", "total")


def expected_keys(template: str | None) -> tuple[str, ...]:
    """Return every printed cell key a complete report of `template` has (2021 when unknown)."""
    t2 = T2_2019 if template == "2019" else T2_2021
    keys = [f"t2.{row}.{col}" for row, cols in t2.items() for col in cols]
    keys += [f"t3.{row}.{col}" for row in t3_rows(template) for col in T3_COLUMNS]
    keys += [f"t4.{row}.{col}" for row in T4_ROWS for col in T4_COLUMNS]
    return tuple(keys)


def derived_sums(tables: Mapping[str, int | float | None], template: str | None) -> dict[str, float | None]:
    """Return the derived group keys of schema.md computed from printed cells.

    ``t3.withheld.{col}``, ``t3.unavailable.{col}``, ``t3.not_processed.{col}``, ``t3.other.{col}``
    (2021: the three sub-rows), ``t3.granted.{col}`` (disclosed + partial) and ``t4.suit.{col}``. A
    blank cell counts as 0 unless every operand is blank, in which case the sum is ``None``.
    """
    out: dict[str, float | None] = {}

    def total(keys: list[str]) -> float | None:
        vals = [tables.get(k) for k in keys]
        nums = [v for v in vals if isinstance(v, (int, float))]
        return sum(nums) if nums else None

    for col in T3_COLUMNS:
        for group, subs in T3_GROUPS_2021.items():
            if group == "other" and template == "2019":
                continue
            out[f"t3.{group}.{col}"] = total([f"t3.{group}.{s}.{col}" for s in subs])
        out[f"t3.granted.{col}"] = total([f"t3.disclosed.{col}", f"t3.partial.{col}"])
    for col in T4_COLUMNS:
        out[f"t4.suit.{col}"] = total([f"t4.suit_direct.{col}", f"t4.suit_after_review.{col}"])
    return out
