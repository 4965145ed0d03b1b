"""Table numbers that obey the arithmetic of the templates (domain.md §3), with cross-year links.

Table 三: per column, 一 + 二 = (七) + 四; (七) is the sum of the result rows; each row's 总计 is the
sum of its six applicant columns. Table 四: each block's 总计 = 维持 + 纠正 + 其他 + 尚未审结. Table 二
(2021): 现行有效 follows last year's stock plus this year's 制发 minus 废止; (2019) this year's 上一年项目数量
is last year's plus last year's 增/减.
"""

from __future__ import annotations

import random
from collections.abc import Mapping

from mining.keys import T3_APPLICANT_COLUMNS, T3_COLUMNS, T4_COLUMNS, T4_ROWS, t3_rows

from .lexicon import Sector

Tables = dict[str, int | float]

# Share of each applicant type among applications; natural persons dominate in practice.
_APPLICANT_WEIGHTS = (0.86, 0.05, 0.01, 0.01, 0.04, 0.03)

# Relative frequency of each result row (2021 keys; 2019 folds the three ``other.*`` rows into one).
_RESULT_WEIGHTS: dict[str, float] = {
    "disclosed": 0.42,
    "partial": 0.07,
    "withheld.state_secret": 0.003,
    "withheld.prohibited": 0.004,
    "withheld.security": 0.004,
    "withheld.third_party": 0.02,
    "withheld.internal": 0.012,
    "withheld.process": 0.02,
    "withheld.enforcement": 0.01,
    "withheld.inquiry": 0.008,
    "unavailable.not_held": 0.2,
    "unavailable.needs_creation": 0.03,
    "unavailable.unclear": 0.025,
    "not_processed.petition": 0.05,
    "not_processed.duplicate": 0.03,
    "not_processed.publication": 0.006,
    "not_processed.mass": 0.006,
    "not_processed.confirmation": 0.01,
    "other.no_correction": 0.02,
    "other.no_fee": 0.003,
    "other.other": 0.025,
}

_REQUEST_SCALE = {
    "low": ((0.45, 0, 0), (0.45, 1, 8), (0.10, 8, 25)),
    "mid": ((0.25, 0, 0), (0.45, 1, 15), (0.25, 15, 60), (0.05, 60, 200)),
    "high": ((0.10, 0, 0), (0.35, 3, 30), (0.40, 30, 150), (0.15, 150, 900)),
}


def _pick_range(rng: random.Random, table: tuple[tuple[float, int, int], ...]) -> int:
    r = rng.random()
    for share, lo, hi in table:
        if r < share:
            return rng.randint(lo, hi)
        r -= share
    share, lo, hi = table[-1]
    return rng.randint(lo, hi)


def _spread(rng: random.Random, n: int, weights: tuple[float, ...] | list[float]) -> list[int]:
    """Return `n` items spread over the buckets of `weights` (a multinomial draw)."""
    counts = [0] * len(weights)
    if n <= 0:
        return counts
    for i in rng.choices(range(len(weights)), weights=weights, k=n):
        counts[i] += 1
    return counts


def request_profile(rng: random.Random, sector: Sector | None, body_kind: str) -> str:
    """Return the application-volume profile of an agency (``low``/``mid``/``high``)."""
    if body_kind == "government":
        return "high"
    if body_kind == "township":
        return "low"
    return sector.requests if sector else "mid"


def make_t3(
    rng: random.Random,
    template: str,
    profile: str,
    *,
    carried_in: Mapping[str, int] | None = None,
    min_new: int = 0,
) -> Tables:
    """Return every printed table 三 cell of `template`, consistent in every row and column.

    `carried_in` (per applicant column) is last year's 结转下年度 when the agency has a previous
    report; otherwise a small carry-in is drawn. `min_new` forces some applications (defects that need
    non-zero cells).
    """
    new_total = max(_pick_range(rng, _REQUEST_SCALE[profile]), min_new)
    new = _spread(rng, new_total, _APPLICANT_WEIGHTS)
    if carried_in is None:
        base = 0 if rng.random() < 0.6 else rng.randint(0, max(1, new_total // 10))
        cin = _spread(rng, base, _APPLICANT_WEIGHTS)
    else:
        cin = [int(carried_in.get(c, 0) or 0) for c in T3_APPLICANT_COLUMNS]
    rows = t3_rows(template)
    result_rows = [r for r in rows if r not in ("new", "carried_in", "total", "carried_out")]
    if template == "2019":
        weights = [
            _RESULT_WEIGHTS[r]
            if r != "other"
            else sum(v for k, v in _RESULT_WEIGHTS.items() if k.startswith("other."))
            for r in result_rows
        ]
    else:
        weights = [_RESULT_WEIGHTS[r] for r in result_rows]
    out: Tables = {}
    cols: dict[str, list[int]] = {r: [0] * 6 for r in rows}
    for i in range(6):
        available = new[i] + cin[i]
        # Applications received late in December are carried over; a few percent of the year's.
        carried_out = sum(1 for _ in range(available) if rng.random() < 0.06) if rng.random() < 0.5 else 0
        done = available - carried_out
        for r, n in zip(result_rows, _spread(rng, done, weights), strict=True):
            cols[r][i] = n
        cols["new"][i], cols["carried_in"][i] = new[i], cin[i]
        cols["total"][i], cols["carried_out"][i] = done, carried_out
    for r in rows:
        for i, c in enumerate(T3_APPLICANT_COLUMNS):
            out[f"t3.{r}.{c}"] = cols[r][i]
        out[f"t3.{r}.total"] = sum(cols[r])
    return out


def make_t4(rng: random.Random, profile: str, *, min_cases: int = 0) -> Tables:
    """Return the 15 cells of table 四; most agencies have no review or litigation at all."""
    p_any = {"low": 0.15, "mid": 0.35, "high": 0.6}[profile]
    out: Tables = {}
    busy = rng.random() < p_any or min_cases > 0
    for row in T4_ROWS:
        n = 0
        if busy:
            n = rng.choice((0, 0, 1, 1, 2, 3)) if row == "review" else rng.choice((0, 0, 0, 1, 2))
        if row == "review":
            n = max(n, min_cases)
        parts = _spread(rng, n, (0.55, 0.12, 0.2, 0.13))
        for col, v in zip(T4_COLUMNS[:4], parts, strict=True):
            out[f"t4.{row}.{col}"] = v
        out[f"t4.{row}.total"] = n
    return out


def _fee_amount(rng: random.Random, sector: Sector | None) -> float:
    if sector is None or rng.random() < 0.55:
        return 0
    return round(rng.uniform(0.3, 180.0), rng.choice((1, 2, 2)))


def make_t2(
    rng: random.Random,
    template: str,
    sector: Sector | None,
    body_kind: str,
    previous: Mapping[str, object] | None,
) -> Tables:
    """Return table 二 of `template`; stocks continue last year's when `previous` is given."""
    prev = dict(previous or {})
    lic = sector.licensing if sector else (0, 60)
    pen = sector.penalty if sector else (0, 40)
    if body_kind == "township":
        lic, pen = (0, 30), (0, 12)
    out: Tables = {}
    if template == "2019":
        for row in ("regulation", "normative"):
            made = 0 if row == "regulation" else rng.randint(0, 6)
            published = 0 if row == "regulation" else made + rng.choice((0, 0, 0, 1, 2))
            old_total = prev.get(f"t2.{row}.total")
            base = (
                int(old_total)
                if isinstance(old_total, (int, float))
                else (0 if row == "regulation" else rng.randint(5, 60))
            )
            out[f"t2.{row}.made"] = made
            out[f"t2.{row}.published"] = published
            out[f"t2.{row}.total"] = base + published
        for row, span in (
            ("licensing", lic),
            ("other_service", (0, 80)),
            ("penalty", pen),
            ("coercion", (0, 12)),
        ):
            old_prev, old_change = prev.get(f"t2.{row}.previous"), prev.get(f"t2.{row}.change")
            if isinstance(old_prev, (int, float)) and isinstance(old_change, (int, float)):
                previous_items = int(old_prev + old_change)
            else:
                previous_items = rng.randint(0, 40) if row != "coercion" else rng.randint(0, 8)
            change = rng.choice((0, 0, 0, 1, 2, -1, -2, 3, 5))
            change = max(change, -previous_items)
            out[f"t2.{row}.previous"] = previous_items
            out[f"t2.{row}.change"] = change
            out[f"t2.{row}.decisions"] = rng.randint(*span) if previous_items + change > 0 else 0
        fee_prev = prev.get("t2.fee.previous")
        fee_items = (
            int(fee_prev + prev.get("t2.fee.change", 0))
            if isinstance(fee_prev, (int, float))
            else rng.randint(0, 6)
        )
        fee_change = max(rng.choice((0, 0, 0, -1, 1)), -fee_items)
        out["t2.fee.previous"], out["t2.fee.change"] = fee_items, fee_change
        items = rng.choice((0, 0, 1, 2, 3, 5, 8, 12))
        out["t2.procurement.items"] = items
        out["t2.procurement.amount"] = 0 if items == 0 else rng.randint(2, 400) * items * 1000
        return out
    for row in ("regulation", "normative"):
        issued = 0 if row == "regulation" else rng.choice((0, 0, 1, 1, 2, 3, 4, 6))
        old = prev.get(f"t2.{row}.in_force")
        stock = (
            int(old) if isinstance(old, (int, float)) else (0 if row == "regulation" else rng.randint(0, 45))
        )
        repealed = 0 if row == "regulation" else min(stock, rng.choice((0, 0, 0, 1, 2, 3)))
        out[f"t2.{row}.issued"] = issued
        out[f"t2.{row}.repealed"] = repealed
        out[f"t2.{row}.in_force"] = stock + issued - repealed
    out["t2.licensing.decisions"] = rng.randint(*lic)
    out["t2.penalty.decisions"] = rng.randint(*pen)
    out["t2.coercion.decisions"] = rng.randint(0, max(1, pen[1] // 20)) if rng.random() < 0.4 else 0
    out["t2.fee.amount"] = _fee_amount(rng, sector)
    return out


def t3_arithmetic_errors(tables: Mapping[str, object], template: str) -> list[str]:
    """Return a description of every broken table 三/四 identity (empty for a consistent table).

    Blank (None) cells count as 0, as checks.md prescribes for the pass/fail decision.
    """

    def v(key: str) -> float:
        x = tables.get(key)
        return x if isinstance(x, (int, float)) else 0

    errors: list[str] = []
    rows = t3_rows(template)
    if any(k.startswith("t3.") for k in tables):
        for r in rows:
            if v(f"t3.{r}.total") != sum(v(f"t3.{r}.{c}") for c in T3_APPLICANT_COLUMNS):
                errors.append(f"T301 t3.{r}")
        results = [r for r in rows if r not in ("new", "carried_in", "total", "carried_out")]
        for c in T3_COLUMNS:
            if v(f"t3.total.{c}") != sum(v(f"t3.{r}.{c}") for r in results):
                errors.append(f"T302 t3.total.{c}")
            if v(f"t3.new.{c}") + v(f"t3.carried_in.{c}") != v(f"t3.total.{c}") + v(f"t3.carried_out.{c}"):
                errors.append(f"T303 {c}")
    for row in T4_ROWS:
        if f"t4.{row}.total" in tables and v(f"t4.{row}.total") != sum(
            v(f"t4.{row}.{c}") for c in T4_COLUMNS[:4]
        ):
            errors.append(f"T401 t4.{row}")
    for k, x in tables.items():
        is_count = not (k == "t2.fee.amount" or k.endswith(".change") or k == "t2.procurement.amount")
        if is_count and isinstance(x, (int, float)) and (x < 0 or x != int(x)):
            errors.append(f"T304 {k}")
    return errors
