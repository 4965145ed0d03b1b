"""Hard line wraps inside paragraphs (text out of a PDF): claims and section 五 read through them."""

from __future__ import annotations

import pytest

from mining.claims import extract_claims, load_pipeline
from mining.linewrap import logical_lines, unwrap, wrap_breaks
from mining.model import Document
from mining.normalize import normalize_text
from mining.pipeline import analyze_document
from mining.problems import analyze_problems, load_model
from mining.sections import segment_sections

# A report written for this test; its paragraphs are printed 24 characters to the line, the way a
# PDF page breaks them (never inside a number, never before a closing punctuation mark).
PARAGRAPHS = [
    "某某县自然资源局2023年政府信息公开工作年度报告",
    "一、总体情况",
    "2023年，我局坚持以公开为常态、不公开为例外，全面推进决策、执行、管理、服务、结果公开。全年通过门户"
    "网站主动公开政府信息215条（其中政策文件40条，通知公告95条，工作动态80条），作出行政许可处理决定数量"
    " 316 件，在政务新媒体发布信息 1200 余条，办理群众来电来信 64 件，回复率达到百分之百。",
    "二、主动公开政府信息情况",
    "略。",
    "三、收到和处理政府信息公开申请情况",
    "略。",
    "四、政府信息公开行政复议、行政诉讼情况",
    "略。",
    "五、存在的主要问题及改进情况",
    "2023年，我局政府信息公开工作取得了一定成效，但仍存在一些不足：一是政策解读形式较为单一，图解、视频"
    "等解读产品偏少。二是兼职信息员流动较大，业务培训不够系统。",
    "下一步，我局将采取以下措施：一是丰富政策解读形式，推出图解、短视频等解读产品。二是加强信息员队伍建设，"
    "定期开展业务培训。",
    "六、其他需要报告的事项",
    "本年度未收取信息处理费。",
]
_NO_LINE_START = set("，。、；：？！）》”")


def _print(paragraph: str, width: int = 24) -> list[str]:
    lines, pos = [], 0
    while len(paragraph) - pos > width:
        cut = pos + width
        while paragraph[cut] in _NO_LINE_START or (paragraph[cut].isdigit() and paragraph[cut - 1].isdigit()):
            cut -= 1
        lines.append(paragraph[pos:cut])
        pos = cut
    return [*lines, paragraph[pos:]]


WRAPPED = "\n".join(line for p in PARAGRAPHS for line in _print(p)) + "\n"


def _text() -> str:
    return normalize_text(WRAPPED)


def _broken_lines(text: str) -> list[str]:
    breaks = wrap_breaks(text)
    out, pos = [], 0
    for line in text.split("\n"):
        pos += len(line)
        if pos in breaks:
            out.append(line)
        pos += 1
    return out


def test_wrap_breaks_are_the_breaks_inside_full_lines_only():
    text = _text()
    broken = _broken_lines(text)
    printed = [ln for p in PARAGRAPHS for ln in _print(p)[:-1]]  # every line but a paragraph's last
    assert broken == [normalize_text(ln) for ln in printed]
    assert any(ln.endswith("作出行") for ln in broken)  # 「行政许可」 cut in the middle
    assert not any(ln.endswith("。") or ln.startswith(("一、", "五、", "六、")) for ln in broken)


def test_a_text_that_is_not_wrapped_has_no_wrap_breaks():
    one_line_paragraphs = normalize_text("\n".join(PARAGRAPHS))
    assert wrap_breaks(one_line_paragraphs) == {}
    short_lines = normalize_text(
        "某局2023年政府信息公开工作年度报告\n一、总体情况\n（一）主动公开\n全年主动公开信息120条，"
        "其中政策文件20条。\n（二）依申请公开\n收到申请5件\n（三）政府信息管理\n严格落实三审制度。\n"
    )
    assert wrap_breaks(short_lines) == {}


def test_unwrap_and_logical_lines_keep_offsets():
    text = _text()
    six = text.index("六、其他")
    body_start = text.index("\n", text.index("五、存在")) + 1
    lines = logical_lines(text, body_start, six)
    assert len(lines) == 3  # two paragraphs, then the empty line before 六
    s, e = lines[0]
    assert unwrap(text, s, e, wrap_breaks(text)) == normalize_text(PARAGRAPHS[10])
    assert unwrap("发布信息 970 \n余条", 0, 12, {9: 10}) == "发布信息 970余条"
    assert unwrap("共 12\n35 件", 0, 9, {4: 5}) == "共 12 35 件"


def test_claims_read_through_wraps():
    text = _text()
    found = extract_claims(text, segment_sections(text), template="2021", nlp=load_pipeline())
    by_value = {c.value: c for c in found}
    assert by_value[316].field == "t2.licensing.decisions"  # the label 「行/政许可」 was cut by the wrap
    assert by_value[1200].approx == "余" and by_value[1200].low == 1200 and by_value[1200].high == 1300
    for c in found:
        assert text[c.start : c.end] == c.text
    # the sentence of 「215条（其中…80条）」 runs across three printed lines
    s, e = by_value[215].sentence
    assert s <= by_value[80].start < e


def test_whole_and_parts_across_wraps_raise_no_alarm():
    doc = Document(path="<wrapped>", format="pdf", reader="test", text=_text())
    report = analyze_document(doc, strict=True)
    assert not [f for f in report.findings if f.code == "A101"]
    assert report.verdicts.get("A101") == "pass"


@pytest.fixture(scope="module")
def model():
    return load_model()


def test_problems_and_measures_of_wrapped_paragraphs(model):
    text = _text()
    five = next(s for s in segment_sections(text) if s.key == "problems")
    a = analyze_problems(text, five, model=model)
    assert [p.text for p in a.problems] == [
        normalize_text("政策解读形式较为单一，图解、视频等解读产品偏少。"),
        normalize_text("兼职信息员流动较大，业务培训不够系统。"),
    ]
    assert [p.labels[0] for p in a.problems] == ["interpretation_response", "staff_capacity"]
    assert [m.text for m in a.improvements] == [
        normalize_text("丰富政策解读形式，推出图解、短视频等解读产品。"),
        normalize_text("加强信息员队伍建设，定期开展业务培训。"),
    ]
    assert [m.addresses for m in a.improvements] == [(0,), (1,)]


def test_a_page_break_inside_a_paragraph_is_read_through():
    lines = WRAPPED.split("\n")
    header = "某某县自然资源局政务公开年报"
    k = next(i for i, ln in enumerate(lines) if ln.endswith("作出行"))
    m = next(i for i, ln in enumerate(lines) if ln.startswith("2023年，我局政府"))
    paged = [*lines[: k + 1], "- 2 -", header, *lines[k + 1 : m + 1], "- 3 -", header, *lines[m + 1 :]]
    text = normalize_text("\n".join(paged))
    found = extract_claims(text, segment_sections(text), template="2021", nlp=load_pipeline())
    by_value = {c.value: c for c in found}
    assert by_value[316].field == "t2.licensing.decisions"  # 「作出行」 / page break / 「政许可…」
    assert 2 not in by_value and 3 not in by_value  # page numbers are no claims
    s, e = by_value[215].sentence
    assert s <= by_value[80].start < e
    five = next(sec for sec in segment_sections(text) if sec.key == "problems")
    a = analyze_problems(text, five, model=load_model())
    assert a.problems[0].text == normalize_text("政策解读形式较为单一，图解、视频等解读产品偏少。")


def test_page_furniture_is_only_page_numbers_and_the_headers_next_to_them():
    from mining.linewrap import page_furniture

    text = "正文一行。\n- 2 -\n某局年度报告\n正文二行。\n某局年度报告\n\t0\n\t0\n\t3\n第3页 共8页\n"
    lines = text.split("\n")
    starts = [sum(len(x) + 1 for x in lines[:i]) for i in range(len(lines))]
    got = sorted(lines[starts.index(s)] for s in page_furniture(text))
    # the second 「某局年度报告」 is not next to a page number: it stays text
    assert got == ["- 2 -", "某局年度报告", "第3页 共8页"]


def test_page_marks_equal_testing_every_non_blank_line_with_the_pattern():
    import random

    from mining.linewrap import _PAGE_MARK, page_marks

    def reference(lines: list[str]) -> set[int]:
        # The tests in the order they were first written: blank lines out before the pattern.
        def digits(i: int) -> bool:
            return 0 <= i < len(lines) and lines[i].strip().isdigit()

        return {
            i
            for i, ln in enumerate(lines)
            if ln.strip()
            and "\t" not in ln
            and _PAGE_MARK.match(ln)
            and not (ln.strip().isdigit() and (digits(i - 1) or digits(i + 1)))
        }

    pieces = ["- 3 -", "—12—", "第", "3", "页", "共8页", "，", "/", "Page 2", "page", " of 9", "12", "1234",
              " ", "\t", "\r", "\u3000", "\xa0", "٣", "²", "\n", "\n", "正文。", "某局报告", "-", "p", "P"]  # fmt: skip
    rng = random.Random(3)
    for _ in range(3000):
        lines = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 14))).split("\n")
        assert page_marks(lines) == reference(lines), lines
