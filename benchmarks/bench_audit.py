"""Print page size and render time of the audit page for the largest demo report.

    PYTHONPATH=. .venv/bin/python benchmarks/bench_audit.py [--repeat 7] [--scale 100]

The demo reports are the files under ``corpora/demo/`` (analysed with the full pipeline; the largest
by text length is drawn). Without that folder the script draws the synthetic sample report of
`mining.render.sample`, scaled up with ``--scale`` to the size of a long real report.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mining.render import render_report_html  # noqa: E402
from mining.render.sample import sample_report  # noqa: E402

SUFFIXES = {".txt", ".md", ".html", ".htm", ".docx", ".pdf"}


def _largest_demo_report():
    demo = ROOT / "corpora" / "demo"
    files = (
        sorted(p for p in demo.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
        if demo.is_dir()
        else []
    )
    if not files:
        return None, "no corpora/demo/"
    from mining.pipeline import analyze, load_resources

    resources = load_resources()
    reports = []
    for path in files:
        try:
            reports.append(analyze(path, resources))
        except Exception as exc:  # noqa: BLE001 - a broken demo file is reported, not fatal
            print(f"skipped {path.name}: {exc}", file=sys.stderr)
    if not reports:
        return None, "no readable demo report"
    best = max(reports, key=lambda r: len(r.text))
    return best, f"largest of {len(reports)} demo reports: {Path(best.document.path).name}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--scale", type=int, default=100, help="overview repetitions of the synthetic sample")
    args = parser.parse_args()
    report, source = _largest_demo_report()
    if report is None:
        report = sample_report(scale=args.scale)
        source = f"synthetic sample, scale {args.scale} ({source})"
    render_report_html(report)  # warm-up: imports, registry lookup
    times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        page = render_report_html(report)
        times.append(time.perf_counter() - t0)
    size = len(page.encode("utf-8"))
    print(f"report:       {source}")
    print(
        f"content:      {len(report.text):,} characters, {len(report.claims)} claims, "
        f"{len(report.cells)} cells, {len(report.findings)} findings, {len(report.problems)} problems"
    )
    print(f"page size:    {size:,} bytes ({size / 1024:.1f} KiB), self-contained")
    print(
        f"render time:  median {statistics.median(times) * 1000:.1f} ms, min {min(times) * 1000:.1f} ms "
        f"over {args.repeat} runs"
    )


if __name__ == "__main__":
    main()
