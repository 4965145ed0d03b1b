"""Render the generator's blocks as TXT, Markdown, HTML, DOCX or PDF bytes, in several layouts.

Layouts follow what converters and CMSs really produce (domain.md §9): tab-separated table rows,
one cell per line (tab-indented, a blank line between rows), space-aligned columns as a PDF text
export prints them (header words split over two lines), pipe tables, HTML pasted from Word with
rowspan/colspan and ``<br>`` in header cells among site navigation and scripts, DOCX tables with
merged cells, and PDFs with ruled tables and a running header/footer with page numbers.
Output is byte-for-byte deterministic (fixed ZIP timestamps, invariant PDF metadata).
"""

from __future__ import annotations

import html
import io
import unicodedata
import zipfile
from dataclasses import dataclass

from .doc import Block, Cell, Table

FORMATS: tuple[str, ...] = ("txt", "md", "html", "docx", "pdf")
LAYOUTS: dict[str, tuple[str, ...]] = {
    "txt": ("tabs", "cells", "spaces"),
    "md": ("pipe",),
    "html": ("cms", "plain"),
    "docx": ("merged",),
    "pdf": ("ruled",),
}


@dataclass(frozen=True)
class RenderStyle:
    """Per-report presentation choices that do not change the content."""

    markup: str = ""
    """Heading markup in TXT: ``""``, ``bold`` (``**…**``) or ``hash`` (``# …``)."""
    encoding: str = "utf-8"
    md_breaks: bool = False
    running_head: str = ""


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _flat(text: str) -> str:
    return text.replace("\n", "")


# ----------------------------------------------------------------------------- text formats


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _table_tabs(t: Table) -> list[str]:
    out = []
    for row in t.grid():
        out.append("\t".join(_flat(c.text) if c else "" for c in row))
    return out


def _table_cells(t: Table) -> list[str]:
    """One cell per line, tab-indented; a vertically merged position prints as an empty cell."""
    out: list[str] = []
    covered: set[tuple[int, int]] = set()
    for r, row in enumerate(t.grid()):
        for c, cell in enumerate(row):
            if cell is not None:
                for dr in range(1, cell.rs):
                    covered.add((r + dr, c))
                out.append("\t" + cell.text)
            elif (r, c) in covered:
                out.append("\t")
        out.append("")
    return out


def _table_spaces(t: Table) -> list[str]:
    """Space-aligned columns; a header cell broken over lines prints its parts on two lines."""
    grid = t.grid()
    widths = [0] * t.ncols
    for row in grid:
        for c, cell in enumerate(row):
            if cell and cell.cs == 1:
                widths[c] = max(widths[c], max(_width(x) for x in _lines(cell.text)))
    below: set[tuple[int, int]] = set()
    for r, row in enumerate(grid):
        for c, cell in enumerate(row):
            if cell:
                for dr in range(1, cell.rs):
                    for dc in range(cell.cs):
                        below.add((r + dr, c + dc))
    out = []
    for r, row in enumerate(grid):
        height = max((len(_lines(cell.text)) for cell in row if cell), default=1)
        for k in range(height):
            parts = []
            for c, cell in enumerate(row):
                if cell is None:
                    if (r, c) in below:  # under a vertically merged cell: keep the column's room
                        parts.append(" " * widths[c])
                    continue
                pieces = _lines(cell.text)
                text = pieces[k] if k < len(pieces) else ""
                span_width = sum(widths[c : c + cell.cs]) + 2 * (cell.cs - 1)
                parts.append(text + " " * max(0, span_width - _width(text)))
            out.append("  ".join(parts).rstrip())
    return out


def _table_pipe(t: Table, breaks: bool) -> list[str]:
    grid = t.grid()

    def cell_text(cell: Cell | None) -> str:
        if cell is None:
            return ""
        return cell.text.replace("\n", "<br>" if breaks else "")

    out = ["| " + " | ".join(cell_text(c) for c in grid[0]) + " |", "|" + "---|" * t.ncols]
    for row in grid[1:]:
        out.append("| " + " | ".join(cell_text(c) for c in row) + " |")
    return out


def render_text(blocks: list[Block], fmt: str, layout: str, style: RenderStyle) -> str:
    """Return the report as TXT (tabs, cells or spaces layout) or Markdown text."""
    out: list[str] = []
    md = fmt == "md"
    for b in blocks:
        if b.kind == "title":
            out += [("# " if md else "") + line for line in b.lines] + [""]
        elif b.kind == "h1":
            first, *rest = _lines(b.text)
            if md:
                first = "## " + first
            elif style.markup == "bold":
                first = f"**{first}**"
            elif style.markup == "hash":
                first = "# " + first
            out += [first, *rest, ""] if md else [first, *rest]
        elif b.kind == "h2":
            out += [("### " + b.text) if md else b.text] + ([""] if md else [])
        elif b.kind == "p":
            out += [b.text] + ([""] if md else [])
        elif b.kind == "table":
            assert b.table is not None
            if md:
                out += _table_pipe(b.table, style.md_breaks) + [""]
            elif layout == "cells":
                out += _table_cells(b.table)
            elif layout == "spaces":
                out += _table_spaces(b.table) + [""]
            else:
                out += _table_tabs(b.table) + [""]
        elif b.kind == "sign":
            out += [""] + list(b.lines)
    return "\n".join(out).rstrip("\n") + "\n"


# ----------------------------------------------------------------------------- HTML

_NAV = """<div class="top-bar"><a href="/">首页</a> | <a href="/zwgk/">政务公开</a> | <a href="/hdjl/">互动交流</a> | <a href="/bsfw/">办事服务</a></div>
<div class="nav"><ul><li><a href="/zwgk/zfxxgkzd/">政府信息公开制度</a></li><li><a href="/zwgk/fdzdgknr/">法定主动公开内容</a></li><li><a href="/zwgk/zfxxgknb/">政府信息公开年报</a></li><li><a href="/zwgk/ysqgk/">依申请公开</a></li></ul></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 政府信息公开年报</div>"""
_FOOT = """<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> 【<a href="javascript:window.print()">打印</a>】【<a href="javascript:window.close()">关闭</a>】</div>
<div class="footer"><p>主办单位：{owner}　版权所有</p><p>网站标识码：0000000000　备案号：示例ICP备00000000号</p></div>
<script>var _hmt = _hmt || []; (function(){{ var hm = document.createElement("script"); hm.src = "/stat.js"; }})();</script>"""


def _html_table(t: Table, cms: bool) -> str:
    attrs = (
        ' border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse;width:100%"'
        if cms
        else ' border="1"'
    )
    rows = []
    for row in t.rows:
        cells = []
        for cell in row:
            span = (f' rowspan="{cell.rs}"' if cell.rs > 1 else "") + (
                f' colspan="{cell.cs}"' if cell.cs > 1 else ""
            )
            text = "<br/>".join(html.escape(x) for x in _lines(cell.text)) if cell.text else "&nbsp;"
            if cms:
                width = ' width="64" nowrap' if cell.key else ""
                cells.append(
                    f'<td{span}{width} style="border:solid windowtext 1.0pt;"><p class="MsoNormal" align="center"><span style="font-size:10.5pt">{text}</span></p></td>'
                )
            else:
                cells.append(f"<td{span}>{text}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table{attrs}><tbody>" + "\n".join(rows) + "</tbody></table>"


def render_html(blocks: list[Block], layout: str, *, agency: str, date: str, owner: str) -> str:
    """Return a full HTML page: site chrome around an article holding the report."""
    cms = layout == "cms"
    body: list[str] = []
    title = ""
    for b in blocks:
        if b.kind == "title":
            title = "".join(b.lines)
            body.append(f'<h1 class="article-title">{html.escape(title)}</h1>')
            if cms:
                body.append(
                    f'<table class="meta-box"><tr><td>索引号：000000000/{date[:4]}-00001</td><td>发布机构：{html.escape(agency)}</td></tr>'
                    f"<tr><td>发布日期：{date}</td><td>分类：政府信息公开年报</td></tr></table>"
                )
        elif b.kind == "h1":
            parts = [html.escape(x) for x in _lines(b.text)]
            if cms:
                body += [f'<p style="text-indent:2em"><strong>{p}</strong></p>' for p in parts]
            else:
                body.append("<h2>" + "<br/>".join(parts) + "</h2>")
        elif b.kind == "h2":
            body.append(
                f'<p style="text-indent:2em"><b>{html.escape(b.text)}</b></p>'
                if cms
                else f"<h3>{html.escape(b.text)}</h3>"
            )
        elif b.kind == "p":
            body.append(
                f'<p style="text-indent:2em">{html.escape(b.text)}</p>'
                if cms
                else f"<p>{html.escape(b.text)}</p>"
            )
        elif b.kind == "table":
            assert b.table is not None
            body.append(_html_table(b.table, cms))
        elif b.kind == "sign":
            body += [f'<p style="text-align:right">{html.escape(x)}</p>' for x in b.lines]
    head = (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title>"
        '<link rel="stylesheet" href="/css/main.css"><style>.nav li{display:inline}</style>'
        '<script src="/js/jquery.min.js"></script></head><body>'
    )
    article = '<div class="article"><div class="content" id="zoom">' + "\n".join(body) + "</div></div>"
    if not cms:
        return head + "\n" + article + "\n</body></html>\n"
    return (
        head
        + "\n"
        + _NAV
        + "\n"
        + article
        + "\n"
        + _FOOT.format(owner=html.escape(owner))
        + "\n</body></html>\n"
    )


# ----------------------------------------------------------------------------- DOCX

_FIXED_TIME = (2020, 1, 1, 0, 0, 0)


def _deterministic_zip(data: bytes) -> bytes:
    """Return the same ZIP with fixed timestamps and order, so equal input gives equal bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, src.read(info.filename))
    return buf.getvalue()


def render_docx(blocks: list[Block]) -> bytes:
    """Return a DOCX: headings as bold paragraphs, tables with merged cells."""
    import datetime as dt

    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    d = Document()
    normal = d.styles["Normal"]
    normal.font.name = "SimSun"
    normal.font.size = Pt(10.5)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    fixed = dt.datetime(2020, 1, 1)
    d.core_properties.created = fixed
    d.core_properties.modified = fixed
    d.core_properties.last_printed = fixed
    d.core_properties.author = "xxgk-synth"
    for b in blocks:
        if b.kind == "title":
            for line in b.lines:
                p = d.add_paragraph()
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                run = p.add_run(line)
                run.bold = True
                run.font.size = Pt(16)
        elif b.kind in ("h1", "h2"):
            for line in _lines(b.text):
                p = d.add_paragraph()
                p.add_run(line).bold = True
        elif b.kind == "p":
            d.add_paragraph(b.text)
        elif b.kind == "sign":
            for line in b.lines:
                p = d.add_paragraph(line)
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif b.kind == "table":
            assert b.table is not None
            t = b.table
            table = d.add_table(rows=len(t.rows), cols=t.ncols)
            table.style = "Table Grid"
            grid = t.grid()
            # Fill every cell from one snapshot of the unmerged grid, then merge: python-docx's
            # table.cell() rebuilds the grid on each call, which is quadratic over a 280-cell table.
            flat = table._cells
            for r, row in enumerate(grid):
                for c, cell in enumerate(row):
                    if cell is None:
                        continue
                    target = flat[r * t.ncols + c]
                    pieces = _lines(cell.text)
                    target.paragraphs[0].text = pieces[0]
                    for extra in pieces[1:]:
                        target.add_paragraph(extra)
            for r, row in enumerate(grid):
                for c, cell in enumerate(row):
                    if cell is not None and (cell.rs > 1 or cell.cs > 1):
                        table.cell(r, c).merge(table.cell(r + cell.rs - 1, c + cell.cs - 1))
    buf = io.BytesIO()
    d.save(buf)
    return _deterministic_zip(buf.getvalue())


# ----------------------------------------------------------------------------- PDF

_FONT = "STSong-Light"


def render_pdf(blocks: list[Block], *, running_head: str) -> bytes:
    """Return a PDF (reportlab, built-in CID font): ruled tables, page header and numbered footer."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, TableStyle
    from reportlab.platypus import Table as RLTable

    if _FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(_FONT))
    body = ParagraphStyle(
        "body", fontName=_FONT, fontSize=10.5, leading=17, firstLineIndent=21, wordWrap="CJK"
    )
    head1 = ParagraphStyle("h1", parent=body, fontSize=12, leading=20, firstLineIndent=0, spaceBefore=6)
    head2 = ParagraphStyle("h2", parent=body, fontSize=10.5, firstLineIndent=21)
    title = ParagraphStyle(
        "title", parent=body, fontSize=16, leading=24, alignment=TA_CENTER, firstLineIndent=0
    )
    sign = ParagraphStyle("sign", parent=body, alignment=TA_RIGHT, firstLineIndent=0)
    cell_style = ParagraphStyle(
        "cell", fontName=_FONT, fontSize=7, leading=9, alignment=TA_CENTER, wordWrap="CJK"
    )

    def esc(s: str) -> str:
        return html.escape(s).replace("\n", "<br/>")

    story: list = []
    width = A4[0] - 36 * mm
    for b in blocks:
        if b.kind == "title":
            story += [Paragraph(esc(line), title) for line in b.lines] + [Spacer(1, 6)]
        elif b.kind == "h1":
            story += [Paragraph(esc(line), head1) for line in _lines(b.text)]
        elif b.kind == "h2":
            story.append(Paragraph(esc(b.text), head2))
        elif b.kind == "p":
            story.append(Paragraph(esc(b.text), body))
        elif b.kind == "sign":
            story += [Spacer(1, 12)] + [Paragraph(esc(x), sign) for x in b.lines]
        elif b.kind == "table":
            assert b.table is not None
            t = b.table
            grid = t.grid()
            data = [[Paragraph(esc(c.text), cell_style) if c else "" for c in row] for row in grid]
            spans = []
            for r, row in enumerate(grid):
                for c, cell in enumerate(row):
                    if cell and (cell.rs > 1 or cell.cs > 1):
                        spans.append(("SPAN", (c, r), (c + cell.cs - 1, r + cell.rs - 1)))
            if t.name == "t3" and t.ncols == 10:
                label = [0.09, 0.12, 0.26]
                widths = [width * x for x in label] + [width * (1 - sum(label)) / 7] * 7
            elif t.name == "t3":  # transposed: one or two label columns, then every result row
                n_label = t.ncols - sum(1 for c in grid[-1] if c is not None and c.key)
                label = [0.1 / n_label] * n_label if n_label > 1 else [0.08]
                widths = [width * x for x in label] + [width * (1 - sum(label)) / (t.ncols - n_label)] * (
                    t.ncols - n_label
                )
            else:
                widths = [width / t.ncols] * t.ncols
            rl = RLTable(data, colWidths=widths, repeatRows=0)
            rl.setStyle(
                TableStyle(
                    [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
                    + spans
                )
            )
            story += [Spacer(1, 4), rl, Spacer(1, 6)]

    def decorate(canvas, doc) -> None:  # noqa: ANN001 - reportlab callback signature
        canvas.saveState()
        canvas.setFont(_FONT, 8)
        canvas.drawCentredString(A4[0] / 2, A4[1] - 12 * mm, running_head)
        canvas.line(18 * mm, A4[1] - 14 * mm, A4[0] - 18 * mm, A4[1] - 14 * mm)
        canvas.drawCentredString(A4[0] / 2, 10 * mm, f"- {doc.page} -")
        canvas.restoreState()

    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=20 * mm,
        bottomMargin=18 * mm,
        invariant=1,
        title=running_head,
        author="xxgk-synth",
        creator="xxgk-synth",
        producer="xxgk-synth",
    )
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return buf.getvalue()
