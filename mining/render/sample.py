"""A synthetic report, built record by record, for the audit page's tests, screenshot and benchmark.

The text is written for this project in the genre's style (no real report is quoted). It carries a
known set of defects so a page drawn from it has something to show: a row total that is off, two
narrative numbers that differ from the table, a whole that is not the sum of its parts, a late
publication, a stale year and an irregular heading. ``hostile=True`` salts every text field with
markup that must render as text; ``scale`` repeats the overview to make a large report.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from ..keys import T3_APPLICANT_COLUMNS, T3_COLUMNS, expected_keys, t3_rows
from ..model import Claim, Document, Finding, Health, Improvement, Meta, Problem, Report, TableCell
from ..sections import segment_sections
from .labels import T3_ROW_LABELS

HOSTILE_MARKUP = (
    '<script>window.__xxgk_pwned=1</script><img src=x onerror="window.__xxgk_pwned=2">'
    '"><svg onload="window.__xxgk_pwned=3">'
)
"""Markup a hostile report carries; every payload sets ``window.__xxgk_pwned`` if it ever runs."""


@dataclass
class _Builder:
    parts: list[str] = field(default_factory=list)
    pos: int = 0
    marks: dict[str, tuple[int, int]] = field(default_factory=dict)
    claims: list[dict] = field(default_factory=list)

    def add(self, text: str) -> tuple[int, int]:
        start = self.pos
        self.parts.append(text)
        self.pos += len(text)
        return start, self.pos

    def mark(self, name: str, text: str) -> tuple[int, int]:
        span = self.add(text)
        self.marks[name] = span
        return span

    def claim(
        self, text: str, value: float, key: str | None, unit: str | None = "件", **kw
    ) -> tuple[int, int]:
        span = self.add(text)
        self.claims.append({"span": span, "text": text, "value": value, "field": key, "unit": unit, **kw})
        return span

    @property
    def text(self) -> str:
        return "".join(self.parts)


def _t3_values() -> dict[str, int]:
    """Return table 三 of the sample: consistent except row 一, whose 总计 is one too high (T301)."""
    rows: dict[str, tuple[int, ...]] = {
        "new": (20, 4, 0, 1, 0, 1),
        "carried_in": (2, 0, 0, 0, 0, 0),
        "disclosed": (12, 2, 0, 1, 0, 0),
        "partial": (3, 1, 0, 0, 0, 0),
        "withheld.third_party": (1, 0, 0, 0, 0, 0),
        "withheld.process": (1, 0, 0, 0, 0, 0),
        "unavailable.not_held": (2, 1, 0, 0, 0, 0),
        "not_processed.duplicate": (1, 0, 0, 0, 0, 0),
        "other.other": (1, 0, 0, 0, 0, 0),
        "carried_out": (1, 0, 0, 0, 0, 1),
    }
    values: dict[str, int] = {}
    for row in t3_rows("2021"):
        counts = rows.get(row, (0,) * 6)
        for col, v in zip(T3_APPLICANT_COLUMNS, counts, strict=True):
            values[f"t3.{row}.{col}"] = v
        values[f"t3.{row}.total"] = sum(counts)
    result_rows = [r for r in t3_rows("2021")[2:-2]]
    for col in T3_COLUMNS:
        values[f"t3.total.{col}"] = sum(values[f"t3.{r}.{col}"] for r in result_rows)
    values["t3.new.total"] = 27  # printed one too high: 20 + 4 + 0 + 1 + 0 + 1 = 26
    return values


def sample_report(*, hostile: bool = False, scale: int = 1) -> Report:
    """Return a synthetic 2023 department report with cells, claims, problems and findings."""
    x = HOSTILE_MARKUP if hostile else ""
    agency = f"临川市示范区卫生健康局{x}"
    b = _Builder()
    b.add(f"{agency}2023年政府信息公开工作年度报告\n\n")
    b.add("本报告按照条例要求编制，数据统计期限为2023年1月1日至12月31日。\n")
    b.add("一、总体情况\n")
    for rep in range(max(1, scale)):
        lead = "2023年" if rep == 0 else f"第{rep + 1}季度，"
        b.add(f"{lead}本局围绕群众关切推进公开工作。全年通过门户网站和新媒体")
        b.claim("共发布信息470条", 470, None, "条")
        b.add("，其中门户网站")
        b.claim("375条", 375, None, "条")
        b.add("、微信公众号")
        b.claim("86篇", 86, None, "篇")
        b.add(f"。{x}\n")
    b.add("（一）依申请公开。全年")
    b.claim("新收政府信息公开申请27件", 27, "t3.new.total")
    b.add("，")
    b.claim("上年结转2件", 2, "t3.carried_in.total")
    b.add("，")
    b.claim("办结26件", 26, "t3.total.total")
    b.add("，")
    b.claim("结转下年度办理2件", 2, "t3.carried_out.total")
    b.add("。\n（二）复议诉讼。本年度")
    b.mark("review_sentence", "因政府信息公开被申请行政复议")
    b.claim("2件", 2, "t4.review.total")
    b.add("，")
    b.claim("未发生行政诉讼", 0, "t4.suit.total", None, negative=True)
    b.add("。\n")
    b.mark("stale_year", "2022年度，本局召开专题会议3次研究公开工作。")
    b.add("\n二、主动公开政府信息情况\n")
    b.add("本年")
    b.claim("制发行政规范性文件4件", 4, "t2.normative.issued")
    b.add("，作出")
    b.mark("licensing_sentence", "行政许可决定")
    b.claim("1386件", 1386, "t2.licensing.decisions")
    b.add("、")
    b.claim("行政处罚决定52件", 52, "t2.penalty.decisions")
    b.add("，")
    b.claim(
        "收费金额约0.8万元", 0.8, "t2.fee.amount", "万元", approx="约", low=0.7, high=0.9, value_yuan=8000
    )
    b.add("。\n")
    t2_lines = [
        "信息内容\t本年制发件数\t本年废止件数\t现行有效件数",
        "规章\t/\t/\t/",
        "行政规范性文件\t4\t1\t23",
        "信息内容\t本年处理决定数量",
        "行政许可\t1368",
        "行政处罚\t52",
        "行政强制\t6",
        "信息内容\t本年收费金额（单位：万元）",
        "行政事业性收费\t0.8",
    ]
    b.add("\n".join(t2_lines) + "\n")
    b.add("三、收到和处理政府信息公开申请情况\n")
    t3 = _t3_values()
    lines = ["申请人情况（一＋二＝三＋四）\t" + "\t".join(T3_COLUMNS)]
    for row in t3_rows("2021"):
        label = T3_ROW_LABELS.get(row, row)
        lines.append(label + "\t" + "\t".join(str(t3[f"t3.{row}.{c}"]) for c in T3_COLUMNS))
    b.add("\n".join(lines) + "\n")
    b.add("从办理结果看，")
    b.claim("予以公开15件", 15, "t3.disclosed.total")
    b.add("，")
    b.claim("部分公开4件", 4, "t3.partial.total")
    b.add("，")
    b.claim("不予公开2件", 2, "t3.withheld.total")
    b.add("，")
    b.claim("无法提供3件", 3, "t3.unavailable.total")
    b.add("；")
    b.claim("自然人提出申请20件", 20, "t3.new.natural_person")
    b.add(f"，公开答复率约{x}")
    b.claim("73%", 73, "t3.granted.total", "%")
    b.add("。\n")
    b.add("四、政府信息公开行政复议、行政诉讼情况\n")
    b.add("行政复议\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n")
    b.add("行政复议\t1\t0\t0\t0\t1\n")
    b.add("五、存在的主要问题及改进情况\n（一）存在的主要问题\n")
    problems_text = [
        "一是个别科室对主动公开的重视程度不够，发布信息的主动性还需增强；",
        f"二是信息公开工作由兼职人员承担，业务培训偏少；{x}",
        "三是部分栏目内容更新不够及时，存在信息滞后现象。",
    ]
    problem_spans = [b.mark(f"problem{i}", t) for i, t in enumerate(problems_text)]
    b.add("\n（二）改进情况\n")
    measures_text = [
        "一是把公开工作纳入科室年度考核，压实责任；",
        "二是每季度组织一次业务培训，提升经办人员能力；",
        "三是建立栏目巡检制度，每月检查更新情况。",
    ]
    measure_spans = [b.mark(f"measure{i}", t) for i, t in enumerate(measures_text)]
    b.add("\n6、其他需要报告的事项\n本年度未收取信息处理费。\n\n")
    b.add(f"{agency}\n")
    b.mark("date_line", "2024年2月6日")
    b.add("\n")

    text = b.text
    sections = segment_sections(text)

    def section_of(pos: int) -> str:
        hit = [s for s in sections if s.heading_start <= pos < s.end]
        return hit[-1].key if hit else "preamble"

    claims = tuple(
        Claim(
            start=c["span"][0],
            end=c["span"][1],
            text=text[c["span"][0] : c["span"][1]],
            value=float(c["value"]),
            unit=c["unit"],
            approx=c.get("approx"),
            section=section_of(c["span"][0]),
            field=c["field"],
            low=float(c.get("low", c["value"])),
            high=float(c.get("high", c["value"])),
            value_yuan=c.get("value_yuan"),
            negative=bool(c.get("negative", False)),
        )
        for c in b.claims
    )

    values: dict[str, float | int | None] = dict(t3)
    values.update(
        {
            "t2.regulation.issued": None,
            "t2.regulation.repealed": None,
            "t2.regulation.in_force": None,
            "t2.normative.issued": 4,
            "t2.normative.repealed": 1,
            "t2.normative.in_force": 23,
            "t2.licensing.decisions": 1368,
            "t2.penalty.decisions": 52,
            "t2.coercion.decisions": 6,
            "t2.fee.amount": 0.8,
            "t4.review.upheld": 1,
            "t4.review.total": 1,
        }
    )
    cells = []
    for key in expected_keys("2021"):
        v = values.get(key, 0)
        raw = "/" if v is None else str(v)
        if hostile and key == "t4.review.pending":
            raw = "<b>0</b>"
        cells.append(
            TableCell(key=key, value=v, raw=raw, source="text", placeholder="na" if v is None else None)
        )

    def claim_span(key: str) -> tuple[int, int]:
        c = next(c for c in claims if c.field == key)
        return (c.start, c.end)

    new_row = [f"t3.new.{c}" for c in T3_COLUMNS]
    findings = (
        Finding(
            code="T301",
            family="table_arithmetic",
            severity="error",
            message=f"table 三 row 一: 总计 27 ≠ sum of the applicant columns 26{x}",
            keys=("t3.new.total", *new_row[:-1]),
            expected=26,
            actual=27,
            fingerprint="sample-t301",
        ),
        Finding(
            code="T303",
            family="table_arithmetic",
            severity="error",
            message="table 三 column 总计: 一 + 二 = 29 but 三（七）+ 四 = 28",
            keys=("t3.total.total", "t3.new.total", "t3.carried_in.total", "t3.carried_out.total"),
            expected=28,
            actual=29,
            fingerprint="sample-t303",
        ),
        Finding(
            code="N101",
            family="narrative_table",
            severity="error",
            message="narrative says 1386 行政许可 decisions, table 二 says 1368",
            keys=("t2.licensing.decisions",),
            spans=(b.marks["licensing_sentence"][0:1] + (claim_span("t2.licensing.decisions")[1],),),
            expected=1368,
            actual=1386,
            fingerprint="sample-n101-a",
        ),
        Finding(
            code="N101",
            family="narrative_table",
            severity="error",
            message="narrative says 2 行政复议 cases, table 四 says 1",
            keys=("t4.review.total",),
            spans=(claim_span("t4.review.total"),),
            expected=1,
            actual=2,
            fingerprint="sample-n101-b",
        ),
        Finding(
            code="A101",
            family="narrative_arithmetic",
            severity="warning",
            message="共发布信息470条 but the parts listed with it add up to 461",
            spans=(
                (
                    next(c.start for c in claims if c.text == "共发布信息470条"),
                    next(c.end for c in claims if c.text == "86篇"),
                ),
            ),
            expected=461,
            actual=470,
            fingerprint="sample-a101",
        ),
        Finding(
            code="L101",
            family="compliance",
            severity="warning",
            message="published 2024-02-06, after the department deadline 2024-01-31",
            keys=("meta.publish_date",),
            spans=(b.marks["date_line"],),
            expected="2024-01-31",
            actual="2024-02-06",
            fingerprint="sample-l101",
        ),
        Finding(
            code="C103",
            family="contamination",
            severity="warning",
            message="2022年 is written as the current year of a 2023 report",
            keys=("meta.year",),
            spans=(b.marks["stale_year"],),
            expected=2023,
            actual=2022,
            fingerprint="sample-c103",
        ),
        Finding(
            code="S102",
            family="structure",
            severity="info",
            message="section 六 is numbered 「6、」 instead of 「六、」",
            keys=("section.other",),
            spans=tuple((s.heading_start, s.start - 1) for s in sections if s.key == "other"),
            fingerprint="sample-s102",
        ),
    )
    problems = tuple(
        Problem(start=a, end=e, text=text[a:e], labels=labels, scores=scores)
        for (a, e), labels, scores in zip(
            problem_spans,
            [("awareness",), ("staff_capacity",), ("timeliness", "platform")],
            [
                {"awareness": 0.91, "mechanisms": 0.22, "content_depth": 0.12},
                {"staff_capacity": 0.95, "mechanisms": 0.08},
                {"timeliness": 0.84, "platform": 0.57, "content_depth": 0.2},
            ],
            strict=True,
        )
    )
    improvements = tuple(
        Improvement(start=a, end=e, text=text[a:e], addresses=addr)
        for (a, e), addr in zip(measure_spans, [(0,), (1,), (2,)], strict=True)
    )
    verdicts = {f.code: "fail" for f in findings}
    verdicts.update({"T302": "pass", "T303": "pass", "T401": "pass", "L102": "pass", "L103": "pass"})
    data = text.encode("utf-8")
    return Report(
        document=Document(
            path=f"synthetic/linchuan-2023{x}.txt",
            format="txt",
            reader="text",
            text=text,
            encoding="utf-8",
            sha256=hashlib.sha256(data).hexdigest(),
        ),
        meta=Meta(
            agency=agency,
            year=2023,
            publish_date="2024-02-06",
            template="2021",
            body_kind="department",
            title=f"{agency}2023年政府信息公开工作年度报告",
        ),
        sections=sections,
        cells=tuple(cells),
        claims=claims,
        problems=problems,
        improvements=improvements,
        findings=findings,
        verdicts=verdicts,
        health=Health(score=0.97, sections_found=len(sections)),
    )
