"""Readers: format sniffing, encodings, HTML and DOCX grids, and every bad input of issue 3.

Fixtures are built here in tmp dirs; the text is written for these tests in the genre's style.
"""

from __future__ import annotations

import random
import struct
import zipfile
from pathlib import Path

import pytest

from mining.model import ReadError
from mining.readers import read_document, sniff_format
from mining.readers.docx import build_docx
from mining.sections import segment_sections
from tests.conftest import seed_paths

REPORT = (
    "某某市统计局2023年政府信息公开工作年度报告\n"
    "一、总体情况\n"
    "2023年，我局坚持以公开为常态，全年主动公开政府信息１２６条。\n"
    "二、主动公开政府信息情况\n"
    "三、收到和处理政府信息公开申请情况\n"
    "四、政府信息公开行政复议、行政诉讼情况\n"
    "五、存在的主要问题及改进情况\n"
    "六、其他需要报告的事项\n"
    "本年度未收取信息处理费。\n"
)


def write(tmp_path: Path, name: str, data: bytes | str, encoding: str = "utf-8") -> Path:
    p = tmp_path / name
    p.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    return p


# ------------------------------------------------------------------------------------- text + md
def test_utf8_text_is_read_and_normalised(tmp_path):
    doc = read_document(write(tmp_path, "a.txt", REPORT))
    assert (doc.format, doc.reader, doc.encoding) == ("txt", "text", "utf-8")
    assert "公开政府信息126条" in doc.text  # full-width digits became ASCII
    assert len(doc.sha256) == 64 and doc.grids == ()


def test_utf8_bom_and_utf16_bom(tmp_path):
    doc = read_document(write(tmp_path, "bom.txt", b"\xef\xbb\xbf" + REPORT.encode()))
    assert doc.encoding == "utf-8-sig" and doc.text.startswith("某某市统计局")
    doc16 = read_document(write(tmp_path, "u16.txt", REPORT.encode("utf-16")))
    assert doc16.encoding == "utf-16" and "其他需要报告的事项" in doc16.text


def test_gb18030_file_is_detected(tmp_path):
    doc = read_document(write(tmp_path, "gb.txt", REPORT, encoding="gb18030"))
    assert doc.encoding == "gb18030"
    assert "二、主动公开政府信息情况" in doc.text
    assert [s.key for s in segment_sections(doc.text)][1:3] == ["overview", "proactive"]


def test_markdown_is_sniffed_from_content_not_name(tmp_path):
    md = "# 某某区人社局\n\n## 一、总体情况\n\n本年度工作平稳推进。\n\n| 信息内容 | 本年制发件数 |\n|---|---|\n| 规章 | 0 |\n"
    doc = read_document(write(tmp_path, "report.txt", md))
    assert (doc.format, doc.reader) == ("md", "markdown")
    plain = read_document(write(tmp_path, "report.md", REPORT))
    assert (plain.format, plain.reader) == ("txt", "text")


def test_seeds_read_as_text_with_the_right_reader():
    paths = seed_paths()
    if not paths:
        pytest.skip("seeds not available")
    readers = {}
    for path in paths:
        doc = read_document(path)
        readers[path.name[:3]] = doc.reader
        assert doc.format in {"txt", "md"} and doc.encoding == "utf-8"
        assert "\t" in doc.text  # the tables' tab-separated rows survive normalisation
        assert len(segment_sections(doc.text)) >= 6
    # seed 003 uses Markdown headings (# / ## / ###); the others are plain text exports
    assert readers == {"000": "text", "001": "text", "002": "text", "003": "markdown", "004": "text"}


# ----------------------------------------------------------------------------------- bad input
def test_empty_file(tmp_path):
    with pytest.raises(ReadError, match="empty file") as err:
        read_document(write(tmp_path, "empty.txt", b""))
    assert err.value.path.endswith("empty.txt")


def test_whitespace_only_file(tmp_path):
    with pytest.raises(ReadError, match="no text"):
        read_document(write(tmp_path, "blank.txt", " \n\t\n"))


def test_binary_garbage_named_txt(tmp_path):
    rng = random.Random(7)
    with pytest.raises(ReadError, match="binary") as err:
        read_document(write(tmp_path, "garbage.txt", rng.randbytes(4096)))
    assert "garbage.txt" in str(err.value)
    # High bytes without NULs are not valid UTF-8, and as GB18030 they are not Chinese text either.
    high = bytes(rng.randrange(0x80, 0x100) for _ in range(4096))
    with pytest.raises(ReadError, match="binary data or an unknown text encoding"):
        read_document(write(tmp_path, "garbage2.txt", high))


def test_file_above_size_limit_is_refused_unread(tmp_path, monkeypatch):
    big = tmp_path / "huge.txt"
    with big.open("wb") as fh:
        fh.truncate(50 * 2**20)  # a sparse 50 MB file: refused from its size alone
    with pytest.raises(ReadError, match=r"50\.0 MB, above the 32 MB limit"):
        read_document(big)
    small = write(tmp_path, "r.txt", REPORT * 200)
    with pytest.raises(ReadError, match="above the"):
        read_document(small, max_bytes=1000)
    monkeypatch.setenv("XXGK_MAX_BYTES", "1000")
    with pytest.raises(ReadError, match="above the"):
        read_document(small)
    assert read_document(small, max_bytes=10**6).text.count("一、总体情况") == 200


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(ReadError, match="cannot open"):
        read_document(tmp_path / "nope.txt")
    with pytest.raises(ReadError, match="directory"):
        read_document(tmp_path)


@pytest.mark.parametrize("name", ["old.doc", "report.wps", "report.txt"])
def test_ole2_doc_and_wps_say_convert_to_docx(tmp_path, name):
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "WordDocument".encode("utf-16-le") * 4
    with pytest.raises(ReadError, match="convert it to DOCX") as err:
        read_document(write(tmp_path, name, data))
    assert name in str(err.value) and "libreoffice --headless --convert-to docx" in str(err.value)


def test_images_and_other_containers_are_refused(tmp_path):
    with pytest.raises(ReadError, match="PNG image, no text.*OCR"):
        read_document(write(tmp_path, "scan.pdf", b"\x89PNG\r\n\x1a\n" + bytes(64)))
    z = tmp_path / "a.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("notes/readme.txt", "hello")
    with pytest.raises(ReadError, match="ZIP archive"):
        read_document(z)
    ofd = tmp_path / "a.ofd"
    with zipfile.ZipFile(ofd, "w") as zf:
        zf.writestr("OFD.xml", "<ofd:OFD/>")
    with pytest.raises(ReadError, match="OFD"):
        read_document(ofd)


def test_sniffing_ignores_extensions():
    assert sniff_format(b"%PDF-1.7\n...") == "pdf"
    assert sniff_format(b"\n  <!DOCTYPE html><html><body>x</body></html>") == "html"
    assert sniff_format("<div class='c'>一、总体情况</div>".encode()) == "html"
    assert sniff_format("一、总体情况\n<br>\n".encode()) == "text"
    assert sniff_format(b"{\\rtf1\\ansi") == "rtf"


# ---------------------------------------------------------------------------------------- HTML
HTML_PAGE = """<!DOCTYPE html>
<html><head><meta charset="{charset}"><title>某某县教育局2023年政府信息公开工作年度报告</title>
<style>.x {{ color: red }}</style><script>var menu = "一、总体情况";</script></head>
<body>
<div class="top-nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li></ul></div>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/nb">年报</a></div>
<div class="wrap">
 <h1 class="article-title">某某县教育局2023年政府信息公开工作年度报告</h1>
 <div class="meta-box"><span>发布机构：某某县教育局</span><span>发布日期：2024-01-20</span></div>
 <div class="TRS_Editor" id="zoom">
  <p>一、总体情况</p>
  <p>2023年，我局认真落实条例要求，主动公开&nbsp;教育信息&nbsp;215条。</p>
  <p><strong>二、主动公开政府信息情况</strong></p>
  <table border="1">
   <tr><td colspan="4">第二十条第（一）项</td></tr>
   <tr><td>信息内容</td><td>本年新<br/>制作数量</td><td><p>本年新</p><p>公开数量</p></td><td>对外公开总数量</td></tr>
   <tr><td>规章</td><td>0</td><td>&nbsp;</td><td>3</td></tr>
   <tr><td rowspan="2">规范性文件</td><td>2</td><td>1</td><td>12</td></tr>
   <tr><td>5</td><td colspan="2">7</td></tr>
  </table>
  <p>三、收到和处理政府信息公开申请情况</p>
 </div>
</div>
<div id="footer">主办单位：某某县人民政府办公室 &nbsp; 网站标识码：1234567890</div>
</body></html>"""


def test_html_main_block_tables_and_boilerplate(tmp_path):
    doc = read_document(write(tmp_path, "page.bin", HTML_PAGE.format(charset="utf-8")))
    assert (doc.format, doc.reader) == ("html", "lxml")
    for noise in ("首页", "当前位置", "网站标识码", "var menu", "color: red"):
        assert noise not in doc.text
    assert doc.text.startswith("某某县教育局2023年政府信息公开工作年度报告")
    assert "发布日期:2024-01-20" in doc.text.replace(" ", "")
    assert "主动公开 教育信息 215条" in doc.text
    (grid,) = doc.grids
    assert grid.source == "html:table[0]"
    assert grid.rows[0] == ("第二十条第(一)项",) * 4
    assert grid.spanned[0] == (False, True, True, True)
    assert grid.rows[1][1] == "本年新\n制作数量" and grid.rows[1][2] == "本年新\n公开数量"
    assert grid.rows[2] == ("规章", "0", "", "3")  # &nbsp; is blank
    assert grid.rows[4] == ("规范性文件", "5", "7", "7")
    assert grid.spanned[4] == (True, False, False, True)
    rendered = doc.text[grid.start : grid.end].split("\n")
    assert rendered[0] == "第二十条第(一)项\t\t\t"  # covered cells render empty, as printed
    assert rendered[1] == "信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量"
    assert rendered[4] == "\t5\t7\t"
    keys = [s.key for s in segment_sections(doc.text)]
    assert keys == ["preamble", "overview", "proactive", "requests"]


def test_html_gbk_declared_charset(tmp_path):
    data = HTML_PAGE.format(charset="gbk").encode("gb18030")
    doc = read_document(write(tmp_path, "gbk.html", data))
    assert doc.encoding == "gb18030" and "规范性文件" in doc.text


def test_html_without_a_report_is_a_document_not_a_crash(tmp_path):
    page = (
        "<html><body><nav><a href='/'>首页</a></nav><div class='content'><h2>关于开展植树活动的通知</h2>"
        "<p>请各单位于三月十二日前报送参加人员名单。</p></div><footer>版权所有</footer></body></html>"
    )
    doc = read_document(write(tmp_path, "notice.html", page))
    assert doc.reader == "lxml" and "植树活动" in doc.text and "首页" not in doc.text
    assert [s.key for s in segment_sections(doc.text)] == ["preamble"]
    empty = read_document(write(tmp_path, "empty.html", "<html><body><script>x=1</script></body></html>"))
    assert empty.text == "" and empty.warnings == ("the page has no text content",)


def test_html_hostile_spans_stay_bounded(tmp_path):
    page = "<html><body><table><tr><td colspan='100000' rowspan='99999'>a</td><td>b</td></tr></table></body></html>"
    doc = read_document(write(tmp_path, "span.html", page))
    (grid,) = doc.grids
    assert grid.n_rows == 1 and grid.n_cols == 201


# ---------------------------------------------------------------------------------------- DOCX
def make_docx(path: Path) -> Path:
    import docx

    d = docx.Document()
    d.add_paragraph("某某镇人民政府2023年政府信息公开工作年度报告")
    d.add_paragraph("一、总体情况")
    d.add_paragraph("本年度我镇通过政务公开栏公开信息\t48条。")
    d.add_paragraph("三、收到和处理政府信息公开申请情况")
    t = d.add_table(rows=4, cols=4)
    for r, row in enumerate([["", "申请人情况", "", ""], ["", "自然人", "商业\n企业", "总计"]]):
        for c, val in enumerate(row):
            t.cell(r, c).text = val
    t.cell(2, 0).text = "一、本年新收政府信息公开申请数量"
    for c, val in enumerate(["3", "1", "4"], start=1):
        t.cell(2, c).text = val
    t.cell(3, 0).text = "二、上年结转政府信息公开申请数量"
    for c, val in enumerate(["0", "", "0"], start=1):
        t.cell(3, c).text = val
    t.cell(0, 0).merge(t.cell(1, 0))  # vMerge
    t.cell(0, 1).merge(t.cell(0, 3))  # gridSpan
    d.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    d.add_paragraph("条目一", style="List Number")
    d.add_paragraph("条目二", style="List Number")
    d.save(path)
    return path


def test_docx_paragraphs_tables_and_merged_cells(tmp_path):
    doc = read_document(make_docx(tmp_path / "r.dat"))
    assert (doc.format, doc.reader) == ("docx", "docx-xml")
    assert "公开信息 48条" in doc.text  # a tab inside a paragraph is a space, not a table cell
    (grid,) = doc.grids
    assert grid.source == "docx:table[0]"
    assert grid.rows[0] == ("", "申请人情况", "申请人情况", "申请人情况")
    assert grid.spanned[0] == (False, False, True, True)
    assert grid.rows[1][2] == "商业\n企业" and grid.spanned[1][0] is True
    assert grid.rows[3] == ("二、上年结转政府信息公开申请数量", "0", "", "0")
    lines = doc.text[grid.start : grid.end].split("\n")
    assert lines[0] == "\t申请人情况\t\t" and lines[1] == "\t自然人\t商业企业\t总计"
    # paragraphs come before and after the table in document order; Word's list numbers are rendered
    assert doc.text.index("三、收到和处理") < grid.start < doc.text.index("四、政府信息公开")
    assert "1.条目一" in doc.text and "2.条目二" in doc.text
    assert [s.key for s in segment_sections(doc.text)][1:] == ["overview", "requests", "review_litigation"]


def test_truncated_docx(tmp_path):
    data = make_docx(tmp_path / "ok.docx").read_bytes()
    with pytest.raises(ReadError, match="damaged DOCX"):
        read_document(write(tmp_path, "cut.docx", data[: len(data) // 2]))


def _patch_declared_size(data: bytes, member: str, size: int) -> bytes:
    """Return zip bytes whose central directory claims `size` uncompressed bytes for `member`."""
    buf = bytearray(data)
    pos = buf.find(b"PK\x01\x02")
    while pos >= 0:
        name_len = struct.unpack_from("<H", buf, pos + 28)[0]
        if buf[pos + 46 : pos + 46 + name_len].decode() == member:
            struct.pack_into("<I", buf, pos + 24, size)
            return bytes(buf)
        pos = buf.find(b"PK\x01\x02", pos + 4)
    raise AssertionError(member)


def test_zip_bomb_docx_is_refused_before_expanding(tmp_path):
    data = make_docx(tmp_path / "ok.docx").read_bytes()
    bomb = _patch_declared_size(data, "word/document.xml", 4_000_000_000)
    with pytest.raises(ReadError, match="zip bomb") as err:
        read_document(write(tmp_path, "bomb.docx", bomb))
    assert "MB (limit 200 MB)" in str(err.value)


def test_docx_part_larger_than_declared_is_not_expanded(tmp_path):
    path = tmp_path / "big.docx"
    body = "<w:p><w:r><w:t>" + "政" * 400_000 + "</w:t></w:r></w:p>"
    xml = (
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", xml)
    assert len(build_docx(path.read_bytes(), str(path)).text) == 400_000
    with pytest.raises(ReadError, match="would expand to"):
        build_docx(path.read_bytes(), str(path), max_uncompressed=2**20)
    # A header that under-declares the size: reading stops at the declared size, the XML is cut short.
    liar = _patch_declared_size(path.read_bytes(), "word/document.xml", 1000)
    with pytest.raises(ReadError, match="damaged DOCX"):
        read_document(write(tmp_path, "liar.docx", liar))


# ---------------------------------------------------------------------------------- sections.py
def test_table_rows_are_never_heading_candidates():
    text = "一、总体情况\n正文。\n二、主动公开政府信息情况\t0\t0\n三、收到和处理政府信息公开申请情况\n内容。"
    keys = [s.key for s in segment_sections(text)]
    assert keys == ["overview", "requests"]


def test_html_span_attributes_with_odd_digits_do_not_fail_the_page(tmp_path):
    # 「²」.isdigit() is True but int("²") fails; a full-width ２ is a real 2.
    page = (
        "<html><body><h1>某局2023年政府信息公开工作年度报告</h1><table>"
        "<tr><td colspan='²'>信息内容</td><td colspan='２'>本年处理决定数量</td></tr>"
        "<tr><td>行政许可</td><td>5</td><td></td></tr></table></body></html>"
    )
    path = tmp_path / "odd_span.html"
    path.write_text(page, encoding="utf-8")
    doc = read_document(path)
    assert doc.grids[0].rows[0] == ("信息内容", "本年处理决定数量", "本年处理决定数量")


def test_html_metadata_box_outside_the_article_keeps_its_values(tmp_path):
    # Label and value in sibling cells of a box above the article: the label alone says nothing.
    rows = "".join(f"<tr><td>第{i}行</td><td>{i}</td><td>0</td><td>{i}</td></tr>" for i in range(30))
    page = (
        "<html><head><meta charset='utf-8'></head><body>"
        "<table class='info'><tr><td>发布机构：</td><td>某某县林业局</td></tr>"
        "<tr><td>发文日期：</td><td>2025-01-22</td></tr></table>"
        "<div class='article'><p>某某县林业局2024年政府信息公开工作年度报告</p><p>一、总体情况</p>"
        f"<p>本年度我局依法做好政府信息公开工作。</p><table border='1'>{rows}</table></div></body></html>"
    )
    path = tmp_path / "box.html"
    path.write_text(page, encoding="utf-8")
    text = read_document(path).text
    assert "发文日期:2025-01-22" in text and "发布机构:某某县林业局" in text
