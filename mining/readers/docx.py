"""DOCX: paragraphs and tables of ``word/document.xml`` in document order, read with lxml directly.

python-docx builds a proxy object per paragraph, run and cell (``row.cells`` alone is most of its
load time) and exposes neither vMerge continuation nor automatic list numbers. Reading the XML once
with lxml is several times faster, expands gridSpan/vMerge exactly, and renders Word's automatic
numbering (「一、」「(一)」 produced by numbering.xml, which heading detection needs).

The zip is checked before anything is expanded: member sizes as declared, then a bounded read, so a
zip bomb is refused instead of filling memory.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass, field

from lxml import etree

from ..model import ReadError
from ._render import TextBuilder

MAX_UNCOMPRESSED = 200 * 1024 * 1024
"""Refuse a DOCX whose parts would expand beyond this many bytes (a real report is a few MB)."""

_NS_TRANSITIONAL = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)

_CN_DIGITS = "零一二三四五六七八九"


def _cn_number(n: int) -> str:
    if n <= 0:
        return str(n)
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    return str(n)


def _roman(n: int) -> str:
    vals = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"))
    vals += ((40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for v, s in vals:
        while n >= v:
            out, n = out + s, n - v
    return out


def _format_number(n: int, fmt: str) -> str:
    if fmt in {"chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "japaneseCounting"}:
        return _cn_number(n)
    if fmt == "ideographTraditional":
        return "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10]
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n)
    if fmt in {"upperLetter", "lowerLetter"}:
        s = chr(ord("A") + (n - 1) % 26)
        return s if fmt == "upperLetter" else s.lower()
    if fmt in {"upperRoman", "lowerRoman"}:
        s = _roman(n)
        return s if fmt == "upperRoman" else s.lower()
    if fmt in {"bullet", "none"}:
        return ""
    return str(n)


@dataclass
class _Numbering:
    """Word's list numbering: numId -> level formats, and the running counters while reading."""

    levels: dict[str, dict[int, tuple[str, str, int]]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    style_num: dict[str, tuple[str, int]] = field(default_factory=dict)

    def label(self, num_id: str, ilvl: int) -> str:
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        fmt, text, start = levels[ilvl]
        counts = self.counters.setdefault(num_id, {})
        counts[ilvl] = counts.get(ilvl, start - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]
        if fmt == "bullet":
            return ""
        out = text
        for lvl in range(ilvl, -1, -1):
            if f"%{lvl + 1}" in out:
                value = counts.get(lvl, levels.get(lvl, ("decimal", "", 1))[2])
                out = out.replace(f"%{lvl + 1}", _format_number(value, levels.get(lvl, (fmt,))[0]))
        return out


class _Reader:
    def __init__(self, ns: str, numbering: _Numbering) -> None:
        self.w = "{" + ns + "}"
        self.num = numbering
        self.n_tables = 0

    def q(self, name: str) -> str:
        return self.w + name

    def run_text(self, el: etree._Element, *, in_cell: bool) -> str:
        parts: list[str] = []
        t, tab, br, cr, hyphen = (self.q(n) for n in ("t", "tab", "br", "cr", "noBreakHyphen"))
        stack = [el]
        while stack:
            e = stack.pop()
            tag = e.tag
            if tag == t:
                parts.append(e.text or "")
            elif tag == tab:
                parts.append(" ")
            elif tag == br or tag == cr:
                parts.append("\n")
            elif tag == hyphen:
                parts.append("-")
            if tag == _MC_FALLBACK:
                continue  # the same content as mc:Choice, for old readers
            stack.extend(reversed(e))
        return "".join(parts)

    def paragraph(self, p: etree._Element, *, in_cell: bool = False) -> str:
        text = self.run_text(p, in_cell=in_cell)
        ppr = p.find(self.q("pPr"))
        if ppr is None:
            return text
        num_id, ilvl = None, 0
        numpr = ppr.find(self.q("numPr"))
        if numpr is not None:
            nid = numpr.find(self.q("numId"))
            lvl = numpr.find(self.q("ilvl"))
            num_id = nid.get(self.q("val")) if nid is not None else None
            ilvl = int(lvl.get(self.q("val"), "0")) if lvl is not None else 0
        else:
            style = ppr.find(self.q("pStyle"))
            if style is not None and style.get(self.q("val")) in self.num.style_num:
                num_id, ilvl = self.num.style_num[style.get(self.q("val"))]
        if num_id and num_id != "0" and text.strip():
            return self.num.label(num_id, ilvl) + text
        return text

    def cell_text(self, tc: etree._Element) -> str:
        lines: list[str] = []
        for child in self.content(tc):
            if child.tag == self.q("p"):
                lines.append(self.paragraph(child, in_cell=True))
            elif child.tag == self.q("tbl"):
                # A table nested in a cell: its rows become lines of the cell.
                for tr in child.iter(self.q("tr")):
                    lines.append(" ".join(self.run_text(tc2, in_cell=True) for tc2 in tr.iter(self.q("tc"))))
        return "\n".join(lines)

    def content(self, el: etree._Element) -> list[etree._Element]:
        """Return the block children of `el` (paragraphs, tables, cells), looking through sdt/customXml."""
        out: list[etree._Element] = []
        for child in el:
            tag = child.tag
            if tag == self.q("sdt"):
                inner = child.find(self.q("sdtContent"))
                if inner is not None:
                    out.extend(self.content(inner))
            elif tag in (self.q("customXml"), self.q("smartTag")):
                out.extend(self.content(child))
            elif tag in (self.q("p"), self.q("tbl"), self.q("tr"), self.q("tc")):
                out.append(child)
        return out

    def table(self, tbl: etree._Element, builder: TextBuilder) -> None:
        index = self.n_tables
        self.n_tables += 1
        val = self.q("val")
        rows: list[list[str]] = []
        marks: list[list[bool]] = []
        for tr in (e for e in self.content(tbl) if e.tag == self.q("tr")):
            row: list[str] = []
            mark: list[bool] = []
            trpr = tr.find(self.q("trPr"))
            before = trpr.find(self.q("gridBefore")) if trpr is not None else None
            if before is not None:
                n = int(before.get(val, "0") or 0)
                row += [""] * n
                mark += [False] * n
            for tc in (e for e in self.content(tr) if e.tag == self.q("tc")):
                tcpr = tc.find(self.q("tcPr"))
                span, vmerge = 1, None
                if tcpr is not None:
                    gs = tcpr.find(self.q("gridSpan"))
                    if gs is not None:
                        span = max(1, min(int(gs.get(val, "1") or 1), 200))
                    vm = tcpr.find(self.q("vMerge"))
                    if vm is not None:
                        vmerge = vm.get(val, "continue")
                col = len(row)
                if vmerge == "continue" and rows:
                    above = rows[-1]
                    for k in range(span):
                        row.append(above[col + k] if col + k < len(above) else "")
                        mark.append(True)
                    continue
                text = self.cell_text(tc)
                row.append(text)
                mark.append(False)
                for _ in range(span - 1):
                    row.append(text)
                    mark.append(True)
            rows.append(row)
            marks.append(mark)
        builder.add_grid(rows, marks, source=f"docx:table[{index}]")

    def body(self, body: etree._Element, builder: TextBuilder) -> None:
        for child in self.content(body):
            if child.tag == self.q("p"):
                builder.add_text(self.paragraph(child))
            elif child.tag == self.q("tbl"):
                self.table(child, builder)


def _read_member(zf: zipfile.ZipFile, name: str, path: str, budget: int) -> bytes:
    with zf.open(name) as fh:
        data = fh.read(budget + 1)
    if len(data) > budget:
        raise ReadError(
            path, f"DOCX part {name} expands beyond {budget // 2**20} MB", "refused as a zip bomb"
        )
    return data


def _load_numbering(zf: zipfile.ZipFile, names: set[str], ns: str, path: str, budget: int) -> _Numbering:
    num = _Numbering()
    w = "{" + ns + "}"
    if "word/numbering.xml" in names:
        root = etree.fromstring(_read_member(zf, "word/numbering.xml", path, budget), _PARSER)
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for an in root.iter(w + "abstractNum"):
            levels: dict[int, tuple[str, str, int]] = {}
            for lvl in an.iter(w + "lvl"):
                fmt_el, text_el, start_el = (
                    lvl.find(w + "numFmt"),
                    lvl.find(w + "lvlText"),
                    lvl.find(w + "start"),
                )
                levels[int(lvl.get(w + "ilvl", "0"))] = (
                    fmt_el.get(w + "val", "decimal") if fmt_el is not None else "decimal",
                    text_el.get(w + "val", "") if text_el is not None else "",
                    int(start_el.get(w + "val", "1")) if start_el is not None else 1,
                )
            abstract[an.get(w + "abstractNumId", "")] = levels
        for n in root.iter(w + "num"):
            ref = n.find(w + "abstractNumId")
            if ref is not None:
                num.levels[n.get(w + "numId", "")] = abstract.get(ref.get(w + "val", ""), {})
    if "word/styles.xml" in names and num.levels:
        root = etree.fromstring(_read_member(zf, "word/styles.xml", path, budget), _PARSER)
        for st in root.iter(w + "style"):
            numpr = st.find(f"{w}pPr/{w}numPr")
            if numpr is None:
                continue
            nid, lvl = numpr.find(w + "numId"), numpr.find(w + "ilvl")
            if nid is not None:
                num.style_num[st.get(w + "styleId", "")] = (
                    nid.get(w + "val", ""),
                    int(lvl.get(w + "val", "0")) if lvl is not None else 0,
                )
    return num


def build_docx(data: bytes, path: str, *, max_uncompressed: int = MAX_UNCOMPRESSED) -> TextBuilder:
    """Return a builder with the document body's paragraphs and tables; raise `ReadError` on a bad file."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise ReadError(
            path, f"damaged DOCX (bad or truncated zip: {exc})", "re-download or re-save the file"
        ) from exc
    with zf:
        infos = zf.infolist()
        names = {i.filename for i in infos}
        declared = sum(i.file_size for i in infos)
        if declared > max_uncompressed:
            raise ReadError(
                path,
                f"DOCX would expand to {declared / 2**20:.0f} MB (limit {max_uncompressed // 2**20} MB)",
                "refused as a zip bomb; a real report is a few MB",
            )
        try:
            xml = _read_member(zf, "word/document.xml", path, max_uncompressed)
            root = etree.fromstring(xml, _PARSER)
            ns = etree.QName(root).namespace or _NS_TRANSITIONAL
            if ns not in (_NS_TRANSITIONAL, _NS_STRICT):
                ns = _NS_TRANSITIONAL
            numbering = _load_numbering(zf, names, ns, path, max_uncompressed - len(xml))
        except (zipfile.BadZipFile, zlib.error, EOFError, KeyError) as exc:
            raise ReadError(
                path, f"damaged DOCX (cannot expand word/document.xml: {exc})", "re-save the file"
            ) from exc
        except etree.XMLSyntaxError as exc:
            raise ReadError(path, f"damaged DOCX (word/document.xml is not valid XML: {exc})") from exc
    body = root.find(f"{{{ns}}}body")
    if body is None:
        raise ReadError(path, "DOCX without a document body")
    builder = TextBuilder()
    _Reader(ns, numbering).body(body, builder)
    return builder
