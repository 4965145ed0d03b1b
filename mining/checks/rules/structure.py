"""S-rules: the six sections, their numbering, the three tables and the template against the year."""

from __future__ import annotations

from ...model import SECTION_KEYS
from ...normalize import compact
from ..registry import rule

SECTION_TITLES = {
    "overview": "一、总体情况",
    "proactive": "二、主动公开政府信息情况",
    "requests": "三、收到和处理政府信息公开申请情况",
    "review_litigation": "四、政府信息公开行政复议、行政诉讼情况",
    "problems": "五、存在的主要问题及改进情况",
    "other": "六、其他需要报告的事项",
}
TABLES = {
    "t2": ("二", "proactive", ("第二十条", "信息内容", "行政许可", "行政处罚")),
    "t3": ("三", "requests", ("本年新收", "上年结转", "申请人情况", "予以公开")),
    "t4": ("四", "review_litigation", ("结果维持", "尚未审结", "复议后起诉", "直接起诉")),
}


def _six_section_format(ctx) -> bool:
    """Return whether the report is meant to follow the six-section national format (2019 onward)."""
    m = ctx.report.meta
    if m.template == "pre2019":
        return False
    return not (m.year is not None and m.year <= 2018 and m.template is None)


@rule(
    "S101",
    name="missing-section",
    family="structure",
    severity="error",
    message="section {title} cannot be found",
    explanation="""
Since the 2019 format every annual report has six sections in a fixed order: 一、总体情况,
二、主动公开政府信息情况, 三、收到和处理政府信息公开申请情况, 四、…行政复议、行政诉讼情况,
五、存在的主要问题及改进情况 and 六、其他需要报告的事项 (Art. 50 of the 条例 and the national format).
A report that leaves one out is incomplete (defect D3), e.g. a county bureau's report whose preface
promises six parts but skips 四.

Checked once per section; not assessed for pre-2019 reports, which had no fixed structure.

Example that fires: a report that goes from 「三、收到和处理政府信息公开申请情况」 straight to
「五、存在的主要问题及改进情况」 (S101 for section 四).""",
)
def missing_section(ctx) -> None:
    if not _six_section_format(ctx):
        ctx.skip()
        return
    found = {s.key for s in ctx.report.sections}
    for i, key in enumerate(SECTION_KEYS):
        if key in found:
            ctx.ok()
            continue
        # point at where the section should have been: the heading of the next section found
        after = next((k for k in SECTION_KEYS[i + 1 :] if k in found), None)
        span = ctx.heading_span(after) if after else ()
        ctx.outcome("fail", keys=(f"section.{key}",), spans=span, title=SECTION_TITLES[key], evidence=key)


@rule(
    "S102",
    name="irregular-section-numbering",
    family="structure",
    severity="info",
    message="section {title} is numbered irregularly ({numbering!r})",
    explanation="""
The format numbers sections with Chinese numerals followed by 、 (「六、其他需要报告的事项」).
Arabic numerals (「6、」), a missing numeral, or headings out of template order usually mean the text
was assembled from pieces or edited by hand; harmless on its own, but worth a look.

Example that fires: 「6、 其他需要报告的事项」 as the heading of section 六.""",
)
def irregular_numbering(ctx) -> None:
    secs = [s for s in ctx.report.sections if s.key in SECTION_KEYS]
    if not secs:
        ctx.skip()
        return
    secs.sort(key=lambda s: s.start)
    order = [SECTION_KEYS.index(s.key) for s in secs]
    in_order = sorted(order)
    for i, s in enumerate(secs):
        if s.irregular or order[i] != in_order[i]:
            span = ctx.line_span(s.heading_start)
            ctx.outcome(
                "fail",
                keys=(f"section.{s.key}",),
                spans=(span,),
                title=SECTION_TITLES[s.key],
                numbering=s.numbering or "none",
                expected=SECTION_TITLES[s.key].split("、")[0],
                actual=s.numbering or None,
            )
        else:
            ctx.ok()


@rule(
    "S103",
    name="missing-table",
    family="structure",
    severity="error",
    message="table {table} is missing or has no numbers",
    explanation="""
Tables 二 (主动公开), 三 (依申请公开) and 四 (复议诉讼) are mandatory parts of the format, and the
figures an auditor compares across years. A report that omits one, or prints it with every cell empty,
fails the format (defect D3). An organ that received no applications still prints table 三 with 0s.

Not assessed when the section does print the table's labels but no cell could be read: that is a
parsing problem, reported by the health score, not a defect of the report.

Example that fires: section 三 says 「本年度未收到政府信息公开申请。」 and prints no table.""",
)
def missing_table(ctx) -> None:
    if not _six_section_format(ctx):
        ctx.skip()
        return
    for prefix, (numeral, section, labels) in TABLES.items():
        cells = [c for c in ctx.report.cells if c.key.startswith(prefix + ".")]
        if any(c.value is not None or c.placeholder == "na" for c in cells):
            ctx.ok()
            continue
        if cells and all(c.placeholder in ("blank", "dash") for c in cells):
            # printed with every cell blank: many organs leave zeros blank, so only the blanks make it fail
            ctx.outcome(
                "uncertain",
                keys=(prefix,),
                spans=ctx.heading_span(section),
                table=numeral,
                expected="printed numbers",
                actual=f"{len(cells)} blank cells",
                evidence=f"{prefix}:{len(cells)}:blank",
            )
            continue
        span = ctx.section_span(section)
        where = compact(ctx.report.text[span[0] : span[1]]) if span else ""
        if not cells and sum(lbl in where for lbl in labels) >= 2:
            ctx.skip()  # printed but unread: the table parser's failure, not the report's
            continue
        ctx.outcome(
            "fail",
            keys=(prefix,),
            spans=ctx.heading_span(section),
            table=numeral,
            expected="printed numbers",
            actual=f"{len(cells)} cells, none numeric" if cells else "no table",
            evidence=f"{prefix}:{len(cells)}",
        )


def expected_template(year: int | None) -> str | None:
    """Return the template a report of `year` must use (domain.md §4.3), or None for no year."""
    if year is None:
        return None
    return "pre2019" if year <= 2018 else ("2019" if year <= 2020 else "2021")


@rule(
    "S104",
    name="template-year-mismatch",
    family="structure",
    severity="warning",
    message="the tables follow the {actual} template but a {year} report must use the {expected} one",
    explanation="""
The template is decided from the tables' own labels, never from the year: 2021 table 二 has
本年制发件数/本年废止件数/现行有效件数 and 本年收费金额; the 2019 试行 table 二 has
本年新制作数量/本年新公开数量/对外公开总数量, 上一年项目数量/本年增/减 and 政府集中采购. Report years
2019–2020 use the 2019 format, 2021 onward the 2021 format (国办公开办函〔2021〕30号). A 2024 report
printing the 2019 table 二 copied last format's template; its table 二 figures mean different things.

Example that fires: a 2024 report whose table 二 has the columns 上一年项目数量 and 本年增/减.""",
)
def template_mismatch(ctx) -> None:
    m = ctx.report.meta
    want = expected_template(m.year)
    if want is None or m.template is None:
        ctx.skip()
        return
    if m.template == want:
        ctx.ok()
        return
    ctx.outcome(
        "fail",
        keys=("meta.template",),
        spans=ctx.heading_span("proactive"),
        year=m.year,
        expected=want,
        actual=m.template,
        evidence=f"{m.year}:{m.template}",
    )
