"""T-rules: the arithmetic printed in tables 二, 三 and 四 (domain.md §3.1–§3.4), under the blank policy."""

from __future__ import annotations

from ...keys import T3_COLUMN_LABELS, T3_COLUMNS, T4_COLUMNS, T4_ROWS, t3_rows
from ...model import TableCell
from ..blanks import evaluate_equation, evaluate_sum, operand_value
from ..registry import rule

T3_LABELS = {
    "new": "一、本年新收",
    "carried_in": "二、上年结转",
    "disclosed": "(一)予以公开",
    "partial": "(二)部分公开",
    "other": "(六)其他处理",
    "total": "(七)总计",
    "carried_out": "四、结转下年度",
}
T3_GROUP_LABELS = {
    "withheld": "(三)不予公开",
    "unavailable": "(四)无法提供",
    "not_processed": "(五)不予处理",
    "other": "(六)其他处理",
}
T4_LABELS = {
    "review": "行政复议",
    "suit_direct": "行政诉讼·未经复议直接起诉",
    "suit_after_review": "行政诉讼·复议后起诉",
}
T4_COLUMN_LABELS = {
    "upheld": "结果维持",
    "corrected": "结果纠正",
    "other": "其他结果",
    "pending": "尚未审结",
    "total": "总计",
}


T3_SUB_LABELS = {
    "state_secret": "1.国家秘密",
    "prohibited": "2.法律行政法规禁止公开",
    "security": "3.危及“三安全一稳定”",
    "third_party": "4.保护第三方合法权益",
    "internal": "5.内部事务信息",
    "process": "6.过程性信息",
    "enforcement": "7.行政执法案卷",
    "inquiry": "8.行政查询事项",
    "not_held": "1.本机关不掌握",
    "needs_creation": "2.需要另行制作",
    "unclear": "3.补正后仍不明确",
    "petition": "1.信访举报投诉类",
    "duplicate": "2.重复申请",
    "publication": "3.公开出版物",
    "mass": "4.大量反复申请",
    "confirmation": "5.确认或重新出具",
    "no_correction": "1.逾期不补正",
    "no_fee": "2.逾期未缴费",
    "other": "3.其他",
}


def t3_label(row: str) -> str:
    """Return a short printed label of a table 三 row key (「(四)无法提供 1.本机关不掌握」)."""
    if row in T3_LABELS:
        return T3_LABELS[row]
    group, _, sub = row.partition(".")
    return f"{T3_GROUP_LABELS.get(group, group)} {T3_SUB_LABELS.get(sub, sub)}"


def _present(ctx, keys) -> bool:
    return any(k in ctx.cells for k in keys)


def checked_first(checked: str, keys) -> tuple[str, ...]:
    """Return `keys` with the checked cell first: the convention of every table-arithmetic finding.

    ``Finding.keys[0]`` is the total the rule checks (the cell that disagrees with its operands), the
    rest are the operands; the audit page marks ``keys[0]`` as the broken cell.
    """
    return (checked, *(k for k in keys if k != checked))


def _cells_text(ctx, keys) -> str:
    """Return ``key=raw`` for every key (``∅`` for an absent cell): the evidence of a table finding."""
    out = []
    for k in keys:
        c: TableCell | None = ctx.cell(k)
        out.append(f"{k}={'∅' if c is None else (c.raw.strip() or '(blank)')}")
    return "; ".join(out)


def _finding(res) -> bool:
    """Return whether an outcome becomes a finding (only then is its evidence line located)."""
    return (res.verdict if not isinstance(res, str) else res) in ("fail", "uncertain")


def _row_span(ctx, cells, section):
    for c in cells:
        if c is not None and c.row_label:
            span = ctx.locate(c.row_label.split("\n")[0][:20], section)
            if span:
                return (span,)
    return ctx.heading_span(section)


@rule(
    "T301",
    name="t3-row-total",
    family="table_arithmetic",
    severity="error",
    message="table 三 row {row}: 总计 {actual} ≠ sum of the six applicant columns {expected}",
    explanation="""
In table 三 every row's 总计 column is the sum of the six applicant columns (自然人, 商业企业, 科研机构,
社会公益组织, 法律服务机构, 其他): domain.md R3.2. A row whose total disagrees was filled in by hand.

Blank cells follow the blank policy: counted as 0, and a row that fails only because some cell is blank
is reported as uncertain (info), never as an error.

Example that fires: 「一、本年新收政府信息公开申请数量」 with 自然人 3, 商业企业 1, the others 0 and
总计 5 (expected 4).""",
)
def t3_row_total(ctx) -> None:
    for row in t3_rows(ctx.template):
        keys = [f"t3.{row}.{c}" for c in T3_COLUMNS]
        if not _present(ctx, keys):
            continue
        parts = [ctx.cell(k) for k in keys[:-1]]
        total = ctx.cell(keys[-1])
        res = evaluate_sum(parts, total)
        ctx.outcome(
            res,
            keys=checked_first(keys[-1], keys),
            spans=_row_span(ctx, [total, *parts], "requests") if _finding(res) else (),
            expected=res.lhs,
            actual=operand_value(total),
            row=t3_label(row),
            evidence=_cells_text(ctx, keys),
        )


@rule(
    "T302",
    name="t3-result-total",
    family="table_arithmetic",
    severity="error",
    message="table 三 column {column}: (七)总计 {actual} ≠ sum of the result rows {expected}",
    explanation="""
(七)总计 of table 三 is the sum of every result row above it: (一)予以公开 + (二)部分公开 + the eight
(三)不予公开 rows + the three (四)无法提供 rows + the five (五)不予处理 rows + (六)其他处理 (three sub-rows
in 2021, one row in 2019): domain.md R3.3. Checked in every column.

Example that fires: (五)3.要求提供公开出版物 counts 3 in 科研机构, every other result row is 0 and
(七)总计 says 0 in 科研机构 (expected 3).""",
)
def t3_result_total(ctx) -> None:
    rows = t3_rows(ctx.template)[2:-2]
    for col in T3_COLUMNS:
        keys = [f"t3.{r}.{col}" for r in rows]
        total_key = f"t3.total.{col}"
        if not _present(ctx, [*keys, total_key]):
            continue
        res = evaluate_sum([ctx.cell(k) for k in keys], ctx.cell(total_key))
        nonzero = [k for k in keys if operand_value(ctx.cell(k))]
        ctx.outcome(
            res,
            keys=[total_key, *keys],
            spans=_row_span(ctx, [ctx.cell(total_key)], "requests") if _finding(res) else (),
            expected=res.lhs,
            actual=operand_value(ctx.cell(total_key)),
            column=T3_COLUMN_LABELS[col],
            evidence=_cells_text(ctx, [total_key, *nonzero]),
        )


@rule(
    "T303",
    name="t3-balance",
    family="table_arithmetic",
    severity="error",
    message="table 三 column {column}: 一 + 二 = {expected} but 三(七) + 四 = {actual}",
    explanation="""
The rule printed in the header of table 三 itself: 「第一项加第二项之和，等于第三项加第四项之和」.
For every column, 本年新收 + 上年结转 = (七)总计 + 结转下年度继续办理 (domain.md R3.1). It is the one
arithmetic rule an organ cannot claim not to know.

Example that fires: 自然人 column with 本年新收 1, 上年结转 0, (七)总计 0 and 结转下年度 0.""",
)
def t3_balance(ctx) -> None:
    for col in T3_COLUMNS:
        lhs = [f"t3.new.{col}", f"t3.carried_in.{col}"]
        rhs = [f"t3.total.{col}", f"t3.carried_out.{col}"]
        if not _present(ctx, lhs + rhs):
            continue
        res = evaluate_equation([ctx.cell(k) for k in lhs], [ctx.cell(k) for k in rhs])
        ctx.outcome(
            res,
            keys=checked_first(rhs[0], lhs + rhs),
            spans=_row_span(ctx, [ctx.cell(lhs[0])], "requests") if _finding(res) else (),
            expected=res.lhs,
            actual=res.rhs,
            column=T3_COLUMN_LABELS[col],
            evidence=_cells_text(ctx, lhs + rhs),
        )


_SIGNED = ("change",)
_MONEY = ("t2.fee.amount", "t2.procurement.amount")


@rule(
    "T304",
    name="count-not-a-whole-number",
    family="table_arithmetic",
    severity="error",
    message="cell {key} = {actual}: a count must be a whole number ≥ 0",
    explanation="""
Every count in tables 二, 三 and 四 is a number of documents, decisions, applications or cases: an
integer ≥ 0 (domain.md R2.1, R3.5, R4.2). Only money (本年收费金额, 采购总金额) may be a decimal, and
only the 2019 column 本年增/减 may be negative. 「/」 and blanks are placeholders, not errors; a cell
whose text is not a number at all is reported as uncertain.

Example that fires: 行政处罚 本年处理决定数量 「-3」, or 自然人 本年新收 「2.5」.""",
)
def count_whole_number(ctx) -> None:
    for c in ctx.report.cells:
        if c.key in _MONEY or c.key.rsplit(".", 1)[-1] in _SIGNED:
            continue
        section = {"t2": "proactive", "t3": "requests", "t4": "review_litigation"}.get(c.key[:2])
        if c.value is None:
            if c.placeholder is None and c.raw.strip():
                span = _row_span(ctx, [c], section)  # located only for a finding: 200 cells per report
                ctx.outcome(
                    "uncertain", keys=(c.key,), spans=span, key=c.key, actual=c.raw.strip(), evidence=c.raw
                )
            continue
        if c.value < 0 or float(c.value) != int(c.value):
            span = _row_span(ctx, [c], section)
            ctx.outcome("fail", keys=(c.key,), spans=span, key=c.key, actual=c.value, evidence=c.raw)
        else:
            ctx.ok()


@rule(
    "T401",
    name="t4-block-total",
    family="table_arithmetic",
    severity="error",
    message="table 四 {block}: 总计 {actual} ≠ 维持 + 纠正 + 其他 + 尚未审结 = {expected}",
    explanation="""
Table 四 has three blocks (行政复议; 行政诉讼 未经复议直接起诉; 行政诉讼 复议后起诉), each with
结果维持, 结果纠正, 其他结果, 尚未审结 and 总计. 总计 includes the pending cases: 总计 = 维持 + 纠正 +
其他 + 尚未审结 (domain.md R4.1).

Example that fires: 行政复议 with 结果维持 1, 结果纠正 1, 其他结果 0, 尚未审结 1 and 总计 2.""",
)
def t4_block_total(ctx) -> None:
    for row in T4_ROWS:
        keys = [f"t4.{row}.{c}" for c in T4_COLUMNS]
        if not _present(ctx, keys):
            continue
        res = evaluate_sum([ctx.cell(k) for k in keys[:-1]], ctx.cell(keys[-1]))
        ctx.outcome(
            res,
            keys=checked_first(keys[-1], keys),
            spans=_row_span(ctx, [], "review_litigation") if _finding(res) else (),
            expected=res.lhs,
            actual=operand_value(ctx.cell(keys[-1])),
            block=T4_LABELS[row],
            evidence=_cells_text(ctx, keys),
        )


@rule(
    "T201",
    name="fee-amount-unit",
    family="table_arithmetic",
    severity="warning",
    message="table 二 {key} = {actual}: {reason}",
    explanation="""
Table 二 第二十条第（八）项 gives 本年收费金额 in 万元 (the header says 单位：万元). A cell written in 元
(「251000元」, or a figure far beyond what the organ could collect, e.g. more than 1亿元 for a county
bureau) puts the amount off by a factor of 10,000 (defect D9). A unit printed in the cell that
contradicts the header is flagged too. The threshold is `fee-wan-max` (×10 for government reports).

This is the organ's general 行政事业性收费, not the 信息处理费 of section 六.

Example that fires: 行政事业性收费 「35000」 in a county bureau's report, or 「1200元」.""",
)
def fee_unit(ctx) -> None:
    keys = [k for k in ("t2.fee.amount", "t2.procurement.amount") if k in ctx.cells]
    if not keys:
        ctx.skip()
        return
    limit = ctx.config.fee_wan_max * (10 if ctx.report.meta.body_kind == "government" else 1)
    for key in keys:
        c = ctx.cell(key)
        unit = (c.unit or "").strip()
        span = _row_span(ctx, [c], "proactive")
        if key == "t2.procurement.amount":
            # the 2019 header has no unit: only a cell unit that is not money contradicts it
            if unit and "元" not in unit:
                ctx.outcome(
                    "fail",
                    keys=(key,),
                    spans=span,
                    key=key,
                    actual=c.raw,
                    reason=f"unit {unit!r}",
                    evidence=c.raw,
                )
            else:
                ctx.ok()
            continue
        if unit and unit != "万元":
            ctx.outcome(
                "fail",
                keys=(key,),
                spans=span,
                key=key,
                actual=c.raw.strip(),
                expected="万元",
                reason=f"the cell says {unit} but the header says 万元",
                evidence=c.raw,
            )
        elif c.value is not None and c.value > limit:
            ctx.outcome(
                "fail",
                keys=(key,),
                spans=span,
                key=key,
                actual=c.value,
                expected=f"≤ {limit:g} 万元",
                reason="too large for 万元, probably written in 元",
                evidence=c.raw,
            )
        elif c.value is None:
            ctx.skip()
        else:
            ctx.ok()
