"""Metadata of the X-rules: they compare reports across years or agencies and run in ``xxgk mine``."""

from __future__ import annotations

from ..registry import corpus_rule

corpus_rule(
    "X101",
    name="carry-over-discontinuity",
    family="cross_year",
    severity="warning",
    message="上年结转 {actual} ≠ last year's 结转下年度继续办理 {expected}",
    explanation="""
What one year carries forward (table 三 四、结转下年度继续办理) is what the next year carries in
(二、上年结转): domain.md R3.6, compared column by column for the same agency, total first.
Legitimate breaks: 机构改革, the first year of the 2019 format, corrections. Needs the agency's
previous report, so it runs in ``xxgk mine``.

Example that fires: 2023 结转下年度 总计 3 and 2024 上年结转 总计 0 for the same bureau.""",
)
corpus_rule(
    "X102",
    name="repeated-problem",
    family="cross_year",
    severity="info",
    message="a problem repeats one listed last year: 「{problem}」",
    explanation="""
A problem of section 五 that repeats, near-verbatim and with the same category, one the same agency
listed the year before (flag F_REPEAT, cosine ≥ 0.8) suggests the problem was copied rather than
addressed (defect D7). Runs in ``xxgk mine``.

Example that fires: 「政务公开工作人员多为兼职，业务能力有待提升」 in both the 2023 and 2024 reports.""",
)
corpus_rule(
    "X103",
    name="section-copied-from-last-year",
    family="cross_year",
    severity="info",
    message="section {section} is a near-duplicate of the agency's previous report",
    explanation="""
A section nearly identical to the same section of the agency's previous report (CASS found reports
repeating up to 90% of the year before) reads as 照搬照抄 (defect D6). Runs in ``xxgk mine`` over the
agency's years.

Example that fires: section 一 of 2024 matching section 一 of 2023 except for the year.""",
)
corpus_rule(
    "X201",
    name="section-copied-from-another-agency",
    family="duplication",
    severity="info",
    message="section {section} is a near-duplicate of {other}'s report of the same year",
    explanation="""
A section nearly identical to another agency's report of the same year (內容雷同, named in the 30号
accountability clause) suggests cross-agency copying. Runs in ``xxgk mine`` with MinHash over the
year's corpus.

Example that fires: section 五 of two county bureaus differing only in the agency name.""",
)
