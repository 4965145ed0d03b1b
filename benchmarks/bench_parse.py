"""Print reports/s on one core for read -> normalise -> sections -> tables, per format, beside the bare reader.

    PYTHONPATH=. python benchmarks/bench_parse.py [--seconds 1.0] [--dir DIR] [--formats txt,md,html]

Without ``--dir`` it writes one synthetic report (about 3,000 characters of narrative and the three
tables of the 2021 template, the table 三 with its rowspans) in every format to a temp dir: TXT with
tab rows, Markdown, HTML with rowspan/colspan and page noise, DOCX with merged cells (python-docx),
PDF with ruling-line tables and page headers (reportlab, STSong-Light). With ``--dir`` it measures the
files found there instead (e.g. ``corpora/demo``), grouped by the format the reader sniffs. Two
lines at the end say how fast this machine is: the "read + regex floor" the 500/s aim was set beside,
and a pure-Python loop (the parser is Python-bound; the floor mostly is not).

"bare" is the cheapest way to get at the content with the same library: read + decode for text,
``lxml.html.document_fromstring`` for HTML, ``docx.Document(path)`` for DOCX and pypdfium2
``get_text_range`` on every page for PDF. Timings are not asserted anywhere; this script only prints.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from mining.process import tune_worker_gc
from mining.readers import read_document
from mining.sections import segment_sections
from mining.tables import parse_tables

TARGET = {"txt": "≥500/s", "md": "≥500/s", "html": "≥500/s", "docx": "≤1.5x bare", "pdf": "≤10x bare"}

INTRO = (
    "根据《中华人民共和国政府信息公开条例》规定，现发布本机关本年度政府信息公开工作年度报告。"
    "报告所列数据的统计期限自1月1日起至12月31日止。"
)
PARA = (
    "本年度，我局围绕中心工作，持续深化政务公开，通过门户网站、政务新媒体和公开栏等渠道主动公开各类信息{n}条，"
    "及时回应群众关切，不断提升政府信息公开的规范化水平，工作人员业务能力进一步增强。"
)
SECTIONS = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]
RESULTS = [
    ("三、本年度办理结果", "(一)予以公开", ""),
    ("", "(二)部分公开", ""),
    *[("", "(三)不予公开", f"{i}.不予公开情形{i}") for i in range(1, 9)],
    *[("", "(四)无法提供", f"{i}.无法提供情形{i}") for i in range(1, 4)],
    *[("", "(五)不予处理", f"{i}.不予处理情形{i}") for i in range(1, 6)],
    *[("", "(六)其他处理", f"{i}.其他处理情形{i}") for i in range(1, 4)],
    ("", "(七)总计", ""),
]
COLS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]


def _t2() -> list[list[str]]:
    rows = [["第二十条第(一)项", "", "", ""], ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]]
    rows += [["规章", "0", "0", "2"], ["行政规范性文件", "3", "1", "14"]]
    rows += [
        ["第二十条第(五)项", "", "", ""],
        ["信息内容", "本年处理决定数量", "", ""],
        ["行政许可", "126", "", ""],
    ]
    rows += [["第二十条第(六)项", "", "", ""], ["行政处罚", "35", "", ""], ["行政强制", "2", "", ""]]
    rows += [
        ["第二十条第(八)项", "", "", ""],
        ["信息内容", "本年收费金额(单位:万元)", "", ""],
        ["行政事业性收费", "0", "", ""],
    ]
    return rows


def _t3() -> list[list[str]]:
    rows = [["", "", "", "申请人情况"] + [""] * 6, ["", "", ""] + COLS]
    rows += [["一、本年新收政府信息公开申请数量", "", "", "5", "1", "0", "0", "0", "0", "6"]]
    rows += [["二、上年结转政府信息公开申请数量", "", "", "0", "0", "0", "0", "0", "0", "0"]]
    for a, b, c in RESULTS:
        rows.append([a, b, c] + ["1" if b == "(一)予以公开" else "0"] * 7)
    rows += [["四、结转下年度继续办理", "", "", "0", "0", "0", "0", "0", "0", "0"]]
    return rows


def _t4() -> list[list[str]]:
    head = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    return [["行政复议"] * 5 + ["行政诉讼"] * 10, head * 3, ["0"] * 15]


def _narrative() -> list[tuple[str, list[list[str]] | None]]:
    blocks: list[tuple[str, list[list[str]] | None]] = [
        ("某某县民政局2024年政府信息公开工作年度报告", None),
        (INTRO, None),
    ]
    for i, heading in enumerate(SECTIONS):
        blocks.append((heading, None))
        table = {1: _t2(), 2: _t3(), 3: _t4()}.get(i)
        if table:
            blocks.append(("", table))
        for k in range(3 if i in (0, 4) else 2):
            blocks.append((PARA.format(n=100 + 7 * i + k), None))
    blocks.append(("某某县民政局\n2025年1月20日", None))
    return blocks


def write_txt(path: Path, md: bool = False) -> None:
    out = []
    for text, table in _narrative():
        if table is None:
            out.append(("## " if md and text in SECTIONS else "") + text)
        elif md:
            out.append("| " + " | ".join(table[0]) + " |")
            out.append("|" + "---|" * len(table[0]))
            out += ["| " + " | ".join(r) + " |" for r in table[1:]]
        else:
            out += ["\t".join(r) for r in table]
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def write_html(path: Path) -> None:
    parts = [
        "<html><head><meta charset='utf-8'><title>年度报告</title><script>var a=1;</script></head><body>"
    ]
    parts.append("<div class='nav'><a href='/'>首页</a><a href='/x'>政务公开</a></div><div class='content'>")
    for text, table in _narrative():
        if table is None:
            parts.append(f"<p>{text}</p>")
            continue
        parts.append("<table border='1'>")
        for r, row in enumerate(table):
            cells = []
            for c, cell in enumerate(row):
                if r >= 4 and c == 0 and table is not None and len(row) == 10 and r - 4 < len(RESULTS):
                    if r == 4:
                        cells.append(f"<td rowspan='{len(RESULTS)}'>{cell}</td>")
                    continue
                cells.append(f"<td>{cell or '&nbsp;'}</td>")
            parts.append("<tr>" + "".join(cells) + "</tr>")
        parts.append("</table>")
    parts.append("</div><div class='footer'>主办单位：某某县人民政府办公室</div></body></html>")
    path.write_text("".join(parts), encoding="utf-8")


def write_docx(path: Path) -> None:
    import docx

    d = docx.Document()
    for text, table in _narrative():
        if table is None:
            d.add_paragraph(text)
            continue
        t = d.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            cells = t.rows[r].cells
            for c, cell in enumerate(row):
                cells[c].text = cell
        if len(table[0]) == 10:
            t.cell(4, 0).merge(t.cell(3 + len(RESULTS), 0))
    d.save(path)


def write_pdf(path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("cn", fontName="STSong-Light", fontSize=10.5, leading=15, wordWrap="CJK")
    story = []
    for text, table in _narrative():
        if table is None:
            story.append(Paragraph(text.replace("\n", "<br/>"), style))
            continue
        t = Table(table, repeatRows=0)
        ts = [("FONTNAME", (0, 0), (-1, -1), "STSong-Light"), ("FONTSIZE", (0, 0), (-1, -1), 6)]
        ts.append(("GRID", (0, 0), (-1, -1), 0.4, "black"))
        t.setStyle(TableStyle(ts))
        story.append(t)

    def on_page(canvas, doc):
        canvas.setFont("STSong-Light", 9)
        canvas.drawCentredString(A4[0] / 2, 30, f"- {doc.page} -")

    SimpleDocTemplate(str(path), pagesize=A4).build(story, onFirstPage=on_page, onLaterPages=on_page)


def bare_reader(fmt: str) -> Callable[[Path], object]:
    if fmt in {"txt", "md"}:

        def decode(p: Path) -> str:
            data = p.read_bytes()
            try:
                return data.decode("utf-8-sig")
            except UnicodeDecodeError:  # the GB18030 files of a corpus
                return data.decode("gb18030")

        return decode
    if fmt == "html":
        import lxml.html

        return lambda p: lxml.html.document_fromstring(p.read_bytes())
    if fmt == "docx":
        import docx

        return lambda p: docx.Document(str(p))
    import pypdfium2 as pdfium

    def pdf_text(p: Path) -> str:
        pdf = pdfium.PdfDocument(p.read_bytes())
        try:
            return "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
        finally:
            pdf.close()

    return pdf_text


_FLOOR_RE = re.compile(r"^[一二三四五六七八九十]、.*$|\d+", re.MULTILINE)


def floor(path: Path) -> object:
    """The issue's "read + regex floor": read, decode and one regex pass over the text."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030")
    return _FLOOR_RE.findall(text)


def python_speed(seconds: float) -> float:
    """Return millions of iterations/s of a small pure-Python loop: how fast this machine runs Python
    (machines differ far more here than in reading a file, which the floor above mostly measures)."""
    n, t0 = 0, time.process_time()
    while time.process_time() - t0 < seconds:
        total = 0
        for i in range(100_000):
            total += i & 7
        n += 100_000
    return n / (time.process_time() - t0) / 1e6


def full_parse(path: Path) -> object:
    doc = read_document(path)
    return parse_tables(doc, segment_sections(doc.text))


def rate(fn: Callable[[Path], object], files: list[Path], seconds: float) -> float:
    """Return the median reports/s over three rounds of about `seconds` of CPU time each.

    CPU time of this process (not wall time), so that other jobs on the machine do not count.
    """
    fn(files[0])  # warm up imports and caches
    rounds = []
    for _ in range(3):
        n, t0 = 0, time.process_time()
        while time.process_time() - t0 < seconds:
            fn(files[n % len(files)])
            n += 1
        rounds.append(n / (time.process_time() - t0))
    return statistics.median(rounds)


def files_by_format(folder: Path) -> dict[str, list[Path]]:
    """Return the files below `folder` grouped by the format the reader sniffs (unreadable ones and
    ground-truth JSON left out)."""
    groups: dict[str, list[Path]] = {}
    for p in sorted(folder.rglob("*")):
        if p.is_file() and not p.name.endswith(".json"):
            try:
                groups.setdefault(read_document(p).format, []).append(p)
            except Exception:  # noqa: BLE001 - unreadable files are not benchmarked
                pass
    return groups


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=1.0)
    ap.add_argument("--dir", type=Path)
    ap.add_argument(
        "--formats", default="txt,md,html,docx,pdf", help="comma-separated formats to time (default: all)"
    )
    ap.add_argument(
        "--gc",
        choices=("batch", "default"),
        default="batch",
        help="garbage-collector settings: a corpus worker's (mining.process, the default) or CPython's",
    )
    args = ap.parse_args(argv)
    if args.gc == "batch":
        tune_worker_gc()
    groups: dict[str, list[Path]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        if args.dir:
            groups = files_by_format(args.dir)
        else:
            t = Path(tmp)
            write_txt(t / "r.txt")
            write_txt(t / "r.md", md=True)
            write_html(t / "r.html")
            write_docx(t / "r.docx")
            write_pdf(t / "r.pdf")
            groups = {p.suffix[1:]: [p] for p in sorted(t.iterdir())}
        settings = "a corpus worker's (mining.process)" if args.gc == "batch" else "CPython's defaults"
        print(f"garbage collector: {settings}")
        print(
            f"{'format':<6} {'files':>5} {'full rep/s':>11} {'bare rep/s':>11} {'ratio':>7}  target   (chars, grids)"
        )
        for fmt in ("txt", "md", "html", "docx", "pdf"):
            files = groups.get(fmt) if fmt in args.formats.split(",") else None
            if not files:
                continue
            doc = read_document(files[0])
            full = rate(full_parse, files, args.seconds)
            bare = rate(bare_reader(fmt), files, args.seconds)
            print(
                f"{fmt:<6} {len(files):>5} {full:>11.0f} {bare:>11.0f} {bare / full:>6.1f}x  {TARGET[fmt]:<8} "
                f"({len(doc.text)}, {len(doc.grids)} via {doc.reader})"
            )
        text_files = groups.get("txt") or groups.get("md")
        if text_files:
            print(
                f"floor (read + decode + one regex pass, {text_files[0].suffix[1:]}): "
                f"{rate(floor, text_files, args.seconds):.0f}/s"
            )
        print(
            f"python speed: {python_speed(args.seconds):.1f} M loop iterations/s "
            "(instructions per report, machine-independent: bench_instructions.py)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
