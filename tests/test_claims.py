"""Claims: numeral conversion, traps that are not claims, hedges and intervals, negatives, field links."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from mining.claims import (
    claim_allows,
    extract_claims,
    load_pipeline,
    narrative_lines,
    parse_chinese_number,
    parse_chinese_range,
)
from mining.model import Claim, Document, Grid, Meta, Report, TableCell
from mining.normalize import normalize_text
from mining.sections import segment_sections

from .conftest import ROOT, gold_for


def claims_of(text: str, template: str | None = None) -> tuple[Claim, ...]:
    text = normalize_text(text)
    return extract_claims(text, (), template=template, nlp=load_pipeline())


def one(text: str, template: str | None = None) -> Claim:
    found = claims_of(text, template)
    assert len(found) == 1, [c.text for c in found]
    return found[0]


# --- the numeral converter ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("两千", 2000),
        ("一万零三千", 13000),
        ("一千二百", 1200),
        ("一千二", 1200),
        ("十五", 15),
        ("二十", 20),
        ("一百零五", 105),
        ("三万五", 35000),
        ("1.2万", 12000),
        ("3万", 30000),
        ("一亿二千万", 120_000_000),
        ("〇", 0),
    ],
)
def test_chinese_numbers(text, value):
    assert parse_chinese_number(text) == value


@pytest.mark.parametrize("text", ["两三", "一两", "二〇二四", "一二三", "统一", ""])
def test_not_single_numbers(text):
    assert parse_chinese_number(text) is None


def test_chinese_ranges():
    assert parse_chinese_range("两三") == (2, 3)
    assert parse_chinese_range("一两") == (1, 2)
    assert parse_chinese_range("三四十") == (30, 40)
    assert parse_chinese_range("十五六") == (15, 16)
    assert parse_chinese_range("三五") is None


# --- the known failures of common converters -----------------------------------------------------


def test_liang_san_ge_is_a_range_not_23():
    c = one("每个科室安排两三个信息员。")
    assert (c.value, c.low, c.high, c.unit) == (2, 2, 3, "个")


def test_yi_liang_ge_is_a_range_not_12():
    c = one("仅有一两个栏目更新滞后。")
    assert (c.low, c.high) == (1, 2)


def test_tongyi_lingshoujia_holds_no_number():
    assert claims_of("统一零售价格已在网站公示。") == ()


def test_liang_qian_is_2000():
    assert one("发放宣传册两千册。").value == 2000


def test_yi_wan_ling_san_qian_parses():
    assert one("累计服务群众一万零三千人次。").value == 13000


def test_percent_keeps_its_decimals():
    c = one("申请量同比下降1.57%。")
    assert (c.value, c.unit) == (1.57, "%")


def test_yi_shi_is_a_list_marker():
    assert claims_of("一是加强组织领导。二是完善制度。三要强化考核。") == ()


def test_baifenzhi():
    c = one("办结率达百分之九十五。")
    assert (c.value, c.unit) == (95, "%")


# --- what is not a claim -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "本报告统计期限为2024年1月1日至12月31日。",
        "2025年1月10日,本机关召开推进会。",
        "报告期为2023-01-01至2023-12-31。",
        "依据国办公开办函〔2021〕30号的要求编制。",
        "按照《条例》第二十条的规定执行。",
        "第三,要进一步提高解读质量。",
        "(一)主动公开情况",
        "1.进一步加强队伍建设。",
        "联系电话:0319-4321234,邮政编码:055350。",
        "手机13912345678。",
        "地址:人民路88号3楼。",
        "网址为http://www.example.gov.cn/2024/xxgk.html。",
        "力争满意度达到95%以上的目标。",
        "按照年度要点要求,确保公开率达到100%。",
        "答复期限为收到申请之日起20个工作日内。",
        "群众可拨打12345热线反映问题。",
        "办公时间为9:00-17:30。",
        "进一步推行“一件事一次办”和“一网通办”。",
        "落实“两个维护”,增强“四个意识”。",
        "二〇二四年度政府信息公开工作年度报告",
        "本机关无其他需要报告的事项。",
        "将从以下三个方面加以改进。",
    ],
)
def test_traps_are_not_claims(text):
    assert [c.text for c in claims_of(text)] == []


# --- hedges and intervals ------------------------------------------------------------------------


def test_yu_hedge_interval():
    c = one("全年办理申请1200余件。")
    assert (c.value, c.approx, c.low, c.high) == (1200, "余", 1200, 1300)
    assert claim_allows(c, 1250) and not claim_allows(c, 1300) and not claim_allows(c, 1199)


def test_jin_bai_is_below_100():
    c = one("发布信息近百条。")
    assert (c.value, c.approx, c.high) == (100, "近", 100)
    assert claim_allows(c, 95) and not claim_allows(c, 100)


def test_san_si_shi():
    c = one("参会人员三四十人。")
    assert (c.low, c.high) == (30, 40)


@pytest.mark.parametrize(
    ("text", "approx", "low", "high"),
    [
        ("培训约50人次。", "约", 40, 60),
        ("访问量超过1000次。", "超过", 1000, None),
        ("回复留言300条以上。", "以上", 300, None),
        ("参加人员80人左右。", "左右", 70, 90),
        ("发布信息300多条。", "多", 300, 400),
        ("组织培训十余次。", "余", 10, 20),
        ("抽查3-5家单位。", "range", 3, 5),
    ],
)
def test_hedges(text, approx, low, high):
    c = one(text)
    assert (c.approx, c.low, c.high) == (approx, low, high)


def test_exact_claim_interval_is_a_point():
    c = one("发布信息56条。")
    assert (c.low, c.high, c.approx) == (56, 56, None)
    assert claim_allows(c, 56) and not claim_allows(c, 57)


def test_spaced_number_and_full_width_digits():
    c = one("主动公开数量 ５０ 件。")
    assert (c.value, c.unit) == (50, "件")


def test_thousands_separator():
    assert one("发放资料1,234份。").value == 1234


# --- money -----------------------------------------------------------------------------------------


def test_wan_yuan_gives_value_yuan():
    c = one("罚款9.35万元。")
    assert (c.value, c.unit, c.value_yuan) == (9.35, "万元", 93500)


def test_yuan():
    c = one("收取信息处理费0元。")
    assert (c.value, c.unit, c.value_yuan, c.field) == (0, "元", 0, None)


# --- negative statements ---------------------------------------------------------------------------


def test_no_applications_is_zero():
    c = one("本年度本机关未收到政府信息公开申请。")
    assert (c.value, c.negative, c.field) == (0, True, "t3.new.total")


def test_no_review_no_suit_gives_two_claims():
    found = claims_of("全年未发生行政复议、行政诉讼。")
    assert [(c.value, c.negative, c.field) for c in found] == [
        (0, True, "t4.review.total"),
        (0, True, "t4.suit.total"),
    ]


def test_application_qualifying_a_review_is_not_a_zero_count():
    found = claims_of("本年度未发生因政府信息公开申请引发的行政复议和行政诉讼案件。")
    assert [c.field for c in found] == ["t4.review.total", "t4.suit.total"]


def test_no_fee_is_zero_without_field():
    c = one("本年度没有收取信息处理费。")
    assert (c.value, c.negative, c.field) == (0, True, None)


def test_wufa_is_not_a_negation():
    assert claims_of("对无法提供的情形依法告知申请人。") == ()


# --- field linking ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fields"),
    [
        ("本年度共收到政府信息公开申请12件,上年结转2件。", ["t3.new.total", "t3.carried_in.total"]),
        (
            "共办结申请10件,其中予以公开6件、部分公开2件。",
            ["t3.total.total", "t3.disclosed.total", "t3.partial.total"],
        ),
        ("予以公开及部分公开的共8件。", ["t3.granted.total"]),
        (
            "不予公开3件,无法提供2件,不予处理1件。",
            ["t3.withheld.total", "t3.unavailable.total", "t3.not_processed.total"],
        ),
        ("因本机关不掌握相关信息无法提供的4件。", ["t3.unavailable.not_held.total"]),
        ("结转下年度继续办理3件。", ["t3.carried_out.total"]),
        ("收到申请20件,其中自然人申请8件。", ["t3.new.total", "t3.new.natural_person"]),
        (
            "被申请行政复议2件,其中维持1件、纠正1件。",
            ["t4.review.total", "t4.review.upheld", "t4.review.corrected"],
        ),
        ("行政诉讼3件。", ["t4.suit.total"]),
        ("未经复议直接起诉的行政诉讼1件。", ["t4.suit_direct.total"]),
        (
            "制发规范性文件5件,废止2件,现行有效40件。",
            ["t2.normative.issued", "t2.normative.repealed", "t2.normative.in_force"],
        ),
        ("作出行政许可决定737件,行政处罚决定8件。", ["t2.licensing.decisions", "t2.penalty.decisions"]),
        ("行政事业性收费12.5万元。", ["t2.fee.amount"]),
        ("行政处罚案件15件,罚款9.35万元。", ["t2.penalty.decisions", None]),
        ("主动发布信息375条,微信发布970余篇。", [None, None]),
        ("通过信函方式收到申请2件。", [None]),
        ("办结率100%。", [None]),
    ],
)
def test_field_links(text, fields):
    assert [c.field for c in claims_of(text)] == fields


def test_2019_template_keys():
    text = "本年新制作规范性文件3件,新公开3件,对外公开总数20件。"
    assert [c.field for c in claims_of(text, "2019")] == [
        "t2.normative.made",
        "t2.normative.published",
        "t2.normative.total",
    ]
    # the 2021 keys never appear under 2019, and vice versa
    assert [c.field for c in claims_of("制发规范性文件3件。", "2019")] == ["t2.normative.made"]
    assert [c.field for c in claims_of("制发规范性文件3件。", "2021")] == ["t2.normative.issued"]


def test_other_processing_2019_vs_2021():
    assert one("逾期不补正的2件。", "2019").field == "t3.other.total"
    assert one("逾期不补正的2件。", "2021").field == "t3.other.no_correction.total"


# --- offsets, sections and skipped tables ---------------------------------------------------------

REPORT = """某某局2024年政府信息公开工作年度报告
本报告统计期限为2024年1月1日至12月31日,联系电话0319-1234567。
一、总体情况
全年主动公开信息120条,收到政府信息公开申请5件。
二、主动公开政府信息情况
信息内容\t本年制发件数\t本年废止件数\t现行有效件数
行政规范性文件\t3\t0\t8
| 行政许可 | 828 |
三、收到和处理政府信息公开申请情况
本年度予以公开4件,结转下年度1件。
四、政府信息公开行政复议、行政诉讼情况
本年度未发生行政复议、行政诉讼。
"""


def test_offsets_sections_and_table_rows_skipped():
    text = normalize_text(REPORT)
    secs = segment_sections(text)
    found = extract_claims(text, secs, nlp=load_pipeline())
    assert [c.text for c in found] == ["120条", "5件", "4件", "1件", "未发生行政复议", "行政诉讼"]
    for c in found:
        assert text[c.start : c.end] == c.text
        s, e = c.sentence
        assert s <= c.start < c.end <= e
    assert [c.section for c in found] == ["overview"] * 2 + ["requests"] * 2 + ["review_litigation"] * 2


def test_grid_span_is_skipped():
    text = "收到申请3件。\n行政许可 828 件\n发布信息9条。"
    start = text.index("行政许可")
    grid = Grid(rows=(("行政许可", "828"),), start=start, end=start + 10)
    assert len(narrative_lines(text)) == 3
    assert len(narrative_lines(text, [grid])) == 2
    found = extract_claims(text, (), nlp=load_pipeline(), grids=[grid])
    assert [c.value for c in found] == [3, 9]


def test_empty_text():
    assert extract_claims("", (), nlp=load_pipeline()) == ()


# --- the spaCy pipeline ----------------------------------------------------------------------------


def test_pipeline_is_built_once_with_jieba_and_xxgk_components():
    nlp = load_pipeline()
    assert load_pipeline() is nlp
    assert nlp.pipe_names == ["xxgk_sentences", "xxgk_numbers", "xxgk_negations", "xxgk_fields"]
    assert nlp.config["nlp"]["tokenizer"]["segmenter"] == "jieba"
    doc = nlp("共收到申请3件。未发生行政复议。")
    assert [s.text for s in doc.sents] == ["共收到申请3件。", "未发生行政复议。"]
    assert [s._.xxgk_claim["field"] for s in doc.spans["xxgk_claims"]] == ["t3.new.total", "t4.review.total"]
    # domain words from corpora/lexicon/jieba_user_dict.txt are single tokens
    assert "依申请公开" in [t.text for t in nlp.make_doc("做好依申请公开工作")]


def test_import_builds_nothing():
    code = "import mining.claims as c, mining.claims.nlp as n; print(n._NLP is None)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"


# --- seeds: the gold claims of ../shared/eval/gold --------------------------------------------------


def test_seed_gold_claims_are_found(seeds):
    from mining.readers import read_document

    nlp = load_pipeline()
    total = hit = field_total = field_hit = 0
    for path in seeds:
        gold = gold_for(path)
        doc = read_document(path)
        found = extract_claims(doc.text, segment_sections(doc.text), nlp=nlp)
        for g in gold.get("claims", []):
            total += 1
            digits = "".join(ch for ch in g["near"] if ch.isdigit() or ch == ".")
            cands = [
                c
                for c in found
                if (c.value == g["value"] or c.value_yuan == g["value"]) and digits in c.text.replace(" ", "")
            ]
            hit += bool(cands)
            if "field" in g:
                field_total += 1
                field_hit += any(c.field == g["field"] for c in cands)
    assert total >= 20
    assert hit == total
    assert field_hit == field_total


# --- the CLI -----------------------------------------------------------------------------------------


def test_claim_rows_put_the_table_value_beside_the_claim():
    from cli.claims import claim_rows

    text = normalize_text("一、总体情况\n全年收到政府信息公开申请5件,予以公开及部分公开3件。\n")
    secs = segment_sections(text)
    found = extract_claims(text, secs, nlp=load_pipeline())
    cells = (
        TableCell("t3.new.total", 6, "6"),
        TableCell("t3.disclosed.total", 2, "2"),
        TableCell("t3.partial.total", 1, "1"),
    )
    report = Report(Document("x.txt", "txt", "text", text), Meta(template="2021"), secs, cells, found)
    rows = claim_rows(report)
    assert [(r["field"], r["table"], r["agrees"]) for r in rows] == [
        ("t3.new.total", 6, False),
        ("t3.granted.total", 3, True),
    ]


@pytest.mark.parametrize("fmt", ["text", "json", "csv"])
def test_cli_claims_formats(tmp_path, fmt):
    from typer.testing import CliRunner

    from cli.app import app

    path = tmp_path / "r.txt"
    path.write_text(
        "某局2024年政府信息公开工作年度报告\n一、总体情况\n全年收到政府信息公开申请5件。\n", encoding="utf-8"
    )
    result = CliRunner().invoke(app, ["claims", str(path), "--format", fmt])
    assert result.exit_code == 0, result.output
    if fmt == "json":
        data = json.loads(result.output)
        assert [(c["value"], c["field"], c["section"]) for c in data["claims"]] == [
            (5.0, "t3.new.total", "overview")
        ]
    elif fmt == "csv":
        lines = result.output.strip().splitlines()
        assert lines[0].startswith("start,end,section,text,value")
        assert "t3.new.total" in lines[1]
    else:
        assert "t3.new.total" in result.output and "overview" in result.output


def test_cli_claims_bad_file(tmp_path):
    from typer.testing import CliRunner

    from cli.app import app

    result = CliRunner().invoke(app, ["claims", str(tmp_path / "missing.txt")])
    assert result.exit_code == 2
    assert "missing.txt" in result.output


def test_page_numbers_are_no_claims():
    text = normalize_text(
        "一、总体情况\n全年主动公开信息120条。\n第1页 共8页\n- 2 -\n共8页 第3页\n第 4 页\nPage 5 of 8\n"
        "收到政府信息公开申请5件，共印制宣传册3页。\n"
    )
    found = extract_claims(text, segment_sections(text), nlp=load_pipeline())
    assert [c.text for c in found] == ["120条", "5件", "3页"]
