"""PDF reader: Chinese text, running headers/footers, ruling-line tables, engine fallback, bad PDFs.

PDFs are generated with reportlab and its built-in CID font STSong-Light (no font file needed).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mining.model import ReadError
from mining.normalize import normalize_text
from mining.readers import pdf as pdf_reader
from mining.readers import read_document
from mining.sections import segment_sections

reportlab = pytest.importorskip("reportlab")

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: E402
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle  # noqa: E402

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
STYLE = ParagraphStyle("cn", fontName=FONT, fontSize=11, leading=16, wordWrap="CJK")
RUNNING_HEADER = "某某县统计局2023年政府信息公开工作年度报告"
LONG = "我局严格落实政府信息公开条例，围绕统计数据发布、统计执法检查和统计服务公开信息，" * 3


def _table(rows, spans=(), repeat=0):
    t = Table(rows, repeatRows=repeat)
    style = [("FONTNAME", (0, 0), (-1, -1), FONT), ("GRID", (0, 0), (-1, -1), 0.5, "black")]
    style += [("SPAN", a, b) for a, b in spans]
    t.setStyle(TableStyle(style))
    return t


def make_pdf(path: Path, story, *, header: bool = True, encrypt=None) -> Path:
    def on_page(canvas, doc):
        if header:
            canvas.setFont(FONT, 9)
            canvas.drawString(72, A4[1] - 40, RUNNING_HEADER)
            canvas.drawCentredString(A4[0] / 2, 30, f"第 {doc.page} 页")

    doc = SimpleDocTemplate(str(path), pagesize=A4, encrypt=encrypt)
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return path


def report_story():
    p = lambda s: Paragraph(s, STYLE)  # noqa: E731
    story = [p("某某县统计局2023年政府信息公开工作年度报告"), p("一、总体情况"), p(LONG)]
    story += [p("二、主动公开政府信息情况")]
    story.append(
        _table(
            [
                ["第二十条第（一）项", "", "", ""],
                ["信息内容", "本年制发\n件数", "本年废止件数", "现行有效件数"],
                ["规章", "0", "0", "2"],
                ["行政规范性文件", "3", "1", "15"],
            ],
            spans=[((0, 0), (3, 0))],
        )
    )
    story += [p("三、收到和处理政府信息公开申请情况"), p(LONG)]
    rows = [["项目", "自然人", "商业企业", "总计"]]
    rows += [[f"第{i}项办理结果", str(i), str(i % 3), str(i + i % 3)] for i in range(1, 46)]
    story.append(_table(rows, repeat=1))
    story += [p("四、政府信息公开行政复议、行政诉讼情况"), p("本年度无行政复议和行政诉讼。")]
    story += [
        p("五、存在的主要问题及改进情况"),
        p(LONG),
        p("六、其他需要报告的事项"),
        p("本年度未收取信息处理费。"),
    ]
    return story


@pytest.fixture(scope="module")
def report_pdf(tmp_path_factory) -> Path:
    return make_pdf(tmp_path_factory.mktemp("pdf") / "report.bin", report_story())


def test_pdf_text_is_right_and_running_lines_are_gone(report_pdf):
    doc = read_document(report_pdf)
    assert (doc.format, doc.reader) == ("pdf", "pypdfium2")
    assert doc.pages >= 2 and doc.warnings == ()
    assert doc.text.count(RUNNING_HEADER) == 1  # the title stays, the page header on every page goes
    assert "第 1 页" not in doc.text and "第1页" not in doc.text
    # the long paragraph was wrapped over several lines on the page and comes back as one line
    assert normalize_text(LONG) in doc.text.split("\n")
    keys = [s.key for s in segment_sections(doc.text)]
    assert keys == ["preamble", "overview", "proactive", "requests", "review_litigation", "problems", "other"]


def test_pdf_table_grid_with_spans(report_pdf):
    doc = read_document(report_pdf)
    first = doc.grids[0]
    assert first.source == "pdf:p1" and first.page == 1
    assert first.rows[0] == ("第二十条第(一)项",) * 4 and first.spanned[0] == (False, True, True, True)
    assert first.rows[1] == ("信息内容", "本年制发\n件数", "本年废止件数", "现行有效件数")
    assert first.rows[3] == ("行政规范性文件", "3", "1", "15")
    lines = doc.text[first.start : first.end].split("\n")
    assert (
        lines[0] == "第二十条第(一)项\t\t\t"
        and lines[1] == "信息内容\t本年制发件数\t本年废止件数\t现行有效件数"
    )


def test_pdf_table_split_over_pages_is_joined(report_pdf):
    doc = read_document(report_pdf)
    assert len(doc.grids) == 2
    long = doc.grids[1]
    assert long.source.startswith("pdf:p") and "-" in long.source  # e.g. pdf:p2-3
    assert long.rows[0] == ("项目", "自然人", "商业企业", "总计")
    assert [r[0] for r in long.rows[1:]] == [f"第{i}项办理结果" for i in range(1, 46)]  # header not repeated
    assert long.rows[45] == ("第45项办理结果", "45", "0", "45")


def test_pdfplumber_engine_reads_the_same_grids(report_pdf):
    pages = pdf_reader._plumber_pages(report_pdf.read_bytes(), str(report_pdf))
    grid = pages[0].tables[0]
    assert grid.rows[0] == ["第二十条第（一）项"] * 4 and grid.spanned[0] == [False, True, True, True]
    assert grid.rows[3] == ["行政规范性文件", "3", "1", "15"]


def _garble(pages):
    for page in pages:
        for line in page.lines:
            line.text = "\ufffd" * len(line.text)
    return pages


def test_garbled_engine_falls_back_to_the_other(report_pdf, monkeypatch):
    real = pdf_reader._pdfium_pages
    monkeypatch.setattr(pdf_reader, "_pdfium_pages", lambda data, path: _garble(real(data, path)))
    doc = read_document(report_pdf)
    assert doc.reader == "pdfplumber"
    assert "二、主动公开政府信息情况" in doc.text and "\ufffd" not in doc.text
    assert doc.grids[0].rows[3] == ("行政规范性文件", "3", "1", "15")


def test_both_engines_garbled_is_refused(report_pdf, monkeypatch):
    real_a, real_b = pdf_reader._pdfium_pages, pdf_reader._plumber_pages
    monkeypatch.setattr(pdf_reader, "_pdfium_pages", lambda d, p: _garble(real_a(d, p)))
    monkeypatch.setattr(pdf_reader, "_plumber_pages", lambda d, p: _garble(real_b(d, p)))
    with pytest.raises(ReadError, match="garbled text layer.*OCR"):
        read_document(report_pdf)


def test_garbled_share_counts_cid_replacement_and_private_use():
    assert pdf_reader.garbled_share("政府信息公开") == 0.0
    assert pdf_reader.garbled_share("(cid:123)(cid:9)公开") == pytest.approx(0.5)
    assert pdf_reader.garbled_share("\ue001\ufffd公开") == pytest.approx(0.5)


def test_encrypted_pdf(tmp_path):
    from reportlab.lib import pdfencrypt

    enc = pdfencrypt.StandardEncryption("user-secret", "owner-secret")
    path = make_pdf(tmp_path / "locked.pdf", [Paragraph("一、总体情况", STYLE)], encrypt=enc)
    with pytest.raises(ReadError, match="encrypted PDF") as err:
        read_document(path)
    assert "locked.pdf" in str(err.value) and "password" in str(err.value)


def test_pdf_without_text_layer(tmp_path):
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    img = Image.new("RGB", (200, 100), "white")
    for x in range(20, 180):
        img.putpixel((x, 50), (0, 0, 0))
    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.drawImage(ImageReader(img), 72, 400, width=400, height=200)
    c.showPage()
    c.save()
    with pytest.raises(ReadError, match="no text layer: the PDF .* is scanned images") as err:
        read_document(path)
    assert "OCR" in str(err.value)


def test_damaged_pdf(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 100)
    with pytest.raises(ReadError, match="damaged PDF") as err:
        read_document(path)
    assert "broken.pdf" in str(err.value)


def test_a_heading_with_a_space_after_its_numeral_starts_a_paragraph():
    from mining.readers.pdf import _PARA_START

    assert _PARA_START.match("六 其他需要报告的事项")
    assert _PARA_START.match("六、其他需要报告的事项")
    assert not _PARA_START.match("其他需要报告的事项")


def test_glyphs_the_first_engine_cannot_place_are_read_by_the_other(tmp_path):
    # A CJK character alone on its line in a non-embedded CID font: pdfium, without a CJK font
    # installed, measures it as zero-width and leaves it out of the text; pdfplumber reads the CMap.
    p = lambda s: Paragraph(s, STYLE)  # noqa: E731
    story = [p("某某县统计局2023年政府信息公开工作年度报告"), p("一、总体情况"), p(LONG)]
    story.append(_table([["申请人", "社会公\n益\n组织"], ["自然人", "无"]]))
    path = make_pdf(tmp_path / "lone.pdf", story)
    doc = read_document(path)
    assert doc.grids and ("社会公\n益\n组织" in doc.grids[0].rows[0] or "社会公益组织" in doc.text)
    assert doc.grids[0].rows[1][1] == "无"
    if doc.reader == "pdfplumber":
        assert any("could not place" in w for w in doc.warnings)


def test_the_agency_heading_page_one_and_signing_the_last_page_is_no_running_line(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "signed.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    for page in range(4):
        c.setFont(FONT, 12)
        y = A4[1] - 50
        if page == 0:
            c.drawString(72, y, "某某县林业局")
            c.drawString(72, y - 20, "2023年政府信息公开工作年度报告")
            y -= 60
        for i in range(6):
            c.drawString(
                72, y - 24 * i, f"第{page + 1}部分内容第{i + 1}行，我局依法依规做好政府信息公开工作。"
            )
        if page == 3:
            c.drawString(360, 70, "某某县林业局")
            c.drawString(360, 50, "2024年1月20日")
        c.showPage()
    c.save()
    lines = read_document(path).text.split("\n")
    assert lines[0] == "某某县林业局" and lines[-2:] == ["某某县林业局", "2024年1月20日"]
