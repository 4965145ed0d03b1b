"""An independent check of the generator's own promises, read from the truth (and the text).

`verify_report` returns the rule codes of checks.md that a report's truth breaks: a clean report must
return none, a report with injected defects exactly the codes its truth lists. It is deliberately
simple (it reads the truth, not a parse) and exists so the tests can prove that each injection changes
what it claims to and nothing else; it is not the project's checker.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from mining.keys import derived_sums

from . import lexicon
from .generate import describe_agency
from .numbers import t3_arithmetic_errors


def _table_value(truth: Mapping[str, Any], key: str) -> float | None:
    tables = truth["tables"]
    if key in tables:
        return tables[key] or 0
    derived = derived_sums(tables, truth["meta"]["template"])
    if key in derived:
        return derived[key] or 0
    return None


def verify_report(truth: Mapping[str, Any], text: str) -> set[str]:
    """Return the single-report rule codes (S, T, N, A, C, L) the report breaks."""
    codes: set[str] = set()
    meta = truth["meta"]
    year, template = meta["year"], meta["template"]
    tables = truth["tables"]
    for err in t3_arithmetic_errors(tables, template):
        codes.add(err.split()[0])
    fee = tables.get("t2.fee.amount")
    if truth["units"].get("t2.fee.amount") == "元" or (isinstance(fee, (int, float)) and fee >= 100000):
        codes.add("T201")
    # Narrative against tables.
    for c in truth["claims"]:
        f = c.get("field")
        if not f:
            continue
        actual = _table_value(truth, f)
        if actual is None:
            continue
        if c.get("negative"):
            if actual > 0:
                codes.add("N102")
        elif c["unit"] == "%":
            base = _table_value(truth, c["base"])
            if base:
                digits = len(str(c["value"]).split(".")[1]) if "." in str(c["value"]) else 0
                if abs(round(100 * actual / base, max(digits, 1)) - c["value"]) > 0.051:
                    codes.add("N103")
        elif c["value"] != actual:
            codes.add("N101")
    groups: dict[str, dict[str, list[float]]] = {}
    for c in truth["claims"]:
        if c.get("group"):
            groups.setdefault(c["group"], {}).setdefault(c["role"], []).append(c["value"])
    for g in groups.values():
        if "whole" in g and sum(g.get("part", [])) != g["whole"][0]:
            codes.add("A101")
        if "rate" in g and g.get("base") and g.get("part"):
            if abs(100 * g["part"][0] / g["base"][0] - g["rate"][0]) > 0.051:
                codes.add("A102")
    # Contamination.
    agency = describe_agency(meta["agency"])
    if agency.body_kind == "department":
        for s in lexicon.SECTORS:
            if s.key != agency.sector and any(b in text for b in s.business):
                codes.add("C101")
    if agency.alt_we in text and agency.we in text:
        codes.add("C102")
    years = {int(y) for y in re.findall(r"((?:19|20)\d{2})\s*年", text)}
    if years - {year, year + 1}:
        codes.add("C103")
    # Compliance.
    deadline = f"{year + 1}-03-31" if meta["body_kind"] == "government" else f"{year + 1}-01-31"
    if meta["publish_date"] and meta["publish_date"] > deadline:
        codes.add("L101")
    if year >= 2021 and template == "2021" and "other" in truth["sections"]:
        if not any("信息处理费" in p for p in truth["texts"]["other"]):
            codes.add("L102")
    if "problems" in truth["sections"] and not truth["problems"]:
        codes.add("L103")
    # Structure.
    if len(truth["sections"]) < 6:
        codes.add("S101")
    if re.search(r"^(?:\*\*|#+\s*)?6、", text, re.MULTILINE):
        codes.add("S102")
    for t in ("t2", "t3", "t4"):
        if not any(k.startswith(t + ".") for k in tables):
            codes.add("S103")
    if template == "2019" and year >= 2021:
        codes.add("S104")
    return codes


def verify_corpus(truths: Iterable[Mapping[str, Any]]) -> dict[str, set[str]]:
    """Return file -> the corpus rule codes (X101, X102, X103, X201) each report breaks."""
    items = list(truths)
    by_agency_year = {(t["meta"]["agency"], t["meta"]["year"]): t for t in items}
    out: dict[str, set[str]] = {t["file"]: set() for t in items}
    for t in items:
        prev = by_agency_year.get((t["meta"]["agency"], t["meta"]["year"] - 1))
        if prev is None:
            continue
        if any(
            (t["tables"].get(f"t3.carried_in.{c}") or 0) != (prev["tables"].get(f"t3.carried_out.{c}") or 0)
            for c in (
                "natural_person",
                "business",
                "research",
                "social_org",
                "legal_service",
                "other_org",
                "total",
            )
        ):
            out[t["file"]].add("X101")
        prev_problems = {p["text"] for p in prev["problems"]}
        if any(p["text"] in prev_problems for p in t["problems"]):
            out[t["file"]].add("X102")
        if t["texts"]["other"] and t["texts"]["other"] == prev["texts"]["other"]:
            out[t["file"]].add("X103")
    by_year: dict[int, list[Mapping[str, Any]]] = {}
    for t in items:
        by_year.setdefault(t["meta"]["year"], []).append(t)
    for group in by_year.values():
        seen: dict[tuple, str] = {}
        for t in group:
            key = tuple(tuple(x) for x in t["texts"]["problems"])
            if t["problems"] and key in seen:
                out[t["file"]].add("X201")
                out[seen[key]].add("X201")
            seen.setdefault(key, t["file"])
    return out
