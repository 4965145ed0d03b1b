"""How much `check` adds to `analyze`: median time per report with and without the rules.

    python benchmarks/bench_check.py [FILES or folders...] [--repeat 7]

Defaults to the seed reports in ../shared/seeds. Resources are loaded once, outside the timing. The
target (issue 5): the rules add no more than 10% to the time of analyze on the same files.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mining.checks import check_report  # noqa: E402
from mining.pipeline import analyze_document, load_resources  # noqa: E402
from mining.readers import read_document  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("paths", nargs="*", default=[str(ROOT.parent / "shared" / "seeds")])
    ap.add_argument("--repeat", type=int, default=7)
    a = ap.parse_args(argv)
    files = [f for p in map(Path, a.paths) for f in (sorted(p.glob("*.*")) if p.is_dir() else [p])]
    docs = [read_document(f) for f in files]
    res = load_resources()
    analyze_times, check_times = [], []
    for _ in range(a.repeat):
        t0 = time.perf_counter()
        reports = [analyze_document(d, res, run_checks=False) for d in docs]
        t1 = time.perf_counter()
        for r in reports:
            check_report(r)
        t2 = time.perf_counter()
        analyze_times.append((t1 - t0) / len(docs))
        check_times.append((t2 - t1) / len(docs))
    an, ch = statistics.median(analyze_times), statistics.median(check_times)
    print(f"{len(docs)} reports, median of {a.repeat} runs")
    print(f"analyze (no checks): {an * 1000:.2f} ms/report")
    print(f"check_report:        {ch * 1000:.2f} ms/report  (+{100 * ch / an:.1f}% of analyze)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
