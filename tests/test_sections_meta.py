"""Sections and meta on the seeds (values read by hand into ../shared/eval/gold) and on fragments."""

from __future__ import annotations

import pytest

from mining.meta import classify_body, find_publish_date
from mining.model import SECTION_KEYS, Document
from mining.pipeline import analyze, analyze_document
from mining.sections import segment_sections

from .conftest import gold_for, seed_paths


@pytest.mark.parametrize("path", seed_paths(), ids=lambda p: p.stem[:3])
def test_seed_meta_and_sections(path):
    gold = gold_for(path)
    report = analyze(path, run_checks=False)
    agencies = [gold["meta"]["agency"], *gold["meta"].get("agency_alt", [])]
    assert report.meta.agency in agencies
    assert report.meta.year == gold["meta"]["year"]
    assert report.meta.publish_date == gold["meta"]["publish_date"]
    assert report.meta.template == gold["meta"]["template"]
    assert [s.key for s in report.sections if s.key != "preamble"] == gold["sections"]


def _doc(text: str) -> Document:
    return Document(path="<fragment>", format="txt", reader="text", text=text)


def test_heading_variants_and_irregular_numbering():
    text = (
        "某市某局2023年政府信息公开工作年度报告\n"
        "# 一、总体情况\n本年度工作。\n一是加强领导。二是完善制度。\n"
        "**二、主动公开政府信息情况**\n表格\n"
        "三 收到和处理政府信息公开申请情况\n表格\n"
        "四、因政府信息公开工作被申请行政复议、\n提起行政诉讼情况\n表格\n"
        "五、存在问题及改进情况\n(一)存在的主要问题\n问题。\n(二)改进情况\n措施。\n"
        "6、其他需要报告的事项\n无。\n"
    )
    secs = {s.key: s for s in segment_sections(text)}
    assert list(secs) == ["preamble", *SECTION_KEYS]
    assert secs["other"].irregular and secs["other"].numbering == "6"
    assert not secs["overview"].irregular
    assert text[secs["review_litigation"].start :].startswith("表格")
    assert "(一)存在的主要问题" in text[secs["problems"].start : secs["problems"].end]


def test_list_items_are_not_headings():
    text = "一、总体情况\n一是主动公开情况良好。\n二、主动公开政府信息情况\n内容\n"
    keys = [s.key for s in segment_sections(text)]
    assert keys == ["overview", "proactive"]


def test_table_of_contents_does_not_win():
    toc = "目录\n一、总体情况\n二、主动公开政府信息情况\n"
    body = "一、总体情况\n正文很长的一段内容。\n二、主动公开政府信息情况\n表格内容\n"
    secs = segment_sections(toc + body)
    overview = next(s for s in secs if s.key == "overview")
    assert overview.heading_start >= len(toc)


def test_publish_date_only_from_signature_or_label():
    assert find_publish_date("正文 2024年9月20日 开展活动。\n某局\n2025年1月8日") == "2025-01-08"
    assert find_publish_date("正文于2024年9月20日开展活动。\n某局") is None
    assert find_publish_date("发布日期：2025-01-20\n正文") == "2025-01-20"
    assert find_publish_date("某局\n二〇二五年一月十日") == "2025-01-10"


def test_body_kind():
    assert classify_body("某某市人民政府") == "government"
    assert classify_body("某某县卫生健康局") == "department"
    assert classify_body("某某镇人民政府") == "township"


def test_meta_year_in_chinese_numerals_and_split_title():
    doc = _doc("某某县统计局\n二〇二三年政府信息公开工作\n年度报告\n一、总体情况\n内容")
    report = analyze_document(doc, run_checks=False)
    assert report.meta.agency == "某某县统计局"
    assert report.meta.year == 2023


def test_failing_stage_is_recorded_not_fatal(monkeypatch):
    from mining import claims

    def boom(*args, **kwargs):
        raise RuntimeError("broken on purpose")

    monkeypatch.setattr(claims, "extract_claims", boom)
    report = analyze_document(_doc("某局2023年政府信息公开工作年度报告\n一、总体情况\n内容"), strict=False)
    assert any("stage claims failed" in r for r in report.health.reasons)
    with pytest.raises(RuntimeError):
        analyze_document(_doc("一、总体情况\n内容"), strict=True)


@pytest.mark.parametrize(
    "head, agency, year",
    [
        ("某某市统计局关于2022年度政府信息公开工作的年度报告", "某某市统计局", 2022),
        ("某某区人民政府2023年度政府信息公开工作报告", "某某区人民政府", 2023),
        ("某某县教育局2021年政务信息公开年度报告（文字版）", "某某县教育局", 2021),
        ("某某县教育局政府信息公开工作年度报告（2021年度）", "某某县教育局", 2021),
        ("某某县教育局\n政府信息公开工作年度报告\n（2021年）", "某某县教育局", 2021),
        ("2021年度某某县教育局政府信息公开工作年度报告", "某某县教育局", 2021),
        ("2021年度政府信息公开工作年度报告", None, 2021),
    ],
)
def test_title_variants(head, agency, year):
    report = analyze_document(_doc(head + "\n一、总体情况\n内容"), run_checks=False)
    assert (report.meta.agency, report.meta.year) == (agency, year)


def test_agency_from_signature_when_title_has_none():
    text = "2023年政府信息公开工作年度报告\n一、总体情况\n内容。\n六、其他需要报告的事项\n无。\n某某县水利局\n2024年1月20日"
    report = analyze_document(_doc(text), run_checks=False)
    assert report.meta.agency == "某某县水利局"
    assert report.meta.publish_date == "2024-01-20"
    assert report.meta.body_kind == "department"


def test_a_year_is_not_a_section_number():
    text = (
        "2020年政府信息公开工作年度报告\n本报告由总体情况、主动公开政府信息情况等部分组成。\n"
        "二、主动公开政府信息情况\n表格\n三、收到和处理政府信息公开申请情况\n表格\n"
    )
    keys = [s.key for s in segment_sections(text)]
    assert "overview" not in keys
    assert keys[-2:] == ["proactive", "requests"]


def test_metadata_lines_above_the_title_are_not_the_agency():
    text = (
        "索引号：000000000/2024-00031\n发布机构：某某县交通运输局\n发布日期：2024-01-25\n\n"
        "某某县交通运输局\n2023年政府信息公开工作年度报告\n一、总体情况\n内容。\n"
    )
    report = analyze_document(_doc(text), run_checks=False)
    assert report.meta.agency == "某某县交通运输局"
    assert (report.meta.year, report.meta.publish_date) == (2023, "2024-01-25")


def test_agency_from_the_header_field_when_no_title_names_it():
    text = "发布机构：某某市林业局\n发文日期：2024.01.18\n\n一、总体情况\n2023年，我局认真落实条例。\n"
    report = analyze_document(_doc(text), run_checks=False)
    assert report.meta.agency == "某某市林业局"
    assert report.meta.publish_date == "2024-01-18"


def test_title_cited_in_a_preface_sentence_gives_no_verb_in_the_agency():
    text = (
        "根据《中华人民共和国政府信息公开条例》要求，现发布《某某区民政局 2023 年政府信息公开工作年度报告》，"
        "本报告统计数据从 2023 年 1 月 1 日至 12 月 31 日。\n一、总体情况\n内容。\n"
    )
    report = analyze_document(_doc(text), run_checks=False)
    assert (report.meta.agency, report.meta.year) == ("某某区民政局", 2023)


@pytest.mark.parametrize(
    "body, year",
    [
        ("本报告所列数据统计期限自2022年1月1日起至2022年12月31日止。\n一、总体情况\n内容。", 2022),
        ("一、总体情况\n截至2022年12月31日，累计公开信息300条。", 2022),
        ("一、总体情况\n2022年，我局认真落实条例。\n（一）主动公开\n2022年全年公开信息30条。", 2022),
        ("一、总体情况\n我局认真落实条例。\n六、其他需要报告的事项\n无。\n某某县水利局\n2023年1月20日", 2022),
        ("一、总体情况\n我局认真落实条例。", None),
    ],
)
def test_report_year_without_a_title(body, year):
    report = analyze_document(_doc(body), run_checks=False)
    assert report.meta.year == year


@pytest.mark.parametrize(
    "signature",
    [
        "某某县水利局　　2024年1月20日",
        "某某县水利局（盖章）\n2024年1月20日",
        "2024年1月20日\n某某县水利局",
        "某某县水利局\n\n2024-01-20\n（此件公开发布）",
    ],
)
def test_signature_layouts(signature):
    text = "一、总体情况\n2023年，我局认真落实条例。\n六、其他需要报告的事项\n无。\n" + signature
    report = analyze_document(_doc(text), run_checks=False)
    assert (report.meta.agency, report.meta.publish_date) == ("某某县水利局", "2024-01-20")


def test_a_sentence_ending_with_a_date_is_no_signature():
    text = "一、总体情况\n内容。\n六、其他需要报告的事项\n本机关门户网站已于2024年1月20日"
    assert find_publish_date(text) is None


def test_an_undated_signature_names_the_agency():
    text = (
        "2023年政府信息公开工作年度报告\n一、总体情况\n内容。\n六、其他需要报告的事项\n无。\n某某县水利局\n"
    )
    report = analyze_document(_doc(text), run_checks=False)
    assert (report.meta.agency, report.meta.publish_date) == ("某某县水利局", None)
    closing = (
        "2023年政府信息公开工作年度报告\n一、总体情况\n内容。\n六、其他需要报告的事项\n无其他需要报告的事项\n"
    )
    assert analyze_document(_doc(closing), run_checks=False).meta.agency is None


@pytest.mark.parametrize(
    "head",
    [
        "依申请公开 当前位置：首页 > 政务公开 > 政府信息公开年报 某某县林业局2023年政府信息公开工作年度报告",
        "您的位置:首页 » 信息公开 » 年度报告 | 某某县林业局2023年政府信息公开工作年度报告",
    ],
)
def test_a_breadcrumb_run_into_the_title_is_not_part_of_the_agency(head):
    report = analyze_document(_doc(head + "\n一、总体情况\n我局认真落实条例。\n"), run_checks=False)
    assert (report.meta.agency, report.meta.year) == ("某某县林业局", 2023)
    assert report.meta.title == "某某县林业局2023年政府信息公开工作年度报告"


def test_a_heading_numbered_beyond_ten_is_read_not_a_crash():
    text = "某县统计局2023年政府信息公开工作年度报告\n一、总体情况\n今年我局做了很多工作。\n十一、其他需要报告的事项\n无。\n"
    secs = {s.key: s for s in segment_sections(text)}
    assert secs["other"].numbering == "十一" and secs["other"].irregular
