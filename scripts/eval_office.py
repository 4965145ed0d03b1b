"""Office round trip: convert generated reports with LibreOffice and compare the parse with the truth.

    PYTHONPATH=. python -m corpora.synth --out /tmp/x --n 40 --years 2019-2024 --seed 5 --formats docx,html
    PYTHONPATH=. python scripts/eval_office.py /tmp/x --work /tmp/conv [--routes docx2pdf,html2pdf,html2docx]

The generator's PDFs (reportlab, a non-embedded CID font) and DOCX (python-docx) are not what offices
publish. LibreOffice's exports are closer: embedded subset fonts, text drawn in many runs, tables
split across pages with repeated header rows, list numbering from styles. Each route converts the
corpus's files of one source format (``docx2pdf``: .docx -> .pdf, ``html2pdf``, ``html2docx``,
``docx2docx``, ``docx2odt``, ``docx2doc``) into ``--work/<route>/`` (files already there are reused)
and prints
per route: reports, table-cell accuracy, reports with every cell right, meta and section accuracy,
and the files that failed (an .odt/.doc must fail with a clear ReadError, which is counted as such).

Needs ``soffice`` on PATH (``apt-get install libreoffice-writer-nogui fonts-noto-cjk``); without it
the script says so and exits 0. Nothing in the test suite depends on it.

``wordlike`` and ``wordlike2pdf`` first rewrite each generated DOCX the way Word writes one (no
LibreOffice needed for ``wordlike``): section and sub-section headings numbered by a multilevel list
linked to two heading styles (through a list style, the second part of the document through another
``w:num`` of the same list), the table header rows marked to repeat on every page, every paragraph
cut into runs of two characters with proofing marks between them, 「总计」「其他」「规章」 spread with
ideographic spaces, 「社会公益组织」「法律服务机构」 broken by a soft line break, a header and a
``— PAGE —`` footer. ``wordlike2pdf`` then exports those with LibreOffice.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from mining.model import SECTION_KEYS, ReadError  # noqa: E402
from mining.pipeline import Resources, analyze  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from eval_roundtrip import META_FIELDS, _same  # noqa: E402  (both scripts score the same way)

ROUTES = {
    # route: (source format, target extension, soffice arguments)
    "docx2pdf": ("docx", "pdf", ["--convert-to", "pdf:writer_pdf_Export"]),
    "html2pdf": ("html", "pdf", ["--infilter=HTML (StarWriter)", "--convert-to", "pdf:writer_pdf_Export"]),
    "html2docx": ("html", "docx", ["--infilter=HTML (StarWriter)", "--convert-to", "docx:MS Word 2007 XML"]),
    "docx2odt": ("docx", "odt", ["--convert-to", "odt"]),
    "docx2doc": ("docx", "doc", ["--convert-to", "doc:MS Word 97"]),
    "docx2docx": ("docx", "docx", ["--convert-to", "docx:MS Word 2007 XML"]),
    "wordlike": ("docx", "docx", []),
    "wordlike2pdf": ("docx", "pdf", ["--convert-to", "pdf:writer_pdf_Export"]),
}
EXPECT_ERROR = {"odt", "doc"}


def convert(corpus: Path, work: Path, route: str, files: list[str]) -> Path:
    """Return the route's output folder after converting the `files` not converted yet."""
    _, ext, args = ROUTES[route]
    out = work / route
    out.mkdir(parents=True, exist_ok=True)
    if route.startswith("wordlike"):
        like = work / "wordlike"
        like.mkdir(parents=True, exist_ok=True)
        for f in files:
            if not (like / f).exists():
                (like / f).write_bytes(wordlike_docx((corpus / f).read_bytes()))
        if route == "wordlike":
            return like
        corpus = like
    todo = [str(corpus / f) for f in files if not (out / (Path(f).stem + "." + ext)).exists()]
    for i in range(0, len(todo), 50):
        subprocess.run(
            ["soffice", "--headless", *args, "--outdir", str(out), *todo[i : i + 50]],
            check=False,
            capture_output=True,
            timeout=3600,
        )
    return out


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = "{" + W + "}"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CN = "一二三四五六七八九十"
_NUMBERING = f"""<w:numbering xmlns:w="{W}">
<w:abstractNum w:abstractNumId="90"><w:multiLevelType w:val="multilevel"/>
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:pStyle w:val="XHeading1"/>
<w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:pStyle w:val="XHeading2"/>
<w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="91"><w:numStyleLink w:val="XListStyle"/></w:abstractNum>
<w:num w:numId="90"><w:abstractNumId w:val="90"/></w:num>
<w:num w:numId="91"><w:abstractNumId w:val="91"/></w:num>
<w:num w:numId="92"><w:abstractNumId w:val="90"/></w:num>
</w:numbering>"""
_STYLES = f"""<x xmlns:w="{W}">
<w:style w:type="numbering" w:styleId="XListStyle"><w:name w:val="x list"/>
<w:pPr><w:numPr><w:numId w:val="90"/></w:numPr></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="XHeading1"><w:name w:val="x heading 1"/><w:basedOn w:val="Normal"/>
<w:pPr><w:numPr><w:numId w:val="91"/></w:numPr></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="XHeading2"><w:name w:val="x heading 2"/><w:basedOn w:val="XHeading1"/>
<w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="91"/></w:numPr></w:pPr></w:style></x>"""
_HEADER = f'<w:hdr xmlns:w="{W}"><w:p><w:r><w:t>政府信息公开工作年度报告</w:t></w:r></w:p></w:hdr>'
_FOOTER = (
    f'<w:ftr xmlns:w="{W}"><w:p><w:r><w:t xml:space="preserve">— </w:t></w:r><w:fldSimple w:instr=" PAGE ">'
    '<w:r><w:t>1</w:t></w:r></w:fldSimple><w:r><w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>'
)


def _text(p) -> str:
    return "".join(t.text or "" for t in p.iter(_W + "t"))


def _set_text(p, text: str) -> None:
    ts = list(p.iter(_W + "t"))
    ts[0].text = text
    for t in ts[1:]:
        t.text = ""


def _number_headings(body) -> None:
    """Replace the printed 「一、」「（一）」 of bold headings by numbering from heading styles."""
    from lxml import etree

    heads, tables = [], 0
    for el in body:
        tables += el.tag == _W + "tbl"
        if el.tag != _W + "p" or el.find(f".//{_W}b") is None:
            continue
        m1 = re.match(r"^([一二三四五六])、(\S.*)$", _text(el))
        m2 = re.match(r"^（([一二三四五六七八九])）(\S.*)$", _text(el))
        if m1:
            heads.append((el, 1, m1.group(2), _CN.index(m1.group(1)) + 1, tables))
        elif m2:
            heads.append((el, 2, m2.group(2), _CN.index(m2.group(1)) + 1, tables))
    n1 = n2 = 0
    for _, level, _, n, _ in heads:  # numbered lists only renumber; skip a report that skips a number
        n1, n2 = (n1 + 1, 0) if level == 1 else (n1, n2 + 1)
        if n != (n1 if level == 1 else n2):
            return
    for el, level, rest, _, tables in heads:
        _set_text(el, rest)
        ppr = el.find(_W + "pPr")
        if ppr is None:
            ppr = etree.Element(_W + "pPr")
            el.insert(0, ppr)
        etree.SubElement(ppr, _W + "pStyle").set(_W + "val", f"XHeading{level}")
        ppr.insert(0, ppr[-1])
        if level == 1 and tables >= 2:  # the same list through another w:num: the count goes on
            numpr = etree.SubElement(ppr, _W + "numPr")
            etree.SubElement(numpr, _W + "ilvl").set(_W + "val", "0")
            etree.SubElement(numpr, _W + "numId").set(_W + "val", "92")


def _word_tables(body) -> None:
    from lxml import etree

    def vmerge(tr):
        tc = tr.find(_W + "tc")
        v = tc.find(f"{_W}tcPr/{_W}vMerge") if tc is not None else None
        return None if v is None else v.get(_W + "val", "continue")

    for tbl in body.iter(_W + "tbl"):
        trs = tbl.findall(_W + "tr")
        n_head = 1
        if vmerge(trs[0]) == "restart":
            while n_head < len(trs) and vmerge(trs[n_head]) == "continue":
                n_head += 1
        for tr in trs[:n_head]:
            trpr = tr.find(_W + "trPr")
            if trpr is None:
                trpr = etree.Element(_W + "trPr")
                tr.insert(0, trpr)
            etree.SubElement(trpr, _W + "tblHeader")
        for p in tbl.iter(_W + "p"):
            t = _text(p)
            if t in ("总计", "其他", "规章"):
                _set_text(p, t[0] + "\u3000\u3000" + t[1])
            elif t in ("社会公益组织", "法律服务机构"):
                _set_text(p, t[:3])
                run = etree.Element(_W + "r")
                etree.SubElement(run, _W + "br")
                etree.SubElement(run, _W + "t").text = t[3:]
                next(p.iter(_W + "t")).getparent().addnext(run)


def _split_runs(body) -> None:
    import copy

    from lxml import etree

    for r in list(body.iter(_W + "r")):
        t = r.find(_W + "t")
        if t is None or not t.text or len(t.text) < 3:
            continue
        parent, at, text = r.getparent(), r.getparent().index(r), t.text
        parent.remove(r)
        for k in range(0, len(text), 2):
            piece = copy.deepcopy(r)
            pt = piece.find(_W + "t")
            pt.text = text[k : k + 2]
            pt.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            parent.insert(at, piece)
            at += 1
            if k % 6 == 2:
                mark = etree.Element(_W + "proofErr")
                mark.set(_W + "type", "gramStart")
                parent.insert(at, mark)
                at += 1


def wordlike_docx(data: bytes) -> bytes:
    """Return a DOCX written by python-docx rewritten with the structures Word writes (module docstring)."""
    import io
    import zipfile

    from lxml import etree

    zin = zipfile.ZipFile(io.BytesIO(data))
    doc = etree.fromstring(zin.read("word/document.xml"))
    body = doc.find(_W + "body")
    _number_headings(body)
    _word_tables(body)
    _split_runs(body)
    sect = body.find(_W + "sectPr")
    if sect is not None:
        for kind, rid in (("footer", "rIdXF"), ("header", "rIdXH")):
            ref = etree.Element(f"{_W}{kind}Reference")
            ref.set(_W + "type", "default")
            ref.set(f"{{{_REL}}}id", rid)
            sect.insert(0, ref)
    styles = etree.fromstring(zin.read("word/styles.xml"))
    styles.extend(list(etree.fromstring(_STYLES)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            part = zin.read(item.filename)
            if item.filename == "word/document.xml":
                part = etree.tostring(doc, xml_declaration=True, encoding="UTF-8", standalone=True)
            elif item.filename == "word/styles.xml":
                part = etree.tostring(styles, xml_declaration=True, encoding="UTF-8", standalone=True)
            elif item.filename == "word/numbering.xml":
                part = _NUMBERING.encode()
            elif item.filename == "word/_rels/document.xml.rels":
                part = part.replace(
                    b"</Relationships>",
                    f'<Relationship Id="rIdXH" Type="{_REL}/header" Target="header1.xml"/>'
                    f'<Relationship Id="rIdXF" Type="{_REL}/footer" Target="footer1.xml"/></Relationships>'.encode(),
                )
            elif item.filename == "[Content_Types].xml":
                ct = "application/vnd.openxmlformats-officedocument.wordprocessingml"
                part = part.replace(
                    b"</Types>",
                    f'<Override PartName="/word/header1.xml" ContentType="{ct}.header+xml"/>'
                    f'<Override PartName="/word/footer1.xml" ContentType="{ct}.footer+xml"/></Types>'.encode(),
                )
            zout.writestr(item, part)
        zout.writestr("word/header1.xml", _HEADER)
        zout.writestr("word/footer1.xml", _FOOTER)
    return out.getvalue()


def score(corpus: Path, out: Path, route: str, entries: list[dict], resources: Resources) -> dict:
    """Return the route's scores against the truth files and the list of failures."""
    _, ext, _ = ROUTES[route]
    s = defaultdict(int)
    failures: list[str] = []
    wrong_rows: dict[str, int] = defaultdict(int)
    for e in entries:
        truth = json.loads((corpus / e["truth"]).read_text(encoding="utf-8"))
        path = out / (Path(e["file"]).stem + "." + ext)
        s["reports"] += 1
        s["cells"] += len(truth["tables"])
        s["meta"] += len(META_FIELDS)
        if not path.exists():
            failures.append(f"{path.name}: not converted")
            continue
        try:
            report = analyze(path, resources, run_checks=False)
        except ReadError as exc:
            s["read_errors"] += 1
            if ext not in EXPECT_ERROR:
                failures.append(f"{path.name}: ReadError {exc}")
            continue
        except Exception as exc:  # noqa: BLE001 - a crash is a result to report
            failures.append(f"{path.name}: {type(exc).__name__}: {exc}")
            continue
        got = report.tables
        bad = [k for k, v in truth["tables"].items() if not (k in got and _same(got[k], v))]
        for k in bad:
            wrong_rows[k.rsplit(".", 1)[0]] += 1
        s["cells_ok"] += len(truth["tables"]) - len(bad)
        s["perfect"] += not bad
        meta_bad = [f for f in META_FIELDS if not _same(getattr(report.meta, f), truth["meta"][f])]
        s["meta_ok"] += len(META_FIELDS) - len(meta_bad)
        found = [x.key for x in report.sections if x.key in SECTION_KEYS]
        s["sections_ok"] += found == truth["sections"]
        why = []
        if bad:
            why.append(f"{len(bad)} cells ({', '.join(bad[:4])}{' …' if len(bad) > 4 else ''})")
        if meta_bad:
            why.append("meta " + ", ".join(f"{f}={getattr(report.meta, f)!r}" for f in meta_bad))
        if found != truth["sections"]:
            why.append(f"sections {found} != {truth['sections']}")
        if why:
            failures.append(f"{path.name}: " + "; ".join(why))
    return {"scores": dict(s), "failures": failures, "wrong_rows": dict(wrong_rows)}


def _pct(a: int, b: int) -> str:
    return f"{a / b:6.1%}" if b else "     -"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("corpus", help="a corpus written by corpora.synth (with manifest.json)")
    p.add_argument("--work", default="/tmp/xxgk-office", help="where converted files are written")
    p.add_argument("--routes", default="docx2pdf,html2pdf,html2docx")
    p.add_argument("--limit", type=int, help="at most this many reports per route")
    p.add_argument("--show", type=int, default=15, help="failures listed per route")
    p.add_argument("--json", dest="json_out")
    args = p.parse_args(argv)
    routes = args.routes.split(",")
    if shutil.which("soffice") is None and any(r != "wordlike" for r in routes):
        print("soffice (LibreOffice) not found: only the wordlike route runs without it")
        routes = [r for r in routes if r == "wordlike"]
        if not routes:
            return 0
    corpus, work = Path(args.corpus), Path(args.work)
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    resources = Resources()
    results = {}
    print(f"{'route':10} {'n':>4} {'cells':>7} {'perfect':>7} {'meta':>7} {'sections':>8} {'errors':>6}")
    for route in routes:
        src = ROUTES[route][0]
        entries = [e for e in manifest["reports"] if e["format"] == src][: args.limit]
        out = convert(corpus, work, route, [e["file"] for e in entries])
        r = score(corpus, out, route, entries, resources)
        results[route] = r
        s = r["scores"]
        print(
            f"{route:10} {s['reports']:4d} {_pct(s.get('cells_ok', 0), s['cells']):>7} "
            f"{_pct(s.get('perfect', 0), s['reports']):>7} {_pct(s.get('meta_ok', 0), s['meta']):>7} "
            f"{_pct(s.get('sections_ok', 0), s['reports']):>8} {s.get('read_errors', 0):6d}"
        )
    for route, r in results.items():
        if r["failures"]:
            worst = sorted(r["wrong_rows"].items(), key=lambda kv: -kv[1])[:6]
            print(f"\n{route}: {len(r['failures'])} failing; rows most often wrong: {worst}")
            for line in r["failures"][: args.show]:
                print("  " + line)
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
