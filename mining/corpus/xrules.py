"""Corpus rules (checks.md, families ``cross_year`` and ``duplication``): findings that need other reports.

- **X101** this year's 上年结转 (``t3.carried_in.*``) ≠ the same agency's previous-year 结转下年度
  (``t3.carried_out.*``). Blank cells follow checks.md: all blank → skipped; a difference that exists
  only because a blank counts as 0 → ``info``; otherwise ``warning``.
- **X102** a problem of section 五 repeats, near-verbatim, one the same agency listed the year before
  (character 3-shingle Jaccard ≥ 0.8 on the normalised text). It sets the ``repeated`` quality flag.
- **X103** a section is a near-duplicate of the same section of the agency's previous report.
- **X201** a section is a near-duplicate of the same section of another agency's report of the same year.

"The same agency" is the corpus key of `agencies.agency_keys`; "the previous report" is the report of
year − 1 with the best health (ties: smallest report id), so a corrected re-publication does not
double the findings. X103/X201 compare MinHash signatures of the sections' narrative (5-shingles,
estimated Jaccard ≥ 0.8); X201 finds its candidates with LSH, one year and section key at a time, so
neither time nor memory grows with the number of pairs.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from ..keys import T3_COLUMNS
from ..model import Finding
from .agencies import agency_keys, normalize_agency
from .similarity import (
    PROBLEM_SHINGLE,
    estimate_jaccard,
    jaccard,
    narrative_text,
    shingles,
    signature_from_bytes,
    similar_pairs,
)

RULES: dict[str, tuple[str, str]] = {
    "X101": ("cross_year", "warning"),
    "X102": ("cross_year", "info"),
    "X103": ("cross_year", "info"),
    "X201": ("duplication", "info"),
}
"""Code -> (family, default severity), as in checks.md."""

SECTION_NAMES = {
    "overview": "一、总体情况",
    "proactive": "二、主动公开",
    "requests": "三、依申请公开",
    "review_litigation": "四、复议诉讼",
    "problems": "五、问题及改进",
    "other": "六、其他事项",
}


@dataclass(frozen=True)
class XConfig:
    """Thresholds of the corpus rules."""

    problem_threshold: float = 0.8
    section_threshold: float = 0.8
    min_problem_chars: int = 12


DEFAULT_CONFIG = XConfig()


@dataclass
class CorpusResult:
    """What the corpus rules found: findings by report, repeated problems, and each report's agency key."""

    findings: list[tuple[str, Finding]] = field(default_factory=list)
    repeated_problems: set[tuple[str, int]] = field(default_factory=set)
    agency_key: dict[str, str | None] = field(default_factory=dict)

    @property
    def repeated_reports(self) -> set[str]:
        return {rid for rid, _ in self.repeated_problems}


def _fingerprint(code: str, report_id: str, *parts: object) -> str:
    raw = "|".join([code, report_id, *map(str, parts)])
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]


def _finding(
    code: str, report_id: str, message: str, *, severity: str | None = None, fp: tuple = (), **kw
) -> Finding:
    family, default = RULES[code]
    return Finding(
        code=code,
        family=family,
        severity=severity or default,
        message=message,
        fingerprint=_fingerprint(code, report_id, *fp),
        **kw,
    )


def assign_agency_keys(reports: pd.DataFrame) -> dict[str, str | None]:
    """Return report id -> corpus agency key (None when the report names no agency)."""
    canon = {
        rid: normalize_agency(a) if isinstance(a, str) else None
        for rid, a in zip(reports["report_id"], reports["agency"], strict=False)
    }
    keys = agency_keys(c for c in canon.values() if c)
    return {rid: (keys.get(c) if c else None) for rid, c in canon.items()}


def previous_reports(reports: pd.DataFrame, agency_key: dict[str, str | None]) -> dict[str, str]:
    """Return report id -> id of the same agency's chosen report of the previous year."""
    df = reports[["report_id", "year", "health"]].copy()
    df["agency_key"] = df["report_id"].map(agency_key)
    df = df.dropna(subset=["agency_key", "year"])
    df["year"] = df["year"].astype(int)
    df["health"] = df["health"].fillna(0.0)
    chosen = (
        df.sort_values(["agency_key", "year", "health", "report_id"], ascending=[True, True, False, True])
        .drop_duplicates(["agency_key", "year"])
        .set_index(["agency_key", "year"])["report_id"]
        .to_dict()
    )
    out = {}
    for rid, key, year in zip(df["report_id"], df["agency_key"], df["year"], strict=False):
        prev = chosen.get((key, year - 1))
        if prev is not None:
            out[rid] = prev
    return out


def check_carry_over(
    reports: pd.DataFrame, cells: pd.DataFrame, previous: dict[str, str]
) -> list[tuple[str, Finding]]:
    """Return the X101 findings: 上年结转 of year t against 结转下年度 of the agency's year t − 1."""
    want = {f"t3.carried_in.{c}" for c in T3_COLUMNS} | {f"t3.carried_out.{c}" for c in T3_COLUMNS}
    cells = cells[cells["key"].isin(want)]
    values: dict[tuple[str, str], float | None] = {}
    for rid, key, val in zip(cells["report_id"], cells["key"], cells["value"], strict=False):
        values[(rid, key)] = None if pd.isna(val) else float(val)
    years = dict(zip(reports["report_id"], reports["year"], strict=False))
    out = []
    for rid, prev in sorted(previous.items()):
        mismatched, blank_only, expected, actual = [], [], {}, {}
        for col in T3_COLUMNS:
            ki, ko = f"t3.carried_in.{col}", f"t3.carried_out.{col}"
            if (rid, ki) not in values or (prev, ko) not in values:
                continue  # the row is not printed (2018 reports had no 结转 row): nothing to compare
            a, b = values[(rid, ki)], values[(prev, ko)]
            if a is None and b is None:
                continue
            if (a or 0.0) != (b or 0.0):
                mismatched.append(col)
                if a is None or b is None:
                    blank_only.append(col)
                expected[col], actual[col] = b, a
        if not mismatched:
            continue
        col = "total" if "total" in mismatched else mismatched[0]
        prev_year = years.get(prev)
        severity = "info" if len(blank_only) == len(mismatched) else "warning"
        msg = (
            f"上年结转 ({col}) is {_fmt(actual[col])} but the {prev_year} report carried "
            f"{_fmt(expected[col])} forward (结转下年度)"
        )
        if len(mismatched) > 1:
            msg += f"; {len(mismatched)} columns differ"
        keys = tuple(f"t3.carried_in.{c}" for c in mismatched)
        out.append(
            (
                rid,
                _finding(
                    "X101",
                    rid,
                    msg,
                    severity=severity,
                    fp=(keys, prev),
                    keys=keys,
                    expected=expected,
                    actual=actual,
                    evidence=f"previous report {prev} ({prev_year})",
                ),
            )
        )
    return out


def _fmt(v: float | None) -> str:
    if v is None:
        return "blank"
    return str(int(v)) if float(v).is_integer() else str(v)


def check_repeated_problems(
    problems: pd.DataFrame,
    previous: dict[str, str],
    years: dict[str, object],
    config: XConfig = DEFAULT_CONFIG,
) -> tuple[list[tuple[str, Finding]], set[tuple[str, int]]]:
    """Return the X102 findings and the (report id, problem index) pairs that repeat last year's problems."""
    by_report: dict[str, list[tuple[int, int, int, str, set[str]]]] = defaultdict(list)
    needed = set(previous) | set(previous.values())
    sub = problems[problems["report_id"].isin(needed)]
    for rid, idx, start, end, text in zip(
        sub["report_id"], sub["idx"], sub["start"], sub["end"], sub["text"], strict=False
    ):
        norm = narrative_text(text or "")
        if len(norm) >= config.min_problem_chars:
            by_report[rid].append((int(idx), int(start), int(end), text, shingles(norm, PROBLEM_SHINGLE)))
    out, repeated = [], set()
    for rid, prev in sorted(previous.items()):
        olds = by_report.get(prev, [])
        for idx, start, end, _text, sh in by_report.get(rid, []):
            best, best_text = 0.0, ""
            for _, _, _, old_text, old_sh in olds:
                sim = jaccard(sh, old_sh)
                if sim > best:
                    best, best_text = sim, old_text
            if best >= config.problem_threshold:
                repeated.add((rid, idx))
                out.append(
                    (
                        rid,
                        _finding(
                            "X102",
                            rid,
                            f"problem {idx + 1} repeats one listed in the {years.get(prev)} report "
                            f"(similarity {best:.2f})",
                            fp=(idx, prev),
                            spans=((start, end),),
                            expected=config.problem_threshold,
                            actual=round(best, 3),
                            evidence=best_text[:200],
                        ),
                    )
                )
    return out, repeated


def _sig_index(sigs: pd.DataFrame) -> dict[tuple[str, str], tuple[object, int, int]]:
    return {
        (rid, key): (signature_from_bytes(raw), int(s), int(e))
        for rid, key, raw, s, e in zip(
            sigs["report_id"], sigs["section"], sigs["minhash"], sigs["start"], sigs["end"], strict=False
        )
    }


def check_sections(
    years: list[int],
    signatures_of_year: Callable[[int], pd.DataFrame],
    previous: dict[str, str],
    agency_key: dict[str, str | None],
    report_year: dict[str, object],
    agency_name: dict[str, object],
    config: XConfig = DEFAULT_CONFIG,
) -> list[tuple[str, Finding]]:
    """Return the X103 and X201 findings, reading the signatures one year at a time (two years in memory)."""
    out: list[tuple[str, Finding]] = []
    prev_index: dict[tuple[str, str], tuple[object, int, int]] = {}
    prev_year: int | None = None
    for year in sorted(years):
        index = _sig_index(signatures_of_year(year))
        older = prev_index if prev_year == year - 1 else {}
        # X103: each section against the same section of the agency's previous report
        for (rid, key), (sig, s, e) in sorted(index.items()):
            prev = previous.get(rid)
            if prev is None or (prev, key) not in older:
                continue
            sim = estimate_jaccard(sig, older[(prev, key)][0])
            if sim >= config.section_threshold:
                out.append(
                    (
                        rid,
                        _finding(
                            "X103",
                            rid,
                            f"section {SECTION_NAMES.get(key, key)} is a near-duplicate of the {year - 1} report "
                            f"(similarity {sim:.2f})",
                            fp=(key, prev),
                            spans=((s, e),),
                            expected=config.section_threshold,
                            actual=round(sim, 3),
                            evidence=f"previous report {prev} ({year - 1}), section {key}",
                        ),
                    )
                )
        # X201: LSH within (year, section key), pairs of different agencies only
        by_key: dict[str, list[tuple[str, object]]] = defaultdict(list)
        for (rid, key), (sig, _, _) in sorted(index.items()):
            if agency_key.get(rid):
                by_key[key].append((rid, sig))
        for key, items in sorted(by_key.items()):
            matches: dict[str, list[tuple[float, str]]] = defaultdict(list)
            for a, b, sim in similar_pairs(items, config.section_threshold):
                if agency_key[a] != agency_key[b]:
                    matches[a].append((sim, b))
                    matches[b].append((sim, a))
            for rid, found in sorted(matches.items()):
                found.sort(key=lambda x: (-x[0], x[1]))
                sim, other = found[0]
                _, s, e = index[(rid, key)]
                n_agencies = len({agency_key[o] for _, o in found})
                out.append(
                    (
                        rid,
                        _finding(
                            "X201",
                            rid,
                            f"section {SECTION_NAMES.get(key, key)} is a near-duplicate of {agency_name.get(other)}'s "
                            f"{year} report (similarity {sim:.2f}; {n_agencies} other agencies in all)",
                            fp=(key, other),
                            spans=((s, e),),
                            expected=config.section_threshold,
                            actual=round(sim, 3),
                            evidence=f"report {other} ({agency_name.get(other)}), section {key}; "
                            f"{n_agencies} other agencies",
                        ),
                    )
                )
        prev_index, prev_year = index, year
    return out


def check_corpus(
    reports: pd.DataFrame,
    cells: pd.DataFrame,
    problems: pd.DataFrame,
    signatures_of_year: Callable[[int], pd.DataFrame],
    config: XConfig = DEFAULT_CONFIG,
) -> CorpusResult:
    """Return every corpus finding (X101, X102, X103, X201) for the reports of `reports`.

    `reports` needs ``report_id, agency, year, health``; `cells` ``report_id, key, value`` (only the
    结转 rows are read); `problems` ``report_id, idx, start, end, text``; `signatures_of_year(y)` returns
    the ``signatures`` rows of year y.
    """
    keys = assign_agency_keys(reports)
    previous = previous_reports(reports, keys)
    years = dict(zip(reports["report_id"], reports["year"], strict=False))
    names = dict(zip(reports["report_id"], reports["agency"], strict=False))
    result = CorpusResult(agency_key=keys)
    result.findings += check_carry_over(reports, cells, previous)
    x102, repeated = check_repeated_problems(problems, previous, years, config)
    result.findings += x102
    result.repeated_problems = repeated
    known_years = sorted({int(y) for y in reports["year"].dropna()})
    result.findings += check_sections(known_years, signatures_of_year, previous, keys, years, names, config)
    result.findings.sort(key=lambda x: (x[0], x[1].code, x[1].fingerprint))
    return result
