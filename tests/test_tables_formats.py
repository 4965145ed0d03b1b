"""Synthetic tables written as real HTML, DOCX and PDF files, read by the readers, parsed back.

The merged cells of the official layout (rowspan 22 over 「三、本年度办理结果」, the 3×3 note, colspan 3
value cells of table 二, table 四's two-level header) are written as real rowspan/colspan, Word merges
and reportlab SPANs, so the parser meets the grids exactly as the readers expand them.
"""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from mining.readers import read_document
from mining.sections import segment_sections
from mining.tables import parse_tables

from .test_tables_layouts import (
    HEADS,
    Cell,
    expected_cells,
    t2_grid,
    t3_grid,
    t3_values,
    t4_grid,
    t4_transposed,
)

TITLE = "测试县示例局2023年政府信息公开工作年度报告"
INTRO = "本机关依法做好政府信息公开工作，公开渠道进一步拓宽，办理质量稳步提升。"
OUTRO = [
    ("五、存在的主要问题及改进情况", "一是公开内容还不够丰富。"),
    ("六、其他需要报告的事项", "本年度未收取信息处理费。"),
]


def rects(rows: list[list[Cell]]) -> list[tuple[int, int, int, int, str]]:
    """Return (row, col, rowspan, colspan, text) of every merged cell of an expanded grid."""
    out = []
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if cell.spanned:
                continue
            cs = 1
            while c + cs < len(row) and row[c + cs].spanned and row[c + cs].text == cell.text:
                cs += 1
            rs = 1
            while r + rs < len(rows) and rows[r + rs][c].spanned and rows[r + rs][c].text == cell.text:
                rs += 1
            out.append((r, c, rs, cs, cell.text))
    return out


def _tables(template: str, transposed: bool = False):
    vals = t3_values(template)
    four = t4_transposed() if transposed else t4_grid()
    return [t2_grid(template), t3_grid(template, vals), four], expected_cells(template, vals)


def write_html(path: Path, tables) -> Path:
    parts = ["<html><head><script>var x = 1;</script></head><body>", '<div class="nav">首页 | 政务公开</div>']
    parts += ['<div class="article">', f"<h1>{TITLE}</h1>", "<p>一、总体情况</p>", f"<p>{INTRO}</p>"]
    for head, rows in zip(HEADS, tables, strict=True):
        parts.append(f"<p>{head}</p><table border='1'>")
        by_row: dict[int, list[str]] = {}
        for r, _c, rs, cs, text in rects(rows):
            attrs = (f" rowspan='{rs}'" if rs > 1 else "") + (f" colspan='{cs}'" if cs > 1 else "")
            body = "<br/>".join(html.escape(t) for t in text.split("\n")) if text else "&nbsp;"
            by_row.setdefault(r, []).append(f"<td{attrs}>{body}</td>")
        parts += [f"<tr>{''.join(by_row.get(r, []))}</tr>" for r in range(len(rows))]
        parts.append("</table>")
    for head, text in OUTRO:
        parts.append(f"<p>{head}</p><p>{text}</p>")
    parts.append("</div></body></html>")
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


def write_docx(path: Path, tables) -> Path:
    import docx

    d = docx.Document()
    d.add_paragraph(TITLE)
    d.add_paragraph("一、总体情况")
    d.add_paragraph(INTRO)
    for head, rows in zip(HEADS, tables, strict=True):
        d.add_paragraph(head)
        t = d.add_table(rows=len(rows), cols=max(len(r) for r in rows))
        for r, c, rs, cs, text in rects(rows):
            t.cell(r, c).text = text
            if rs > 1 or cs > 1:
                t.cell(r, c).merge(t.cell(r + rs - 1, c + cs - 1))
    for head, text in OUTRO:
        d.add_paragraph(head)
        d.add_paragraph(text)
    d.save(path)
    return path


def assert_cells(path: Path, expected: dict, fmt: str) -> None:
    doc = read_document(path)
    assert doc.format == fmt and doc.grids
    got = {c.key: c for c in parse_tables(doc, segment_sections(doc.text))}
    wrong = {
        k: (v, (got[k].value, got[k].placeholder) if k in got else "missing")
        for k, v in expected.items()
        if k not in got or (got[k].value, got[k].placeholder) != v
    }
    assert not wrong
    assert set(got) == set(expected)
    assert all(c.source.startswith(fmt) for c in got.values())


@pytest.mark.parametrize("transposed", [False, True])
@pytest.mark.parametrize("template", ["2021", "2019"])
def test_html_with_rowspan_and_colspan(tmp_path, template, transposed):
    tables, expected = _tables(template, transposed)
    assert_cells(write_html(tmp_path / "r.html", tables), expected, "html")


@pytest.mark.parametrize("template", ["2021", "2019"])
def test_docx_with_merged_cells(tmp_path, template):
    tables, expected = _tables(template)
    assert_cells(write_docx(tmp_path / "r.docx", tables), expected, "docx")


def write_pdf(path: Path, tables) -> Path:
    pytest.importorskip("reportlab")
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    font = "STSong-Light"
    pdfmetrics.registerFont(UnicodeCIDFont(font))
    style = ParagraphStyle("cn", fontName=font, fontSize=10, leading=14, wordWrap="CJK")
    story = [Paragraph(TITLE, style), Paragraph("一、总体情况", style), Paragraph(INTRO, style)]
    for head, rows in zip(HEADS, tables, strict=True):
        story.append(Paragraph(head, style))
        data = [["" for _ in row] for row in rows]
        spans = []
        for r, c, rs, cs, text in rects(rows):
            data[r][c] = text
            if rs > 1 or cs > 1:
                spans.append(("SPAN", (c, r), (c + cs - 1, r + rs - 1)))
        t = Table(data)
        t.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), font),
                    ("FONTSIZE", (0, 0), (-1, -1), 5),
                    ("GRID", (0, 0), (-1, -1), 0.5, "black"),
                    *spans,
                ]
            )
        )
        story.append(t)
    for head, text in OUTRO:
        story += [Paragraph(head, style), Paragraph(text, style)]
    SimpleDocTemplate(str(path), pagesize=landscape(A4)).build(story)
    return path


@pytest.mark.parametrize("template", ["2021", "2019"])
def test_pdf_with_ruled_tables(tmp_path, template):
    tables, expected = _tables(template)
    assert_cells(write_pdf(tmp_path / "r.pdf", tables), expected, "pdf")


def test_a_table_printed_twice_keeps_the_first_copy(tmp_path):
    """Each key once, first wins: a page that prints table 三 again (a corrected copy pasted below the
    first, or the table repeated in an attachment) keeps the first copy's values."""
    vals = t3_values("2021")
    again = {k: [str(int(v) + 1) if v.isdecimal() else v for v in row] for k, row in vals.items()}
    tables = [t2_grid("2021"), t3_grid("2021", vals), t4_grid()]
    page = write_html(tmp_path / "once.html", tables).read_text(encoding="utf-8")
    twice = write_html(tmp_path / "twice.html", [t2_grid("2021"), t3_grid("2021", again), t4_grid()])
    second_t3 = twice.read_text(encoding="utf-8").split("<table")[2].split("</table>")[0]
    head_t4 = "<p>" + HEADS[2] + "</p>"
    twice.write_text(page.replace(head_t4, f"<table{second_t3}</table>\n{head_t4}"), encoding="utf-8")

    doc = read_document(twice)
    cells = parse_tables(doc, segment_sections(doc.text))
    keys = [c.key for c in cells]
    assert len(keys) == len(set(keys))
    got = {c.key: c for c in cells}
    assert got["t3.new.natural_person"].raw == "1,204"  # not the second copy's value
    assert got["t3.disclosed.total"].value == int(vals["disclosed"][6])
    assert len(doc.grids) == 4
