"""L-rules: what the 条例 and the national format require of every report (deadline, fee, section 五)."""

from __future__ import annotations

import re
from datetime import date

from ...normalize import compact
from ..registry import rule

_FEE = re.compile(
    r"信息处理费|处理费|(?:收取|收费|缴纳)[^。；]{0,12}费用|信息公开[^。；]{0,8}(?:收费|费用)|收费(?:和|及)减免"
)
_EMPTY_FIVE = re.compile(r"^(?:无|暂无|没有|无\.|无。|暂无问题|本年度无)[。.]?$")
_MEASURE = re.compile(
    r"下一步|今后|改进|措施|整改|针对|将进一步|将继续|将加强|将持续|将不断|将(?:着力|切实|积极|严格|坚持|深入|全面|认真)|"
    r"计划|拟|努力|不断(?:完善|加强|提升)|进一步(?:加强|完善|提升|规范|加大|健全|提高|拓展|丰富)"
)
_MARKUP = re.compile(r"[#*_>\-\s]")


@rule(
    "L101",
    name="published-after-deadline",
    family="compliance",
    severity="warning",
    message="published {actual}, after the {kind} deadline {expected}",
    explanation="""
Art. 49 of the 条例: 县级以上人民政府部门 publish last year's report by 31 January; the 主管部门
publishes the 本级政府 report by 31 March. Townships and other bodies have no statutory date; provinces
set local ones, so they fall back to 31 January at info severity. Deadlines per body kind are
configurable (`[tool.xxgk.deadlines]`, e.g. ``township = "02-20"``). The body kind comes from the
agency name (meta.body_kind); the date from the signature or a 发布日期 field.

Example that fires: a 卫生健康局 report of 2024 dated 2025年2月15日.""",
)
def deadline(ctx) -> None:
    m = ctx.report.meta
    if not m.publish_date or m.year is None:
        ctx.skip()
        return
    try:
        published = date.fromisoformat(m.publish_date)
    except ValueError:
        ctx.skip()
        return
    kind = m.body_kind if m.body_kind in ctx.config.deadlines else "department"
    month, day = (int(x) for x in ctx.config.deadlines[kind].split("-"))
    due = date(m.year + 1, month, day)
    statutory = m.body_kind in ("department", "government")
    if published <= due:
        ctx.ok()
        return
    ctx.outcome(
        "fail",
        keys=("meta.publish_date",),
        spans=_date_span(ctx),
        expected=due.isoformat(),
        actual=published.isoformat(),
        kind=m.body_kind or "default",
        severity=None if statutory else ctx.config.fallback_deadline_severity,
        evidence=f"{m.body_kind}:{published.isoformat()}",
    )


@rule(
    "L102",
    name="no-fee-statement",
    family="compliance",
    severity="warning",
    message="section 六 does not state the information-processing fee (信息处理费) of {year}",
    explanation="""
Since the 信息处理费 measures (国办函〔2020〕109号) apply from 2021, section 六 of every report of 2021 or
later (and of any report on the 2021 template) states whether a 信息处理费 was collected and how much,
even when none was: 「本年度未收取信息处理费」 (domain.md §1.4). 「无其他需要报告的事项」 alone omits it.
The 行政事业性收费 of table 二 is a different thing and does not count.

Example that fires: a 2024 report whose section 六 reads only 「无其他报告事项。」""",
)
def fee_statement(ctx) -> None:
    m = ctx.report.meta
    due = (m.year is not None and m.year >= 2021) or (m.year is None and m.template == "2021")
    six = ctx.report.section("other")
    if not due or six is None:
        ctx.skip()
        return
    body = ctx.report.text[six.start : six.end]
    if _FEE.search(compact(body)):
        ctx.ok()
        return
    ctx.outcome(
        "fail",
        keys=("section.other",),
        spans=(ctx.line_span(six.heading_start, six.end),),
        year=m.year,
        expected="信息处理费",
        actual=None,
        evidence=ctx.quote((six.start, six.end), limit=120),
    )


def five_flags(ctx) -> tuple[tuple[str, ...], str]:
    """Return section 五's quality flags and their source (``problems`` stage or this rule's fallback)."""
    r = ctx.report
    if r.section_flags or r.problems or r.improvements:
        return tuple(r.section_flags), "problems"
    five = r.section("problems")
    if five is None:
        return (), "none"
    body = _MARKUP.sub("", r.text[five.start : five.end])
    if len(body) < 30 or _EMPTY_FIVE.match(body):
        return ("empty",), "fallback"
    if not _MEASURE.search(body):
        return ("no_measures",), "fallback"
    return (), "fallback"


_FLAG_TEXT = {
    "empty": "is empty",
    "generic": "lists only generic problems",
    "no_measures": "lists problems without improvement measures",
}


@rule(
    "L103",
    name="weak-problems-section",
    family="compliance",
    severity="warning",
    message="section 五 {what}",
    explanation="""
Art. 50 requires 「存在的主要问题及改进情况」: problems and how they are addressed. Third-party assessors
(CASS) score the self-analysis; an empty section (「无」, under about 30 characters), stock phrases
only (「仍有提升空间」 with no object), or problems with no matching improvement measure (defect D7:
no measure at all, or measures none of which addresses a listed problem) fail it.
The flags come from the problems stage (`section_flags`); when that stage gave none, the rule checks
emptiness and the presence of measure cues (下一步, 改进, 将进一步…) itself.

Example that fires: section 五 reading 「无。」""",
)
def weak_five(ctx) -> None:
    flags, source = five_flags(ctx)
    if source == "none":
        ctx.skip()
        return
    five = ctx.report.section("problems")
    bad = [f for f in flags if f in _FLAG_TEXT]
    if not bad:
        ctx.ok()
        return
    n_measures = len(ctx.report.improvements)
    for f in bad:
        what = _FLAG_TEXT[f]
        if f == "no_measures" and n_measures:
            # measures are listed, but the problems stage tied none of them to a listed problem
            what = f"lists problems, but none of its {n_measures} measure(s) addresses any of them"
        ctx.outcome(
            "fail",
            keys=(f"section.problems.{f}",),
            spans=(ctx.line_span(five.heading_start),),
            expected="problems and measures",
            actual=f,
            what=what,
            evidence=f,
        )


def _date_span(ctx) -> tuple[tuple[int, int], ...]:
    """Return the span of the signature line holding the publication year, when it can be found."""
    text = ctx.report.text
    year = ctx.report.meta.publish_date[:4]
    i = text.rfind(year)
    return (ctx.line_span(i),) if i >= 0 else ()
