"""How much `check` adds to `analyze`: time per report with and without the rules, and per rule.

    python benchmarks/bench_check.py [FILES or folders...] [--repeat 5]

Defaults to the demo corpus (``corpora/demo``; its ``*.truth.json`` and ``manifest.json`` are skipped).
Resources (spaCy, the problem classifier) are loaded once, outside the timing. Per run it times
reading every file (`read_document`), the rest of the pipeline without the rules
(`analyze_document(run_checks=False)`) and `check_report` on the results; the medians over runs are
printed, with check's share of `analyze` (reading + pipeline, what `xxgk analyze FILE` does) and of
the pipeline alone, per format, and the slowest rules. Target (issue 5): check adds ≤ 10%.
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

from mining.checks import CheckConfig, check_report, report_rules  # noqa: E402
from mining.model import ReadError  # noqa: E402
from mining.pipeline import analyze_document, load_resources  # noqa: E402
from mining.readers import read_document  # noqa: E402

REPORT_SUFFIXES = {".txt", ".md", ".html", ".htm", ".docx", ".pdf"}


def report_files(paths: list[str]) -> list[Path]:
    """Return the report files under `paths` (folders recursively), without truth files or manifests."""
    out: list[Path] = []
    for p in map(Path, paths):
        for f in sorted(p.rglob("*")) if p.is_dir() else [p]:
            if f.is_file() and f.suffix.lower() in REPORT_SUFFIXES:
                out.append(f)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("paths", nargs="*", default=[str(ROOT / "corpora" / "demo")])
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args(argv)
    files = report_files(a.paths)
    res = load_resources()
    fmt_of = {f: f.suffix.lower().lstrip(".") for f in files}
    read_t, pipe_t, check_t = defaultdict(list), defaultdict(list), defaultdict(list)
    totals = defaultdict(list)
    reports = []
    for _ in range(a.repeat):
        run = defaultdict(lambda: [0.0, 0.0, 0.0])
        reports = []
        for f in files:
            t0 = time.perf_counter()
            try:
                doc = read_document(f)
            except ReadError:
                continue
            t1 = time.perf_counter()
            report = analyze_document(doc, res, run_checks=False, strict=False)
            t2 = time.perf_counter()
            check_report(report)
            t3 = time.perf_counter()
            reports.append(report)
            for key in (fmt_of[f], "all"):
                run[key][0] += t1 - t0
                run[key][1] += t2 - t1
                run[key][2] += t3 - t2
        for key, (r, p, c) in run.items():
            read_t[key].append(r)
            pipe_t[key].append(p)
            check_t[key].append(c)
        totals["n"].append(len(reports))
    n_by = defaultdict(int)
    for f in files:
        n_by[fmt_of[f]] += 1
    n_by["all"] = len(files)
    print(f"{len(files)} reports, median of {a.repeat} runs (ms per report)")
    print(
        f"{'format':6} {'n':>4} {'read':>8} {'pipeline':>9} {'check':>7} {'check/analyze':>14} {'check/pipeline':>15}"
    )
    for key in sorted(read_t, key=lambda k: (k == "all", k)):
        n = n_by[key]
        r, p, c = (statistics.median(x[key]) / n * 1000 for x in (read_t, pipe_t, check_t))
        print(f"{key:6} {n:4d} {r:8.2f} {p:9.2f} {c:7.2f} {100 * c / (r + p):13.1f}% {100 * c / p:14.1f}%")
    # per rule, on the reports of the last run: which rules cost the most
    per_rule = {}
    for rule in report_rules():
        cfg = CheckConfig(select=(rule.code,))
        t0 = time.perf_counter()
        for report in reports:
            check_report(report, config=cfg)
        per_rule[rule.code] = (time.perf_counter() - t0) / max(len(reports), 1) * 1000
    top = sorted(per_rule.items(), key=lambda kv: -kv[1])[:6]
    print("slowest rules (ms/report): " + ", ".join(f"{c} {t:.3f}" for c, t in top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
