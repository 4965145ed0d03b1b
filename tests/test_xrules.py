"""Corpus rules X101, X102, X103, X201: one must-fire and one must-not-fire corpus fixture each."""

from __future__ import annotations

import hashlib

import pandas as pd
import pytest

from mining.corpus.agencies import agency_keys, normalize_agency
from mining.corpus.rows import report_rows
from mining.corpus.schema import TABLES
from mining.corpus.xrules import check_corpus
from mining.keys import T3_COLUMNS
from mining.model import Document, Health, Meta, Problem, Report, Section, TableCell

# Our own narrative in the genre's style, long enough to be compared (never copied from a real report).
OVERVIEW_A = (
    "本年度我局坚持以公开为常态、不公开为例外，围绕群众关切的医疗服务、疾病预防和健康促进等事项，"
    "在门户网站开设专题栏目，逐条梳理主动公开目录，建立信息发布前的保密审查和法制审核双重把关机制，"
    "全年组织两次业务培训，覆盖各科室信息员，切实提升公开工作的规范化水平。"
)
OVERVIEW_B = (
    "今年以来，县市场监管部门聚焦食品安全抽检、特种设备检验和价格监督检查等群众关心的领域，"
    "通过政务新媒体按月发布抽检结果，并在办事大厅设置电子查阅终端，方便企业和群众就近查询，"
    "同时完善依申请公开登记、审核、答复全流程台账，确保每件申请都在法定期限内办结。"
)
OVERVIEW_C = (
    "我镇结合乡村振兴重点任务，把农村集体资产、惠农补贴发放和村级工程项目作为公开重点，"
    "在各村党群服务中心公示栏定期张贴，镇政府网站同步更新，并邀请村民代表参与监督，"
    "对群众反映的问题建立销号清单，逐项跟踪整改落实情况，推动基层政务公开向村居延伸。"
)
PROBLEMS_A = (
    "部分科室对政务公开工作重视程度不够，信息报送不够及时",
    "政策解读形式比较单一，图解和视频解读数量偏少",
)
PROBLEMS_B = ("网站栏目设置与群众需求还有差距，检索功能有待完善", "信息员均为兼职，业务培训覆盖面不足")


def make_report(
    agency: str, year: int, *, overview: str, problems=(), carried_in=None, carried_out=None
) -> Report:
    head = f"{agency}{year}年政府信息公开工作年度报告\n"
    parts = [head, "一、总体情况\n", overview + "\n", "五、存在的主要问题及改进情况\n"]
    text = "".join(parts)
    o_start = len(head) + len("一、总体情况\n")
    o_end = o_start + len(overview)
    p_start = len(text)
    probs = []
    for p in problems:
        probs.append(Problem(start=len(text), end=len(text) + len(p), text=p))
        text += p + "。\n"
    sections = (
        Section("overview", "一、总体情况", o_start, o_end, len(head)),
        Section("problems", "五、存在的主要问题及改进情况", p_start, len(text), p_start - 15),
    )
    cells = []
    for row, vals in (("carried_in", carried_in), ("carried_out", carried_out)):
        for col, v in (vals or {}).items():
            cells.append(TableCell(key=f"t3.{row}.{col}", value=v, raw="" if v is None else str(v)))
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    doc = Document(path=f"/corpus/{sha[:8]}.txt", format="txt", reader="text", text=text, sha256=sha)
    return Report(
        document=doc,
        meta=Meta(agency=agency, year=year, template="2021"),
        sections=sections,
        cells=tuple(cells),
        problems=tuple(probs),
        health=Health(score=0.9),
    )


def run(reports: list[Report]):
    rows = {t: [] for t in TABLES}
    for r in reports:
        for t, rs in report_rows(r).items():
            rows[t].extend(rs)
    frames = {t: pd.DataFrame(rows[t]) for t in TABLES}
    sigs = frames["signatures"]
    cells = frames["cells"] if len(frames["cells"]) else pd.DataFrame(columns=["report_id", "key", "value"])
    problems = frames["problems"]
    if problems.empty:
        problems = pd.DataFrame(columns=["report_id", "idx", "start", "end", "text"])
    result = check_corpus(frames["reports"], cells, problems, lambda y: sigs[sigs["year"] == y])
    by_code: dict[str, list] = {}
    for rid, f in result.findings:
        by_code.setdefault(f.code, []).append((rid, f))
    return result, by_code


def totals(n: int) -> dict[str, int]:
    return {c: (n if c in ("natural_person", "total") else 0) for c in T3_COLUMNS}


# -- X101 ---------------------------------------------------------------------------------------------
def test_x101_fires_when_carry_over_breaks():
    prev = make_report("东岭县卫生健康局", 2022, overview=OVERVIEW_A, carried_out=totals(3))
    cur = make_report("临江省东岭县卫健局", 2023, overview=OVERVIEW_B, carried_in=totals(5))
    _, found = run([prev, cur])
    ((rid, f),) = found["X101"]
    assert rid == cur.document.sha256 and f.severity == "warning" and f.family == "cross_year"
    assert "t3.carried_in.total" in f.keys and f.expected["total"] == 3 and f.actual["total"] == 5
    assert prev.document.sha256 in f.evidence and f.fingerprint


def test_x101_silent_when_chain_holds_or_cannot_be_checked():
    prev = make_report("东岭县卫生健康局", 2022, overview=OVERVIEW_A, carried_out=totals(3))
    same = make_report("东岭县卫生健康局", 2023, overview=OVERVIEW_B, carried_in=totals(3))
    gap = make_report("东岭县卫生健康局", 2025, overview=OVERVIEW_C, carried_in=totals(9))  # no 2024 report
    other = make_report("西沅县卫生健康局", 2023, overview=OVERVIEW_C, carried_in=totals(7))
    _, found = run([prev, same, gap, other])
    assert "X101" not in found


def test_x101_blank_only_difference_is_info():
    prev = make_report("东岭县卫生健康局", 2022, overview=OVERVIEW_A, carried_out={"total": None})
    cur = make_report("东岭县卫生健康局", 2023, overview=OVERVIEW_B, carried_in={"total": 2})
    _, found = run([prev, cur])
    assert [f.severity for _, f in found["X101"]] == ["info"]


# -- X102 ---------------------------------------------------------------------------------------------
def test_x102_fires_on_a_problem_repeated_from_last_year_and_sets_repeated():
    prev = make_report("东岭县卫生健康局", 2022, overview=OVERVIEW_A, problems=PROBLEMS_A)
    again = (PROBLEMS_A[0].replace("部分科室", "个别科室"), PROBLEMS_B[1])
    cur = make_report("东岭县卫生健康局", 2023, overview=OVERVIEW_B, problems=again)
    result, found = run([prev, cur])
    ((rid, f),) = found["X102"]
    assert rid == cur.document.sha256 and f.severity == "info" and f.actual >= 0.8
    assert f.evidence == PROBLEMS_A[0]
    assert result.repeated_problems == {(cur.document.sha256, 0)}
    assert cur.text[f.spans[0][0] : f.spans[0][1]] == again[0]


def test_x102_silent_for_new_problems_or_another_agency():
    prev = make_report("东岭县卫生健康局", 2022, overview=OVERVIEW_A, problems=PROBLEMS_A)
    cur = make_report("东岭县卫生健康局", 2023, overview=OVERVIEW_B, problems=PROBLEMS_B)
    other = make_report("西沅县民政局", 2023, overview=OVERVIEW_C, problems=PROBLEMS_A)
    result, found = run([prev, cur, other])
    assert "X102" not in found and not result.repeated_problems


# -- X103 ---------------------------------------------------------------------------------------------
def test_x103_fires_when_a_section_is_last_years_with_new_numbers():
    prev = make_report("东岭县卫生健康局", 2022, overview=OVERVIEW_A + "全年发布信息120条。")
    cur = make_report("东岭县卫生健康局", 2023, overview=OVERVIEW_A + "全年发布信息164条。")
    _, found = run([prev, cur])
    ((rid, f),) = found["X103"]
    assert rid == cur.document.sha256 and "overview" in f.evidence and f.actual >= 0.8


def test_x103_silent_for_a_rewritten_section():
    prev = make_report("东岭县卫生健康局", 2022, overview=OVERVIEW_A)
    cur = make_report("东岭县卫生健康局", 2023, overview=OVERVIEW_B)
    _, found = run([prev, cur])
    assert "X103" not in found


# -- X201 ---------------------------------------------------------------------------------------------
def test_x201_fires_on_both_agencies_sharing_a_section():
    a = make_report("东岭县卫生健康局", 2023, overview=OVERVIEW_A)
    b = make_report("西沅县卫生健康局", 2023, overview=OVERVIEW_A.replace("我局", "本局"))
    c = make_report("南屏县民政局", 2023, overview=OVERVIEW_B)
    _, found = run([a, b, c])
    assert {rid for rid, _ in found["X201"]} == {a.document.sha256, b.document.sha256}
    assert all(f.family == "duplication" and f.severity == "info" for _, f in found["X201"])


def test_x201_silent_across_years_and_within_one_agency():
    a = make_report("东岭县卫生健康局", 2023, overview=OVERVIEW_A)
    later = make_report("西沅县卫生健康局", 2024, overview=OVERVIEW_A)
    again = make_report("临江省东岭县卫生健康局", 2023, overview=OVERVIEW_A + "特此报告。")
    _, found = run([a, later, again])
    assert "X201" not in found


# -- agency names -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "raw, canon",
    [
        ("东岭县 卫健委", "东岭县卫生健康委员会"),
        ("东岭县政府", "东岭县人民政府"),
        ("东岭县人民政府办公室", "东岭县人民政府办公室"),
        ("（东岭县）市监局", "东岭县市场监督管理局"),
        ("东岭县文旅局", "东岭县文旅局"),  # ambiguous abbreviation: left alone
    ],
)
def test_normalize_agency(raw, canon):
    assert normalize_agency(raw) == canon


def test_agency_keys_drop_unique_prefixes_only():
    keys = agency_keys(
        [
            "临江省东岭县卫生健康局",
            "东岭县卫生健康局",
            "北湖市朝阳区民政局",
            "南江市朝阳区民政局",
            "甲市经济技术开发区管理委员会",
        ]
    )
    assert keys["临江省东岭县卫生健康局"] == keys["东岭县卫生健康局"] == "东岭县卫生健康局"
    assert keys["北湖市朝阳区民政局"] != keys["南江市朝阳区民政局"]
    assert keys["甲市经济技术开发区管理委员会"] == "甲市经济技术开发区管理委员会"


def test_every_corpus_rule_has_a_must_fire_and_a_must_not_fire_fixture():
    from mining.corpus.xrules import RULES

    names = [n for n in globals() if n.startswith("test_x")]
    for code in RULES:
        assert any(n.startswith(f"test_{code.lower()}_fires") for n in names), code
        assert any(n.startswith(f"test_{code.lower()}_silent") for n in names), code
