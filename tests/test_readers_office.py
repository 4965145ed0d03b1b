"""PDF and DOCX structures that office suites (Word, WPS, LibreOffice) write and our generator does not.

The PDFs are drawn with reportlab's canvas in a font built here with fontTools (boxes for glyphs,
real advance widths and a Unicode map) and embedded, as office exports embed subset fonts: pdfium
then measures every glyph, on any machine, with or without CJK fonts installed. What is drawn
reproduces what `scripts/eval_office.py` found in LibreOffice exports:

- a line drawn in many runs out of reading order: characters placed one by one, quotation marks in
  a run of their own after the line, a heading drawn twice for fake bold;
- an empty text object in an embedded font (not a glyph run pdfium failed to place);
- a table continued on the next page with its header row repeated and a row broken across the page
  break (the label's first lines and the values on one page, the rest of the label on the next);
- a short label with blank cells first on the next page (a row of its own, not a continuation);
- the two parts of a table drawn with different column rules (a merged header on one page only).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from mining.model import ReadError
from mining.normalize import normalize_text
from mining.readers import pdf as pdf_reader
from mining.readers import read_document

pytest.importorskip("reportlab")
pytest.importorskip("fontTools")

from fontTools.fontBuilder import FontBuilder  # noqa: E402
from fontTools.pens.ttGlyphPen import TTGlyphPen  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.ttfonts import TTFont  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

FONT = "XxgkOfficeTest"
SIZE = 10.0
CHARSET = (
    "某县统计局年政府信息公开工作度报告一二三四五六七八九十、。，（）()“”：；/-.0123456789"
    "总体情况主动收到和处理申请行政复议诉讼存在的问题及改进其他需要事项落实先审查后公一审求"
    "我严格条例围绕数据发布执法检查服务项目自然人商业企业计属于国家秘密本机关不掌握相没有现成另"
    "制作补正内容仍明确规章范性文件结果维持纠正全稳定危及未经直接起类别"
)


def _build_font(path: Path) -> Path:
    chars = sorted(set(CHARSET) - {" "})
    names = [".notdef", "space"] + [f"uni{ord(c):04X}" for c in chars]
    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap({32: "space", **{ord(c): f"uni{ord(c):04X}" for c in chars}})
    glyphs = {}
    for name in names:
        pen = TTGlyphPen(None)
        if name not in (".notdef", "space"):
            pen.moveTo((50, 0))
            pen.lineTo((50, 700))
            pen.lineTo((450, 700))
            pen.lineTo((450, 0))
            pen.closePath()
        glyphs[name] = pen.glyph()
    fb.setupGlyf(glyphs)
    wide = {f"uni{ord(c):04X}" for c in chars if ord(c) > 0x2000}
    fb.setupHorizontalMetrics({n: (1000 if n in wide else 500, 50) for n in names})
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": FONT, "styleName": "Regular"})
    fb.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120)
    fb.setupPost()
    fb.save(str(path))
    return path


@pytest.fixture(scope="module")
def font(tmp_path_factory):
    path = _build_font(tmp_path_factory.mktemp("font") / "office-test.ttf")
    pdfmetrics.registerFont(TTFont(FONT, str(path)))
    return FONT


def _width(text: str) -> float:
    return sum(SIZE if ord(ch) > 0x2000 else SIZE / 2 for ch in text)


def _draw_scattered(c, x: float, y: float, text: str) -> None:
    """Draw `text` one character at a time, in reverse order, its quotation marks last."""
    placed = []
    for ch in text:
        placed.append((x, ch))
        x += _width(ch)
    for cx, ch in reversed([p for p in placed if p[1] not in "“”"]):
        c.drawString(cx, y, ch)
    for cx, ch in [p for p in placed if p[1] in "“”"]:
        c.drawString(cx, y, ch)


NARRATIVE = "我局严格落实政府信息公开条例，围绕统计数据发布、统计执法检查和统计服务公开政府信息。"


def test_a_line_drawn_in_runs_out_of_order_reads_in_reading_order(tmp_path, font):
    path = tmp_path / "runs.pdf"
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    c.setFont(font, SIZE)
    c.drawString(72, 780, "某县统计局2023年政府信息公开工作年度报告")
    c.drawString(72, 760, "一、总体情况")
    c.drawString(72.3, 760, "一、总体情况")  # fake bold: the same run again, 0.3 pt to the right
    _draw_scattered(c, 72, 740, "严格落实“先审查、后公开”和“一审”要求。")
    c.drawString(72, 720, NARRATIVE)
    c.drawString(300, 700, "")  # an empty text object in an embedded font
    c.showPage()
    c.save()
    doc = read_document(path)
    assert doc.reader == "pypdfium2"
    assert doc.warnings == ()
    lines = doc.text.split("\n")
    assert "一、总体情况" in lines
    assert "严格落实“先审查、后公开”和“一审”要求。" in doc.text
    assert doc.text.count("先审查") == 1


def _grid_lines(c, xs: list[float], ys: list[float], skip_v: set[tuple[int, int]] = frozenset()) -> None:
    """Draw the rules of a grid; `skip_v` holds (row, boundary) pairs whose vertical rule is missing."""
    for y in ys:
        c.line(xs[0], y, xs[-1], y)
    for r in range(len(ys) - 1):
        for b, x in enumerate(xs):
            if (r, b) not in skip_v:
                c.line(x, ys[r], x, ys[r + 1])


def _fill_row(c, xs: list[float], top: float, cells: list[list[str]], pad: float = 3.0) -> None:
    """Write each cell's lines from the top of the row, left-aligned with `pad`."""
    for col, lines in enumerate(cells):
        for i, line in enumerate(lines):
            _draw_scattered(c, xs[col] + pad, top - pad - SIZE * (i + 1) - 2 * i, line)


XS = [72, 133, 193, 253, 313]  # label column 61 pt: 5 CJK characters and 3 pt padding each side
HEADER = [["项目"], ["自然人"], ["商业企业"], ["总计"]]


def _row_height(cells: list[list[str]]) -> float:
    return max(len(lines) for lines in cells) * (SIZE + 2) + 6


def _table_page(c, top: float, rows: list[list[list[str]]]) -> None:
    ys = [top]
    for cells in rows:
        _fill_row(c, XS, ys[-1], cells)
        ys.append(ys[-1] - _row_height(cells))
    _grid_lines(c, XS, ys)


def _page_with_title(c, font: str) -> float:
    c.setFont(font, SIZE)
    c.drawString(72, 780, "某县统计局2023年政府信息公开工作年度报告")
    c.drawString(72, 760, "三、收到和处理政府信息公开申请情况")
    return 740.0


def test_a_row_broken_across_pages_is_joined_and_the_repeated_header_dropped(tmp_path, font):
    path = tmp_path / "broken-row.pdf"
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    top = _page_with_title(c, font)
    _table_page(
        c,
        top,
        [
            HEADER,
            [["1.属于国家", "秘密"], ["0"], ["1"], ["1"]],
            [["1.本机关不", "掌握相关政"], ["2"], ["0"], ["2"]],  # continues on the next page
        ],
    )
    c.showPage()
    c.setFont(font, SIZE)
    _table_page(
        c,
        800,
        [
            HEADER,  # Word repeats the header row
            [["府信息"], [], [], []],
            [["2.没有现成", "信息需要另", "行制作"], [], [], []],  # a row of blanks, numbered: its own row
            [["3.补正后申", "请内容仍不", "明确"], ["1"], ["0"], ["1"]],
        ],
    )
    c.showPage()
    c.save()
    doc = read_document(path)
    assert doc.reader == "pypdfium2"
    assert len(doc.grids) == 1 and doc.grids[0].source == "pdf:p1-2"
    rows = [tuple(cell.replace("\n", "") for cell in row) for row in doc.grids[0].rows]
    assert rows == [
        ("项目", "自然人", "商业企业", "总计"),
        ("1.属于国家秘密", "0", "1", "1"),
        ("1.本机关不掌握相关政府信息", "2", "0", "2"),
        ("2.没有现成信息需要另行制作", "", "", ""),
        ("3.补正后申请内容仍不明确", "1", "0", "1"),
    ]


def test_a_short_label_with_blanks_first_on_the_next_page_stays_a_row(tmp_path, font):
    path = tmp_path / "blank-row.pdf"
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    top = _page_with_title(c, font)
    _table_page(c, top, [HEADER, [["规章"], ["0"], ["0"], ["0"]]])
    c.showPage()
    c.setFont(font, SIZE)
    _table_page(c, 800, [[["规范性文件"], [], [], []], [["其他"], ["1"], ["2"], ["3"]]])
    c.showPage()
    c.save()
    rows = [tuple(r) for r in read_document(path).grids[0].rows]
    assert rows == [
        ("项目", "自然人", "商业企业", "总计"),
        ("规章", "0", "0", "0"),
        ("规范性文件", "", "", ""),
        ("其他", "1", "2", "3"),
    ]


def test_table_parts_with_different_column_rules_are_joined_on_the_union_of_columns(tmp_path, font):
    path = tmp_path / "regrid.pdf"
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    top = _page_with_title(c, font)
    # Page 1: one header row of two merged cells (no rule inside either).
    ys = [top, top - 20]
    _fill_row(c, [XS[0], XS[2], XS[4]], top, [["行政复议"], ["行政诉讼"]])
    _grid_lines(c, XS, ys, skip_v={(0, 1), (0, 3)})
    c.showPage()
    c.setFont(font, SIZE)
    _table_page(
        c, 800, [[["结果维持"], ["结果纠正"], ["结果维持"], ["结果纠正"]], [["1"], ["0"], ["2"], ["0"]]]
    )
    c.showPage()
    c.save()
    doc = read_document(path)
    assert len(doc.grids) == 1
    grid = doc.grids[0]
    assert grid.rows == (
        ("行政复议", "行政复议", "行政诉讼", "行政诉讼"),
        ("结果维持", "结果纠正", "结果维持", "结果纠正"),
        ("1", "0", "2", "0"),
    )
    assert grid.spanned[0] == (False, True, False, True)


def test_collinear_rule_pieces_keep_their_extent_across_a_rounding_boundary():
    # Two pieces of one column rule, 0.3 pt apart, on either side of round(x / 2): both spans survive.
    merged = pdf_reader._merge_collinear([(260.8, 381.0, 478.1), (261.1, 28.4, 321.1)])
    spans = sorted((round(a, 1), round(b, 1)) for _, a, b in merged)
    assert spans == [(28.4, 321.1), (381.0, 478.1)]
    merged = pdf_reader._merge_collinear([(260.8, 300.0, 478.1), (261.1, 28.4, 310.0)])
    assert [(round(a, 1), round(b, 1)) for _, a, b in merged] == [(28.4, 478.1)]


def test_opendocument_text_says_convert_to_docx(tmp_path):
    path = tmp_path / "report.odt"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", "<office:document-content/>")
        zf.writestr("META-INF/manifest.xml", "<manifest:manifest/>")
    with pytest.raises(ReadError, match=r"OpenDocument text \(\.odt\)") as err:
        read_document(path)
    assert "convert-to docx" in str(err.value)


# ------------------------------------------------------------------------------------------ DOCX
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _docx(path: Path, body: str, *, numbering: str = "", styles: str = "") -> Path:
    """Write a minimal DOCX whose parts are the given XML fragments (what Word writes, cut down)."""
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>')
        if numbering:
            zf.writestr("word/numbering.xml", f'<w:numbering xmlns:w="{W_NS}">{numbering}</w:numbering>')
        if styles:
            zf.writestr("word/styles.xml", f'<w:styles xmlns:w="{W_NS}">{styles}</w:styles>')
    return path


def _p(text: str, *, style: str = "", num: tuple[int, int] | None = None) -> str:
    ppr = f'<w:pStyle w:val="{style}"/>' if style else ""
    if num:
        ppr += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    # Word splits a paragraph into runs wherever formatting, spelling marks or revisions change.
    runs = "".join(
        f"<w:r><w:t xml:space='preserve'>{text[i : i + 2]}</w:t></w:r><w:proofErr w:type='gramStart'/>"
        for i in range(0, len(text), 2)
    )
    return f"<w:p><w:pPr>{ppr}</w:pPr>{runs}</w:p>"


def _lvl(ilvl: int, fmt: str, text: str, style: str = "") -> str:
    ps = f'<w:pStyle w:val="{style}"/>' if style else ""
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>{ps}'
        f'<w:lvlText w:val="{text}"/><w:suff w:val="nothing"/></w:lvl>'
    )


# A multilevel list linked to two heading styles, reached through a list style (numStyleLink), as
# Word writes it when the heading numbering is defined once and applied by style; two w:num over
# the same list continue one count; a decimal list whose second w:num restarts (startOverride).
HEADING_NUMBERING = (
    '<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="multilevel"/>'
    + _lvl(0, "chineseCounting", "%1、", "Heading1")
    + _lvl(1, "chineseCounting", "（%2）", "Heading2")
    + "</w:abstractNum>"
    '<w:abstractNum w:abstractNumId="1"><w:numStyleLink w:val="ReportList"/></w:abstractNum>'
    '<w:abstractNum w:abstractNumId="2">' + _lvl(0, "decimal", "%1.") + "</w:abstractNum>"
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
    '<w:num w:numId="3"><w:abstractNumId w:val="0"/></w:num>'
    '<w:num w:numId="4"><w:abstractNumId w:val="2"/></w:num>'
    '<w:num w:numId="5"><w:abstractNumId w:val="2"/>'
    '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
)
HEADING_STYLES = (
    '<w:style w:type="numbering" w:styleId="ReportList"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr>'
    "</w:pPr></w:style>"
    '<w:style w:type="paragraph" w:styleId="Heading1"><w:pPr><w:numPr><w:numId w:val="2"/></w:numPr>'
    "</w:pPr></w:style>"
    '<w:style w:type="paragraph" w:styleId="Heading2"><w:basedOn w:val="Heading1"/></w:style>'
)


def test_docx_heading_numbers_from_a_list_linked_to_heading_styles(tmp_path):
    body = "".join(
        [
            _p("某县统计局2023年政府信息公开工作年度报告"),
            _p("总体情况", style="Heading1"),
            _p("主动公开", style="Heading2"),
            _p("依申请公开", style="Heading2"),
            _p(NARRATIVE),
            _p("主动公开政府信息情况", style="Heading1"),
            _p("收到和处理政府信息公开申请情况", num=(3, 0)),  # another w:num of the same list
            _p("政府信息公开行政复议、行政诉讼情况", style="Heading1"),
            _p("存在的主要问题及改进情况", style="Heading1"),
            _p("一是问题", num=(4, 0)),
            _p("二是问题", num=(4, 0)),
            _p("措施", num=(5, 0)),  # restarted
            _p("其他需要报告的事项", style="Heading1"),
        ]
    )
    path = _docx(tmp_path / "numbered.docx", body, numbering=HEADING_NUMBERING, styles=HEADING_STYLES)
    lines = read_document(path).text.split("\n")
    assert lines[1:4] == ["一、总体情况", "(一)主动公开", "(二)依申请公开"]
    assert lines[5:8] == [
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
    ]
    assert lines[8:] == [
        "五、存在的主要问题及改进情况",
        "1.一是问题",
        "2.二是问题",
        "1.措施",
        "六、其他需要报告的事项",
    ]


def test_docx_chinese_number_formats():
    from mining.readers.docx import _format_number

    assert _format_number(3, "chineseCounting") == "三"
    assert _format_number(12, "chineseCountingThousand") == "十二"
    assert _format_number(12, "taiwaneseCountingThousand") == "十二"
    assert _format_number(3, "chineseLegalSimplified") == "叁"
    assert _format_number(12, "chineseLegalSimplified") == "拾贰"
    assert _format_number(10, "ideographDigital") == "一〇"
    assert _format_number(2, "decimalEnclosedParen") == "⑵"
    assert _format_number(2, "decimalFullWidth") == "２"
    assert _format_number(2, "ideographTraditional") == "乙"


def test_docx_cell_in_runs_with_a_soft_line_break(tmp_path):
    cell = (
        "<w:tc><w:p><w:r><w:t>社会</w:t></w:r><w:proofErr w:type='spellStart'/><w:r><w:t>公</w:t></w:r>"
        "<w:r><w:br/><w:t>益组织</w:t></w:r></w:p></w:tc>"
    )
    header = "<w:tr><w:trPr><w:tblHeader/></w:trPr><w:tc><w:p/></w:tc><w:tc><w:p><w:r><w:t>自然人</w:t></w:r></w:p></w:tc>"
    body = (
        _p(NARRATIVE)
        + f"<w:tbl>{header}{cell}</w:tr>"
        + "<w:tr><w:tc><w:p><w:r><w:t>总</w:t></w:r><w:r><w:t xml:space='preserve'>　　计</w:t></w:r></w:p></w:tc>"
        + "<w:tc><w:p><w:r><w:t>3</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    )
    doc = read_document(_docx(tmp_path / "cells.docx", body))
    assert doc.grids[0].rows[0] == ("", "自然人", "社会公\n益组织")
    assert doc.grids[0].rows[1][1:] == ("3", "1")
    assert doc.grids[0].rows[1][0].replace(" ", "") == "总计"


def test_text_past_the_page_edge_is_reported(tmp_path, font):
    # A table wider than the page (nowrap cells of a web page printed to PDF): the cells past the edge
    # are cut off, which the reader cannot recover but must not hide.
    path = tmp_path / "clipped.pdf"
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    c.setFont(font, SIZE)
    c.drawString(72, 780, "某县统计局2023年政府信息公开工作年度报告")
    c.drawString(72, 760, NARRATIVE)
    c.drawString(520, 740, "行政复议结果维持结果纠正")
    c.showPage()
    c.save()
    doc = read_document(path)
    assert any("past the page's right edge" in w and "page(s) 1" in w for w in doc.warnings)


def test_borders_drawn_as_one_path_of_thin_filled_rectangles(tmp_path, font):
    # Word's PDF export draws every cell border as a thin filled rectangle, all in one path object:
    # for a table of 30 rows × 10 columns that is 1,200 rectangles and 6,000 path segments.
    path = tmp_path / "rect-borders.pdf"
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    c.setFont(font, SIZE)
    c.drawString(72, 800, "某县统计局2023年政府信息公开工作年度报告")
    xs = [60 + 47 * i for i in range(11)]
    ys = [780 - 22 * i for i in range(31)]
    borders = c.beginPath()
    for r in range(30):
        for col in range(10):
            x0, x1, y0, y1 = xs[col], xs[col + 1], ys[r + 1], ys[r]
            borders.rect(x0, y1 - 0.25, x1 - x0, 0.5)  # top
            borders.rect(x0, y0 - 0.25, x1 - x0, 0.5)  # bottom
            borders.rect(x0 - 0.25, y0, 0.5, y1 - y0)  # left
            borders.rect(x1 - 0.25, y0, 0.5, y1 - y0)  # right
            c.drawString(x0 + 4, y0 + 6, str(r * 10 + col))
    c.drawPath(borders, fill=1, stroke=0)
    c.circle(300, 150, 40, stroke=1, fill=0)  # a seal: curves, no rules
    c.showPage()
    c.save()
    doc = read_document(path)
    assert len(doc.grids) == 1
    rows = doc.grids[0].rows
    assert len(rows) == 30 and all(len(r) == 10 for r in rows)
    assert rows[0][:3] == ("0", "1", "2") and rows[29][9] == "299"


def test_ragged_right_lines_wrapped_before_a_number_or_a_no_break_pair_are_joined(tmp_path, font):
    # Left-aligned text: a line ends short of the margin when the next unit does not fit, a number
    # (「1141」) or a character with the punctuation that may not start a line (「条、」).
    fill = "政府信息公开" * 8
    l1 = fill[:45]  # full: 72 → 522
    l2 = fill[:42] + "98"  # ends at 502: 「条、」 (20 pt) would not fit
    l3 = "条、" + fill[:41]  # ends at 502: 「1141」 (20 pt) would not fit
    l4 = "1141件，相关信息公开。"
    l5 = "本年度收到政府信息公开申请119件。"
    path = tmp_path / "ragged.pdf"
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    c.setFont(font, SIZE)
    c.drawString(72, 780, "某县统计局2023年政府信息公开工作年度报告")
    for i, line in enumerate([l1, l2, l3, l4, l5, l1, l1]):
        c.drawString(72, 750 - 16 * i, line)
    c.showPage()
    c.save()
    lines = read_document(path).text.split("\n")
    assert normalize_text(l1 + l2 + l3 + l4) in lines
    assert normalize_text(l5) in lines and l1 + l1 in lines


def test_a_row_broken_before_an_opening_bracket_is_joined(tmp_path, font):
    # 「行政诉讼（未经复议直接起诉）」 in a five-character column: 「（」 may not end a line, so the first
    # line stops at 「行政诉讼」, two characters short, and the page breaks after it.
    path = tmp_path / "bracket.pdf"
    header = [["类别"], ["结果维持"], ["结果纠正"], ["总计"]]
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    top = _page_with_title(c, font)
    _table_page(c, top, [header, [["行政复议"], ["1"], ["0"], ["1"]], [["行政诉讼"], ["0"], ["2"], ["2"]]])
    c.showPage()
    c.setFont(font, SIZE)
    _table_page(
        c,
        800,
        [
            header,
            [["（未经复议", "直接起诉）"], [], [], []],
            [["行政诉讼", "（复议后起", "诉）"], ["0"], ["0"], ["0"]],
        ],
    )
    c.showPage()
    c.save()
    rows = [
        tuple(normalize_text(cell.replace("\n", "")) for cell in row)
        for row in read_document(path).grids[0].rows
    ]
    assert rows == [
        ("类别", "结果维持", "结果纠正", "总计"),
        ("行政复议", "1", "0", "1"),
        ("行政诉讼(未经复议直接起诉)", "0", "2", "2"),
        ("行政诉讼(复议后起诉)", "0", "0", "0"),
    ]


@pytest.mark.parametrize("year", [2020, 2023])
def test_generated_report_rewritten_the_way_word_writes_it_round_trips(tmp_path, year):
    # scripts/eval_office.py's wordlike route without LibreOffice: numbered heading styles, repeated
    # header rows, runs of two characters, spread labels, soft breaks in cells, header and footer.
    import sys

    from corpora.synth import generate_report
    from mining.model import SECTION_KEYS
    from mining.pipeline import analyze

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
    from eval_office import wordlike_docx

    report = generate_report(seed=7700 + year, year=year, fmt="docx", layout="merged")
    path = tmp_path / "wordlike.docx"
    path.write_bytes(wordlike_docx(report.data))
    assert b"XHeading1" in zipfile.ZipFile(path).read("word/document.xml")  # the headings were rewritten
    parsed = analyze(path, run_checks=False)
    truth = report.truth
    assert [s.key for s in parsed.sections if s.key in SECTION_KEYS] == truth["sections"]
    wrong = [k for k, v in truth["tables"].items() if parsed.tables.get(k, "missing") != v]
    assert wrong == []
    assert "五、" in read_document(path).text
