"""Print ms per report for every stage of `mining.pipeline.analyze`, per format, on one core.

    PYTHONPATH=. python benchmarks/bench_pipeline.py [--dir corpora/demo] [--repeat 3] [--formats txt,html,docx]

The stages are run in the order `analyze_document` runs them (read, sections, tables, template+meta,
claims, problems, health, checks), each timed on its own; "total" is one `pipeline.analyze` call per
file, timed separately (so it includes the glue). Medians over --repeat passes after one warm-up pass;
resources are loaded once, as a worker does. The 100,000-report projection uses the total of the
TXT/HTML/DOCX files on the given number of cores, assuming perfect parallel scaling (see
benchmarks/bench_mine.py for the measured efficiency). Nothing here is asserted.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mining import checks, claims, health, meta, pipeline, problems, readers, sections, tables  # noqa: E402
from mining.model import Report  # noqa: E402
from mining.template import detect_template  # noqa: E402

STAGES = ("read", "sections", "tables", "meta", "claims", "problems", "health", "checks")


def time_stages(path: Path, res: pipeline.Resources) -> tuple[str, dict[str, float]]:
    """Return the reader's format and the seconds each stage took on `path`."""
    out: dict[str, float] = {}
    clock = time.perf_counter
    t = clock()
    doc = readers.read_document(path)
    out["read"] = clock() - t
    t = clock()
    secs = sections.segment_sections(doc.text)
    out["sections"] = clock() - t
    t = clock()
    cells = tables.parse_tables(doc, secs)
    out["tables"] = clock() - t
    t = clock()
    template = detect_template(doc.text, cells)
    report_meta = meta.extract_meta(doc, secs, template)
    out["meta"] = clock() - t
    t = clock()
    found = claims.extract_claims(doc.text, secs, template=template, nlp=res.nlp)
    out["claims"] = clock() - t
    t = clock()
    five_section = next((s for s in secs if s.key == "problems"), None)
    five = problems.analyze_problems(doc.text, five_section, model=res.problem_model)
    out["problems"] = clock() - t
    t = clock()
    report_health = health.assess_health(doc, secs, cells, template)
    out["health"] = clock() - t
    report = Report(
        document=doc,
        meta=report_meta,
        sections=secs,
        cells=cells,
        claims=found,
        problems=five.problems,
        improvements=five.improvements,
        section_flags=five.flags,
        health=report_health,
    )
    t = clock()
    checks.check_report(report, config=res.check_config)
    out["checks"] = clock() - t
    return doc.format, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", default=str(ROOT / "corpora" / "demo"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--formats", default="txt,md,html,docx,pdf")
    parser.add_argument("--cores", type=int, default=2)
    args = parser.parse_args()
    wanted = set(args.formats.split(","))
    files = sorted(p for p in Path(args.dir).rglob("*") if p.suffix.lstrip(".") in wanted)
    t = time.perf_counter()
    res = pipeline.load_resources()
    load_s = time.perf_counter() - t
    fmt_of = {p: time_stages(p, res)[0] for p in files}  # warm-up pass (jieba cache, lazy imports)
    per: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for _ in range(args.repeat):
        sums: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for p in files:
            _, st = time_stages(p, res)
            for k, v in st.items():
                sums[fmt_of[p]][k] += v
            t = time.perf_counter()
            pipeline.analyze(p, res)
            sums[fmt_of[p]]["total"] += time.perf_counter() - t
        counts = defaultdict(int)
        for p in files:
            counts[fmt_of[p]] += 1
        for fmt, st in sums.items():
            for k, v in st.items():
                per[fmt][k].append(1000 * v / counts[fmt])
    counts = defaultdict(int)
    for p in files:
        counts[fmt_of[p]] += 1
    cols = (*STAGES, "total")
    out = sys.stdout.write
    out(f"load_resources: {load_s:.2f} s; ms per report, median of {args.repeat} passes, one core\n")
    out(f"{'format':<7}{'n':>4}" + "".join(f"{c:>10}" for c in cols) + "\n")
    for fmt in sorted(per):
        row = {c: statistics.median(per[fmt][c]) for c in cols}
        out(f"{fmt:<7}{counts[fmt]:>4}" + "".join(f"{row[c]:>10.2f}" for c in cols) + "\n")
    light = [f for f in per if f in ("txt", "md", "html", "docx")]
    if light:
        n = sum(counts[f] for f in light)
        ms = sum(statistics.median(per[f]["total"]) * counts[f] for f in light) / n
        minutes = 100_000 * ms / 1000 / args.cores / 60
        out(
            f"TXT/MD/HTML/DOCX mix: {ms:.2f} ms/report -> 100,000 reports on {args.cores} cores "
            f"≈ {minutes:.1f} min (perfect scaling)\n"
        )


if __name__ == "__main__":
    main()
