"""Benchmark of ``xxgk mine``: rate, peak memory, parallel efficiency, near-duplicate scaling, projection.

    python benchmarks/bench_mine.py            # 20,000 generated reports, mixed txt/md/html/docx
    python benchmarks/bench_mine.py --n 4000   # smaller

Prints one line per measurement. Peak memory is the largest sum of RSS over the main process and all
its children, sampled every 250 ms. Parallel efficiency = (rate with W workers / rate with 1 worker) / W
on the same sample of reports in the same run. Near-duplicate time is the X103/X201 pass
(`xrules.check_sections`) over the signatures of the first 5,000 and of 20,000 (or all) reports.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mining.corpus import mine  # noqa: E402
from mining.corpus.store import Store  # noqa: E402
from mining.corpus.synthetic import generate_corpus  # noqa: E402
from mining.corpus.xrules import assign_agency_keys, check_sections, previous_reports  # noqa: E402


class PeakRSS:
    """Samples the RSS of this process and its descendants; `peak` is the maximum sum in bytes."""

    def __init__(self) -> None:
        self.peak = 0
        self.peak_pss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        import psutil

        me = psutil.Process()
        while not self._stop.is_set():
            rss = pss = 0
            for p in [me, *me.children(recursive=True)]:
                try:
                    info = p.memory_full_info()
                    rss, pss = rss + info.rss, pss + info.pss
                except psutil.Error:
                    pass
            self.peak, self.peak_pss = max(self.peak, rss), max(self.peak_pss, pss)
            time.sleep(0.25)

    def __enter__(self) -> PeakRSS:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def timed_mine(paths, out: Path, workers: int) -> tuple[float, PeakRSS, object]:
    shutil.rmtree(out, ignore_errors=True)
    with PeakRSS() as rss:
        t = time.perf_counter()
        tables = mine(paths, out, workers=workers, tables=("reports",))
        dt = time.perf_counter() - t
    return dt, rss, tables


def _generate(root: Path, n: int, formats: tuple[str, ...], years: tuple[int, ...]) -> None:
    generate_corpus(root, n_agencies=-(-n // len(years)), years=years, formats=formats, limit=n)


def neardup_time(store: Store, n: int) -> tuple[float, int]:
    reports = store.read("reports", ["report_id", "agency", "year", "health"]).head(n)
    ids = set(reports["report_id"])
    sigs = store.read("signatures")
    sigs = sigs[sigs["report_id"].isin(ids)]
    keys = assign_agency_keys(reports)
    prev = previous_reports(reports, keys)
    years = dict(zip(reports["report_id"], reports["year"], strict=True))
    names = dict(zip(reports["report_id"], reports["agency"], strict=True))
    t = time.perf_counter()
    found = check_sections(
        sorted({int(y) for y in reports["year"].dropna()}),
        lambda y: sigs[sigs["year"] == y],
        prev,
        keys,
        years,
        names,
    )
    return time.perf_counter() - t, len(found)


def synthetic_neardup_time(n: int, seed: int = 3) -> tuple[float, int]:
    """Return the X103+X201 time over `n` in-memory reports (5 years, 10 % copied sections) and the findings."""
    import random

    import pandas as pd

    from mining.corpus.similarity import narrative_text, signature, signature_bytes
    from mining.corpus.synthetic import _paragraphs

    rng = random.Random(seed)
    rows, reports, texts = [], [], []
    for i in range(n):
        year = 2020 + i % 5
        text = (
            texts[rng.randrange(len(texts))]
            if texts and rng.random() < 0.1
            else "".join(_paragraphs(rng, "我局", 3))
        )
        texts.append(text)
        rid = f"r{i:07d}"
        reports.append({"report_id": rid, "agency": f"第{i // 5}县卫生健康局", "year": year, "health": 1.0})
        sig, k = signature(narrative_text(text))
        rows.append(
            {
                "report_id": rid,
                "year": year,
                "section": "overview",
                "start": 0,
                "end": len(text),
                "minhash": signature_bytes(sig),
            }
        )
    reports_df, sigs = pd.DataFrame(reports), pd.DataFrame(rows)
    keys = assign_agency_keys(reports_df)
    prev = previous_reports(reports_df, keys)
    years = dict(zip(reports_df["report_id"], reports_df["year"], strict=True))
    names = dict(zip(reports_df["report_id"], reports_df["agency"], strict=True))
    t = time.perf_counter()
    found = check_sections(
        sorted(set(years.values())), lambda y: sigs[sigs["year"] == y], prev, keys, years, names
    )
    return time.perf_counter() - t, len(found)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=20_000, help="reports to generate")
    ap.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    ap.add_argument("--sample", type=int, default=1000, help="reports in the 1-worker vs W-worker comparison")
    ap.add_argument("--formats", default="txt,md,html,docx")
    ap.add_argument(
        "--keep", type=Path, default=None, help="folder for the corpus and outputs (default: temp)"
    )
    args = ap.parse_args()

    root = args.keep or Path(tempfile.mkdtemp(prefix="xxgk-bench-"))
    years = (2020, 2021, 2022, 2023, 2024)
    t = time.perf_counter()
    plan = generate_corpus(
        root / "corpus",
        n_agencies=-(-args.n // len(years)),
        years=years,
        formats=tuple(args.formats.split(",")),
        limit=args.n,
    )
    paths = [str(p) for p in plan.files]
    print(f"generated {len(paths)} reports ({args.formats}) in {time.perf_counter() - t:.1f} s under {root}")

    sample = paths[: args.sample]
    t1, _, _ = timed_mine(sample, root / "one", 1)
    tw, _, _ = timed_mine(sample, root / "many", args.workers)
    eff = (t1 / tw) / args.workers
    print(
        f"parallel efficiency on {len(sample)} reports: 1 worker {len(sample) / t1:.1f} rep/s, "
        f"{args.workers} workers {len(sample) / tw:.1f} rep/s -> efficiency {eff:.2f}"
    )

    dt, peak, tables = timed_mine(paths, root / "all", args.workers)
    rate = len(paths) / dt
    s = tables.stats
    print(
        f"end to end: {len(paths)} reports in {dt:.1f} s = {rate:.1f} rep/s with {args.workers} workers "
        f"({s.analysed} analysed, {s.errors} errors, {s.corpus_findings} corpus findings)"
    )
    print(
        f"peak memory, all processes: RSS {peak.peak / 2**20:.0f} MiB (shared pages counted per process), "
        f"PSS {peak.peak_pss / 2**20:.0f} MiB"
    )
    print(f"projection for 100,000 reports at this rate: {100_000 / rate / 60:.1f} min")

    store = Store(root / "all", writable=False)
    small_n = min(5000, len(paths))
    big_n = min(20_000, len(paths))
    ts, fs = neardup_time(store, small_n)
    tb, fb = neardup_time(store, big_n)
    print(
        f"near-duplicate search (X103+X201): {small_n} reports {ts:.2f} s ({fs} findings), "
        f"{big_n} reports {tb:.2f} s ({fb} findings); ratio {tb / ts:.2f} for {big_n / small_n:.1f}x reports"
    )
    ts, fs = synthetic_neardup_time(5000)
    tb, fb = synthetic_neardup_time(20_000)
    print(
        f"near-duplicate search on in-memory signatures: 5,000 reports {ts:.2f} s ({fs} findings), "
        f"20,000 reports {tb:.2f} s ({fb} findings); ratio {tb / ts:.2f} for 4x reports"
    )
    if args.keep is None:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
