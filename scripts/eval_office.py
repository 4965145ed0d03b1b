"""Office round trip: convert generated reports with LibreOffice and compare the parse with the truth.

    PYTHONPATH=. python -m corpora.synth --out /tmp/x --n 40 --years 2019-2024 --seed 5 --formats docx,html
    PYTHONPATH=. python scripts/eval_office.py /tmp/x --work /tmp/conv [--routes docx2pdf,html2pdf,html2docx]

The generator's PDFs (reportlab, a non-embedded CID font) and DOCX (python-docx) are not what offices
publish. LibreOffice's exports are closer: embedded subset fonts, text drawn in many runs, tables
split across pages with repeated header rows, list numbering from styles. Each route converts the
corpus's files of one source format (``docx2pdf``: .docx -> .pdf, ``html2pdf``, ``html2docx``,
``docx2odt``, ``docx2doc``) into ``--work/<route>/`` (files already there are reused) and prints
per route: reports, table-cell accuracy, reports with every cell right, meta and section accuracy,
and the files that failed (an .odt/.doc must fail with a clear ReadError, which is counted as such).

Needs ``soffice`` on PATH (``apt-get install libreoffice-writer-nogui fonts-noto-cjk``); without it
the script says so and exits 0. Nothing in the test suite depends on it.
"""

from __future__ import annotations

import argparse
import json
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

META_FIELDS = ("agency", "year", "publish_date", "template", "body_kind")
ROUTES = {
    # route: (source format, target extension, soffice arguments)
    "docx2pdf": ("docx", "pdf", ["--convert-to", "pdf:writer_pdf_Export"]),
    "html2pdf": ("html", "pdf", ["--infilter=HTML (StarWriter)", "--convert-to", "pdf:writer_pdf_Export"]),
    "html2docx": ("html", "docx", ["--infilter=HTML (StarWriter)", "--convert-to", "docx:MS Word 2007 XML"]),
    "docx2odt": ("docx", "odt", ["--convert-to", "odt"]),
    "docx2doc": ("docx", "doc", ["--convert-to", "doc:MS Word 97"]),
}
EXPECT_ERROR = {"odt", "doc"}


def _same(a: object, b: object) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(float(a) - float(b)) < 1e-6
    return a == b


def convert(corpus: Path, work: Path, route: str, files: list[str]) -> Path:
    """Return the route's output folder after converting the `files` not converted yet."""
    _, ext, args = ROUTES[route]
    out = work / route
    out.mkdir(parents=True, exist_ok=True)
    todo = [str(corpus / f) for f in files if not (out / (Path(f).stem + "." + ext)).exists()]
    for i in range(0, len(todo), 50):
        subprocess.run(
            ["soffice", "--headless", *args, "--outdir", str(out), *todo[i : i + 50]],
            check=False,
            capture_output=True,
            timeout=3600,
        )
    return out


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
    if shutil.which("soffice") is None:
        print("soffice (LibreOffice) not found: nothing to convert, skipped")
        return 0
    corpus, work = Path(args.corpus), Path(args.work)
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    resources = Resources()
    results = {}
    print(f"{'route':10} {'n':>4} {'cells':>7} {'perfect':>7} {'meta':>7} {'sections':>8} {'errors':>6}")
    for route in args.routes.split(","):
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
