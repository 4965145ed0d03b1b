"""N- and A-rules: numbers stated in the narrative against the tables, and against each other."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ...keys import T3_GROUPS_2021, T3_RESULT_ROWS_2021
from ...model import Claim
from ..blanks import evaluate_interval, operand_value
from ..registry import rule

_SENTENCE_END = re.compile(r"[。；;!?！？\n]")
_WHOLE_CUE = re.compile(r"(?:共|总计|合计|累计|总数|总量|全年)[^，,。；;]{0,12}$")
_PARTS_CUE = re.compile(r"其中")
_OPEN_HEDGES = {"余", "多", "超过", "以上", "逾"}
_SYMMETRIC_HEDGES = {"约", "左右", "大约", "近", "将近", "接近"}


def operand_keys(field: str, template: str | None) -> list[str]:
    """Return the printed cell keys whose sum a (possibly derived) table key stands for."""
    parts = field.split(".")
    if len(parts) == 3 and parts[0] == "t3":
        _, group, col = parts
        if group == "granted":
            return [f"t3.disclosed.{col}", f"t3.partial.{col}"]
        if group in T3_GROUPS_2021 and not (group == "other" and template == "2019"):
            return [f"t3.{group}.{s}.{col}" for s in T3_GROUPS_2021[group]]
    if len(parts) == 3 and parts[0] == "t4" and parts[1] == "suit":
        return [f"t4.suit_direct.{parts[2]}", f"t4.suit_after_review.{parts[2]}"]
    return [field]


def _is_money(field: str) -> bool:
    return field.endswith(".amount")


def _claim_in_table_units(ctx, claim: Claim, keys: Sequence[str]) -> float:
    """Return the claim's value in the unit of the table cells it is compared with."""
    if not _is_money(claim.field or ""):
        return claim.value
    yuan = claim.value_yuan
    if yuan is None:
        yuan = claim.value * (10000 if (claim.unit or "").startswith("万") else 1)
    cell = ctx.cell(keys[0])
    return yuan if cell is not None and (cell.unit or "") == "元" else yuan / 10000


def _bounds(claim: Claim, value: float) -> tuple[float, float | None, float]:
    """Return (low, high, slack) of a claim in table units; slack widens a symmetric hedge."""
    if not claim.approx:
        return value, value, 0.0
    scale = value / claim.value if claim.value else 1.0
    low = claim.low * scale if claim.low is not None else None
    high = claim.high * scale if claim.high is not None else None
    if low is None and high is None:
        if claim.approx in _OPEN_HEDGES:
            low, high = value, None
        elif claim.approx in _SYMMETRIC_HEDGES:
            low, high = value * 0.9, value * 1.1
        else:
            low, high = value, value
    low = value if low is None else low
    slack = 0.1 * value if claim.approx in _SYMMETRIC_HEDGES else 0.0
    return low, high, slack


def _claim_span(claim: Claim) -> tuple[tuple[int, int], ...]:
    return ((claim.start, claim.end),)


def _claim_evidence(ctx, claim: Claim) -> str:
    start, end = claim.sentence or ctx.line_span(claim.start, claim.end)
    return ctx.quote((start, end), limit=200)


def _table_side(ctx, claim: Claim):
    keys = operand_keys(claim.field, ctx.template)
    if not any(k in ctx.cells for k in keys):
        return keys, None
    return keys, [ctx.cell(k) for k in keys]


def _table_sum(ops) -> tuple[float, int]:
    vals = [operand_value(o) for o in ops]
    return sum(v for v in vals if v is not None), sum(v is None for v in vals)


def _field_claims(ctx, *, percent: bool):
    for c in ctx.report.claims:
        if c.field and ((c.unit == "%") == percent):
            yield c


@rule(
    "N101",
    name="narrative-number-differs-from-table",
    family="narrative_table",
    severity="error",
    message="the narrative says {stated} for {key} but the table gives {actual}",
    explanation="""
A number the narrative states about a table quantity (「收到政府信息公开申请X件」 ↔ t3.new.total,
「行政许可处理决定X件」 ↔ t2.licensing.decisions, 「予以公开X件」 ↔ t3.disclosed.total…) must be the
number the table prints (domain.md §3.5). Table-only checks miss these: a real provincial report was
internally consistent yet quoted one column of a row as the row's total in its text.

Exact numbers that differ are errors. A hedged number (「1200余件」, 「约300件」) is compared as the
interval its words allow; outside it, the finding is a warning; when the table side has blanks or a
symmetric hedge is only just missed, uncertain. Negative statements (「未收到…」) are N102's.

Example that fires: 「本年度共收到政府信息公开申请15件」 while table 三 总计 of 本年新收 is 12.""",
)
def narrative_vs_table(ctx) -> None:
    any_claim = False
    for claim in _field_claims(ctx, percent=False):
        if claim.negative:
            continue
        keys, ops = _table_side(ctx, claim)
        if ops is None:
            continue
        value = _claim_in_table_units(ctx, claim, keys)
        any_claim = True
        low, high, slack = _bounds(claim, value)
        if _is_money(claim.field) and not claim.approx:
            slack = max(abs(value) * 0.005, 0.005)  # a rounded amount (9.35万元 for 93,512元)
            low, high = value - slack, value + slack
        res = evaluate_interval(ops, low, high, slack=slack)
        ctx.outcome(
            res,
            keys=keys if len(keys) > 1 else (claim.field,),
            spans=_claim_span(claim),
            expected=claim.value if not _is_money(claim.field) else value,
            actual=res.lhs,
            severity="warning" if claim.approx else None,
            stated=claim.text.strip() or claim.value,
            key=claim.field,
            evidence=_claim_evidence(ctx, claim),
        )
    if not any_claim:
        ctx.skip()


@rule(
    "N102",
    name="none-stated-but-table-counts-some",
    family="narrative_table",
    severity="error",
    message="the narrative says {stated} but the table counts {actual} for {key}",
    explanation="""
Negative statements are claims of zero: 「本年度未收到政府信息公开申请」, 「未发生行政复议、行政诉讼」,
「无」. When the table counts some for the same quantity, one of the two is wrong: typical of a narrative
copied from a quiet year into a busy one (defect D5). The reverse, a stated count (「收到申请3件」,
「收到申请0件」) against the table, is N101's.

Blank table cells count as 0 (a blank table does not contradict 「未收到」).

Example that fires: 「2023年，我局未收到政府信息公开申请。」 with 本年新收 总计 2 in table 三.""",
)
def none_vs_some(ctx) -> None:
    any_claim = False
    for claim in _field_claims(ctx, percent=False):
        keys, ops = _table_side(ctx, claim)
        if ops is None:
            continue
        if not claim.negative:
            continue  # a stated count, even 「0件」, is compared by N101
        total, _ = _table_sum(ops)
        any_claim = True
        verdict = "fail" if total > 0 else "pass"
        stated_none = True
        value = 0
        ctx.outcome(
            verdict,
            keys=keys if len(keys) > 1 else (claim.field,),
            spans=_claim_span(claim),
            expected=0 if stated_none else value,
            actual=total,
            stated=claim.text.strip() or claim.value,
            key=claim.field,
            evidence=_claim_evidence(ctx, claim),
        )
    if not any_claim:
        ctx.skip()


def percent_base(field: str) -> str | None:
    """Return the table key a share of `field` is taken of (its row total, or (七)总计), or None."""
    parts = field.split(".")
    if len(parts) < 3 or parts[0] not in ("t3", "t4"):
        return None
    row, col = ".".join(parts[1:-1]), parts[-1]
    if col != "total":
        return f"{parts[0]}.{row}.total"
    if parts[0] == "t3":
        group = row.split(".")[0]
        result_groups = {r.split(".")[0] for r in T3_RESULT_ROWS_2021} | {"granted"}
        return "t3.total.total" if group in result_groups and row != "total" else None
    return None


def _decimals(text: str) -> int:
    m = re.search(r"\d+(?:\.(\d+))?\s*%", text or "")
    return len(m.group(1)) if m and m.group(1) else 0


@rule(
    "N103",
    name="narrative-percentage-differs-from-table",
    family="narrative_table",
    severity="warning",
    message="the narrative gives {stated} for {key} but the table gives {actual}%",
    explanation="""
A share stated in the narrative about table data (「予以公开23件，占办结总数的46%」) is recomputed from
the table: the quantity over its row total (an applicant column) or over (七)总计 (a result row). The
stated rounding is allowed, plus `percent-tolerance` percentage points.

Example that fires: 「予以公开及部分公开占比80%」 while the table gives (12+3)/25 = 60%.""",
)
def percent_vs_table(ctx) -> None:
    any_claim = False
    tol = ctx.config.percent_tolerance
    for claim in _field_claims(ctx, percent=True):
        base = percent_base(claim.field)
        keys, ops = _table_side(ctx, claim)
        if base is None or ops is None:
            continue
        base_keys = operand_keys(base, ctx.template)
        den_ops = [ctx.cell(k) for k in base_keys]
        num, nb = _table_sum(ops)
        den, db = _table_sum(den_ops)
        if den == 0:
            continue
        any_claim = True
        rate = 100 * num / den
        allowed = 0.5 * 10 ** -_decimals(claim.text) + tol
        ok = abs(rate - claim.value) <= allowed
        verdict = "pass" if ok else ("uncertain" if nb or db else "fail")
        ctx.outcome(
            verdict,
            keys=[*keys, *base_keys],
            spans=_claim_span(claim),
            expected=claim.value,
            actual=round(rate, 2),
            stated=claim.text.strip() or f"{claim.value}%",
            key=claim.field,
            evidence=_claim_evidence(ctx, claim),
        )
    if not any_claim:
        ctx.skip()


def sentence_span(ctx, claim: Claim) -> tuple[int, int]:
    """Return the claim's sentence (from the claims stage, else the text between sentence ends)."""
    if claim.sentence:
        return claim.sentence
    text = ctx.report.text
    a = max(
        (m.end() for m in _SENTENCE_END.finditer(text, max(0, claim.start - 400), claim.start)), default=0
    )
    m = _SENTENCE_END.search(text, claim.end)
    return a, (m.start() if m else len(text))


def _by_sentence(ctx) -> dict[tuple[int, int], list[Claim]]:
    groups: dict[tuple[int, int], list[Claim]] = {}
    for c in sorted(ctx.report.claims, key=lambda c: c.start):
        if c.negative:
            continue
        groups.setdefault(sentence_span(ctx, c), []).append(c)
    return groups


@rule(
    "A101",
    name="whole-differs-from-parts",
    family="narrative_arithmetic",
    severity="warning",
    message="the narrative states a whole of {expected} but its listed parts add up to {actual}",
    explanation="""
「共公开信息56条（其中机构职能3条、通知公告34条…）」: when the parts listed after 其中 are meant to be
complete (two or more parts, no closing 「等」), their sum must be the whole; when they are not, they
still cannot exceed it. Parts are the claims after 其中 in the same sentence, in the whole's unit.

Example that fires: 「共发布信息120条，其中政策文件30条、工作动态80条、通知公告15条」 (125 ≠ 120).""",
)
def whole_vs_parts(ctx) -> None:
    text = ctx.report.text
    any_check = False
    for (a, b), claims in _by_sentence(ctx).items():
        for i, whole in enumerate(claims):
            rest = claims[i + 1 :]
            if whole.unit == "%" or not rest:
                continue
            # the whole is the number right before 「其中」 (「…76条，其中…」, 「共56条(其中…」)
            gap = text[whole.end : rest[0].start]
            cue = _PARTS_CUE.search(gap)
            if not cue or len(gap[: cue.start()].strip("，,(（ ")) > 2:
                continue
            parts = []
            for c in rest:
                if c.unit != whole.unit or _WHOLE_CUE.search(text[max(whole.end, c.start - 6) : c.start]):
                    break
                parts.append(c)
            if not parts:
                continue
            any_check = True
            total = sum(p.value for p in parts)
            tail = text[parts[-1].end : min(b, parts[-1].end + 3)]
            complete = len(parts) >= 2 and "等" not in tail
            bad = total > whole.value + 1e-9 or (complete and abs(total - whole.value) > 1e-9)
            ctx.outcome(
                "fail" if bad else "pass",
                keys=(),
                spans=((whole.start, parts[-1].end),),
                expected=whole.value,
                actual=total,
                evidence=ctx.quote((a, b), limit=240),
            )
    if not any_check:
        ctx.skip()


@rule(
    "A102",
    name="rate-differs-from-its-numbers",
    family="narrative_arithmetic",
    severity="warning",
    message="the narrative states a rate of {stated} but its numbers give {actual}%",
    explanation="""
A rate stated with the numbers it is computed from (「抽查1400家，完成1399家，完成率99.93%」) must be
their ratio within the stated rounding. The numerator and denominator are the two nearest preceding
numbers of the same unit in the sentence; the rate passes when any ordered pair of them gives it.
100% and 0% are not checked (they are usually stated on their own: 「满意率100%」).

Example that fires: 「应答复46件，按时答复45件，按时答复率98.5%」 (45/46 = 97.83%).""",
)
def rate_vs_numbers(ctx) -> None:
    tol = ctx.config.percent_tolerance
    any_check = False
    for (a, b), claims in _by_sentence(ctx).items():
        for i, rate in enumerate(claims):
            if rate.unit != "%" or rate.value in (0, 100):
                continue
            counts = [c for c in claims[:i] if c.unit != "%" and c.value > 0]
            if len(counts) < 2:
                continue
            last, prev = counts[-1], counts[-2]
            if last.unit != prev.unit:
                continue
            same = [c.value for c in counts if c.unit == last.unit]
            allowed = 0.5 * 10 ** -_decimals(rate.text) + tol
            ratios = [100 * x / y for x in same for y in same if y and x <= y]
            any_check = True
            ok = any(abs(r - rate.value) <= allowed for r in ratios)
            nearest = 100 * min(last.value, prev.value) / max(last.value, prev.value)
            ctx.outcome(
                "pass" if ok else "fail",
                spans=((prev.start, rate.end),),
                expected=rate.value,
                actual=round(nearest, 2),
                stated=rate.text.strip() or f"{rate.value}%",
                evidence=ctx.quote((a, b), limit=240),
            )
    if not any_check:
        ctx.skip()
