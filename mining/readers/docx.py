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


_FULL_DIGITS = "０１２３４５６７８９"
_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"


def _cn_legal(n: int) -> str:
    out = _cn_number(n)
    return "".join(
        _LEGAL_DIGITS[_CN_DIGITS.index(ch)] if ch in _CN_DIGITS else "拾" if ch == "十" else ch for ch in out
    )


def _format_number(n: int, fmt: str) -> str:
    if fmt in {
        "chineseCounting",
        "chineseCountingThousand",
        "japaneseCounting",
        "taiwaneseCounting",
        "taiwaneseCountingThousand",
        "koreanCounting",
    }:
        return _cn_number(n)
    if fmt == "chineseLegalSimplified":
        return _cn_legal(n)
    if fmt in {"ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"}:
        return "".join("〇一二三四五六七八九"[int(d)] for d in str(n)) if n >= 0 else str(n)
    if fmt == "ideographTraditional":
        return "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return "子丑寅卯辰巳午未申酉戌亥"[(n - 1) % 12]
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n)
    if fmt == "decimalEnclosedParen":
        return chr(0x2474 + n - 1) if 1 <= n <= 20 else f"({n})"
    if fmt == "decimalEnclosedFullstop":
        return chr(0x2488 + n - 1) if 1 <= n <= 20 else f"{n}."
    if fmt in {"decimalFullWidth", "decimalFullWidth2"}:
        return "".join(_FULL_DIGITS[int(d)] for d in str(n)) if n >= 0 else str(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in {"upperLetter", "lowerLetter"}:
        s = chr(ord("A") + (n - 1) % 26)
        return s if fmt == "upperLetter" else s.lower()
    if fmt in {"upperRoman", "lowerRoman"}:
        s = _roman(n)
        return s if fmt == "upperRoman" else s.lower()
    if fmt in {"bullet", "none"}:
        return ""
    return str(n)


class _Numbering:
    """Word's list numbering, resolved lazily: numId -> level formats, and the running counters.

    numbering.xml of a template can hold hundreds of list definitions; only the ones a paragraph
    uses are read, so a document without lists pays nothing. What Word does and is followed here:

    - a paragraph style carries numbering (``w:style/w:pPr/w:numPr``), inherited through
      ``w:basedOn``; without ``w:ilvl`` the level is the one whose ``w:pStyle`` names the style
      (a multilevel list linked to the heading styles: 标题 1 → 「一、」, 标题 2 → 「（一）」);
    - an abstract list defined by a list style (``w:numStyleLink``) takes that style's list;
    - every ``w:num`` over one abstract list continues the same count, unless it restarts a level
      (``w:lvlOverride/w:startOverride``) or redefines it (``w:lvlOverride/w:lvl``).
    """

    def __init__(self, numbering_xml: bytes | None, styles_xml: bytes | None, ns: str) -> None:
        self.w = "{" + ns + "}"
        self.nsmap = {"w": ns}
        self.available = numbering_xml is not None
        self._xml = (numbering_xml, styles_xml)
        self._root: etree._Element | None = None
        self._style_num: dict[str, tuple[str, int | None]] | None = None
        self.levels: dict[str, tuple[str, dict[int, tuple[str, str, int]]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self._restarted: set[str] = set()

    @property
    def root(self) -> etree._Element | None:
        if self._root is None and self._xml[0] is not None:
            self._root = etree.fromstring(self._xml[0], _PARSER)
        return self._root

    @property
    def style_num(self) -> dict[str, tuple[str, int | None]]:
        """Return styleId -> (numId, level or None) for styles that carry numbering, basedOn followed."""
        if self._style_num is None:
            self._style_num = {}
            if self.available and self._xml[1] is not None:
                w = self.w
                styles = etree.fromstring(self._xml[1], _PARSER)
                own: dict[str, tuple[str, int | None]] = {}
                based: dict[str, str] = {}
                for st in styles.iter(w + "style"):
                    sid = st.get(w + "styleId", "")
                    parent = st.find(w + "basedOn")
                    if parent is not None:
                        based[sid] = parent.get(w + "val", "")
                    numpr = st.find(f"{w}pPr/{w}numPr")
                    if numpr is None:
                        continue
                    nid, lvl = numpr.find(w + "numId"), numpr.find(w + "ilvl")
                    own[sid] = (
                        nid.get(w + "val", "") if nid is not None else "",
                        int(lvl.get(w + "val", "0")) if lvl is not None else None,
                    )
                for sid in set(own) | set(based):
                    cur, seen = sid, set()
                    while cur and cur not in own and cur not in seen:
                        seen.add(cur)
                        cur = based.get(cur, "")
                    if cur in own and own[cur][0]:
                        self._style_num[sid] = own[cur]
        return self._style_num

    def _abstract(self, num_id: str, depth: int = 0) -> tuple[etree._Element | None, etree._Element | None]:
        """Return (w:num, w:abstractNum) of `num_id`, a list style's link followed."""
        if self.root is None or depth > 3:
            return None, None
        ns = self.nsmap
        nums = self.root.xpath(f"w:num[@w:numId='{num_id}']", namespaces=ns)
        if not nums:
            return None, None
        ref = nums[0].find(self.w + "abstractNumId")
        ref_id = ref.get(self.w + "val", "") if ref is not None else ""
        if not ref_id.isdigit():
            return nums[0], None
        found = self.root.xpath(f"w:abstractNum[@w:abstractNumId='{ref_id}']", namespaces=ns)
        if not found:
            return nums[0], None
        abstract = found[0]
        link = abstract.find(self.w + "numStyleLink")
        if link is not None and abstract.find(self.w + "lvl") is None:
            linked = self.style_num.get(link.get(self.w + "val", ""))
            if linked and linked[0] != num_id and linked[0].isdigit():
                return nums[0], self._abstract(linked[0], depth + 1)[1]
        return nums[0], abstract

    def _read_lvl(self, lvl: etree._Element) -> tuple[str, str, int]:
        w = self.w
        fmt_el, text_el, start_el = lvl.find(w + "numFmt"), lvl.find(w + "lvlText"), lvl.find(w + "start")
        return (
            fmt_el.get(w + "val", "decimal") if fmt_el is not None else "decimal",
            text_el.get(w + "val", "") if text_el is not None else "",
            int(start_el.get(w + "val", "1")) if start_el is not None else 1,
        )

    def _levels(self, num_id: str) -> tuple[str, dict[int, tuple[str, str, int]]]:
        """Return (counter key, level -> (format, text, start)) of list `num_id`."""
        if num_id in self.levels:
            return self.levels[num_id]
        w = self.w
        num, abstract = self._abstract(num_id)
        levels: dict[int, tuple[str, str, int]] = {}
        key = "n" + num_id
        if abstract is not None:
            key = "a" + abstract.get(w + "abstractNumId", num_id)
            for lvl in abstract.iter(w + "lvl"):
                levels[int(lvl.get(w + "ilvl", "0"))] = self._read_lvl(lvl)
        if num is not None:
            for override in num.iter(w + "lvlOverride"):
                ilvl = int(override.get(w + "ilvl", "0"))
                lvl, start = override.find(w + "lvl"), override.find(w + "startOverride")
                if lvl is not None:
                    levels[ilvl] = self._read_lvl(lvl)
                    key = "n" + num_id
                if start is not None and ilvl in levels:
                    fmt, text, _ = levels[ilvl]
                    levels[ilvl] = (fmt, text, int(start.get(w + "val", "1")))
                    key = "n" + num_id
        self.levels[num_id] = (key, levels)
        return key, levels

    def style_level(self, num_id: str, style_id: str) -> int:
        """Return the level of list `num_id` whose ``w:pStyle`` is `style_id` (0 when none is)."""
        _, abstract = self._abstract(num_id)
        if abstract is not None:
            for lvl in abstract.iter(self.w + "lvl"):
                ps = lvl.find(self.w + "pStyle")
                if ps is not None and ps.get(self.w + "val") == style_id:
                    return int(lvl.get(self.w + "ilvl", "0"))
        return 0

    def label(self, num_id: str, ilvl: int) -> str:
        """Return the printed list label of the next paragraph of list `num_id` at level `ilvl`."""
        if not num_id.isdigit():
            return ""
        key, levels = self._levels(num_id)
        if ilvl not in levels:
            return ""
        fmt, text, start = levels[ilvl]
        counts = self.counters.setdefault(key, {})
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
        w = "{" + ns + "}"
        self.num = numbering
        self.n_tables = 0
        self.P, self.TBL, self.TR, self.TC = w + "p", w + "tbl", w + "tr", w + "tc"
        self.SDT, self.SDT_CONTENT = w + "sdt", w + "sdtContent"
        self.WRAPPERS = (w + "customXml", w + "smartTag")
        self.T, self.TAB, self.BR, self.CR, self.HYPHEN = (
            w + "t",
            w + "tab",
            w + "br",
            w + "cr",
            w + "noBreakHyphen",
        )
        self.PPR, self.NUMPR, self.NUMID, self.ILVL, self.PSTYLE = (
            w + "pPr",
            w + "numPr",
            w + "numId",
            w + "ilvl",
            w + "pStyle",
        )
        self.TCPR, self.GRIDSPAN, self.VMERGE, self.TRPR, self.GRIDBEFORE = (
            w + "tcPr",
            w + "gridSpan",
            w + "vMerge",
            w + "trPr",
            w + "gridBefore",
        )
        self.VAL = w + "val"

    def run_text(self, el: etree._Element) -> str:
        t = self.T
        return "".join(
            (e.text or "")
            if e.tag == t
            else "\n"
            if e.tag in (self.BR, self.CR)
            else "-"
            if e.tag == self.HYPHEN
            else " "
            for e in el.iter(t, self.TAB, self.BR, self.CR, self.HYPHEN)
        )

    def paragraph(self, p: etree._Element) -> str:
        text = self.run_text(p)
        ppr = p.find(self.PPR)
        if ppr is None or not self.num.available or not text.strip():
            return text
        num_id, ilvl = None, 0
        numpr = ppr.find(self.NUMPR)
        if numpr is not None:
            nid, lvl = numpr.find(self.NUMID), numpr.find(self.ILVL)
            num_id = nid.get(self.VAL) if nid is not None else None
            ilvl = int(lvl.get(self.VAL, "0")) if lvl is not None else 0
        else:
            style = ppr.find(self.PSTYLE)
            if style is not None and style.get(self.VAL) in self.num.style_num:
                num_id, level = self.num.style_num[style.get(self.VAL)]
                ilvl = level if level is not None else self.num.style_level(num_id, style.get(self.VAL))
        if num_id and num_id != "0":
            return self.num.label(num_id, ilvl) + text
        return text

    def content(self, el: etree._Element) -> list[etree._Element]:
        """Return the block children of `el` (paragraphs, tables, rows, cells), looking through sdt."""
        out: list[etree._Element] = []
        for child in el:
            tag = child.tag
            if tag == self.SDT:
                inner = child.find(self.SDT_CONTENT)
                if inner is not None:
                    out.extend(self.content(inner))
            elif tag in self.WRAPPERS:
                out.extend(self.content(child))
            else:
                out.append(child)
        return out

    def cell_text(self, tc: etree._Element) -> str:
        lines: list[str] = []
        for child in self.content(tc):
            if child.tag == self.P:
                lines.append(self.paragraph(child))
            elif child.tag == self.TBL:
                # A table nested in a cell: its rows become lines of the cell.
                for tr in child.iter(self.TR):
                    lines.append(" ".join(self.run_text(tc2) for tc2 in tr.iter(self.TC)))
        return "\n".join(lines)

    def table(self, tbl: etree._Element, builder: TextBuilder) -> None:
        index = self.n_tables
        self.n_tables += 1
        val = self.VAL
        rows: list[list[str]] = []
        marks: list[list[bool]] = []
        for tr in self.content(tbl):
            if tr.tag != self.TR:
                continue
            row: list[str] = []
            mark: list[bool] = []
            trpr = tr.find(self.TRPR)
            before = trpr.find(self.GRIDBEFORE) if trpr is not None else None
            if before is not None:
                n = int(before.get(val, "0") or 0)
                row += [""] * n
                mark += [False] * n
            for tc in self.content(tr):
                if tc.tag != self.TC:
                    continue
                tcpr = tc.find(self.TCPR)
                span, vmerge = 1, None
                if tcpr is not None:
                    gs = tcpr.find(self.GRIDSPAN)
                    if gs is not None:
                        span = max(1, min(int(gs.get(val, "1") or 1), 200))
                    vm = tcpr.find(self.VMERGE)
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
            if child.tag == self.P:
                builder.add_text(self.paragraph(child))
            elif child.tag == self.TBL:
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
    if "word/numbering.xml" not in names:
        return _Numbering(None, None, ns)
    numbering = _read_member(zf, "word/numbering.xml", path, budget)
    styles = _read_member(zf, "word/styles.xml", path, budget) if "word/styles.xml" in names else None
    return _Numbering(numbering, styles, ns)


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
    for fallback in list(root.iter(_MC_FALLBACK)):  # the same content as mc:Choice, for old readers
        fallback.getparent().remove(fallback)
    builder = TextBuilder()
    _Reader(ns, numbering).body(body, builder)
    return builder
