"""`mine` (files -> Parquet tables, in parallel, resumable) and `load` (a finished run -> DataFrames)."""

from __future__ import annotations

import math
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.compute as pc
import pyarrow.dataset as ds

from ..model import XxgkError
from .engine import ChunkResult, chunked, run_dask, run_local
from .inputs import expand_inputs
from .progress import resolve_progress
from .rows import Rows, empty_rows, finding_row
from .schema import PUBLIC_TABLES
from .store import Store, to_pandas
from .xrules import DEFAULT_CONFIG, CorpusResult, XConfig, check_corpus

ENGINES = ("local", "dask")


@dataclass(frozen=True)
class RunStats:
    """What one `mine` call did."""

    inputs: int = 0
    analysed: int = 0
    skipped: int = 0
    errors: int = 0
    duplicates: int = 0
    batches: int = 0
    corpus_findings: int = 0
    seconds: float = 0.0
    workers: int = 1
    engine: str = "local"


@dataclass(frozen=True)
class CorpusTables:
    """The tables of a mined corpus as pandas DataFrames; every row carries ``report_id``."""

    reports: pd.DataFrame
    sections: pd.DataFrame
    cells: pd.DataFrame
    claims: pd.DataFrame
    problems: pd.DataFrame
    improvements: pd.DataFrame
    findings: pd.DataFrame
    errors: pd.DataFrame
    out_dir: str | None = None
    stats: RunStats = field(default_factory=RunStats)

    def table(self, name: str) -> pd.DataFrame:
        """Return the table called `name`."""
        if name not in PUBLIC_TABLES:
            raise KeyError(f"no table {name!r}; tables: {', '.join(PUBLIC_TABLES)}")
        return getattr(self, name)


def load(out_dir: str | Path, *, tables: Iterable[str] = PUBLIC_TABLES) -> CorpusTables:
    """Return the tables of a finished (or interrupted) run in `out_dir`; only committed batches count."""
    store = Store(out_dir, writable=False)
    wanted = set(tables)
    frames = {t: store.read(t, files=None if t in wanted else []) for t in PUBLIC_TABLES}
    return CorpusTables(**frames, out_dir=str(out_dir))


def _default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def mine(
    inputs: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    out_dir: str | os.PathLike[str] | None = None,
    *,
    engine: str = "local",
    workers: int | None = None,
    scheduler: Any = None,
    model_dir: str | os.PathLike[str] | None = None,
    progress: Any = None,
    batch_size: int = 200,
    chunk_size: int | None = None,
    on_batch: Callable[[int], None] | None = None,
    config: XConfig = DEFAULT_CONFIG,
    tables: Iterable[str] | None = None,
) -> CorpusTables:
    """Return the corpus tables of every report named by `inputs`, writing them under `out_dir`.

    Inputs are files, folders (walked recursively), globs or ``@list.txt`` files. Reports are analysed
    in parallel (`workers` processes, all cores by default; ``engine="dask"`` runs the same chunks on a
    dask.distributed cluster at `scheduler`) and committed every `batch_size` reports, so a killed run
    resumes where it stopped and a report already in `out_dir` (same content hash) is never analysed
    again. A broken file becomes an ``errors`` row. After the last batch the corpus rules (X101, X102,
    X103, X201) run over the whole directory. With `out_dir` None the tables are built in a temporary
    folder and returned in memory. `on_batch(n)` is called after batch n is committed. `tables` limits
    which tables are read back at the end (default: all; the CLI reads only ``reports`` and ``errors``
    so that memory stays bounded on a large corpus — the others stay on disk, empty in the result).
    """
    if engine not in ENGINES:
        raise XxgkError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if batch_size < 1:
        raise XxgkError("batch_size must be at least 1")
    temp = None
    if out_dir is None:
        temp = tempfile.mkdtemp(prefix="xxgk-mine-")
        out_dir = temp
    try:
        stats = _mine_into(
            inputs,
            Path(out_dir),
            engine=engine,
            workers=workers,
            scheduler=scheduler,
            model_dir=str(model_dir) if model_dir else None,
            progress=progress,
            batch_size=batch_size,
            chunk_size=chunk_size,
            on_batch=on_batch,
            config=config,
        )
        loaded = load(out_dir, tables=PUBLIC_TABLES if tables is None else tables)
        return CorpusTables(
            **{t: getattr(loaded, t) for t in PUBLIC_TABLES},
            out_dir=None if temp else str(out_dir),
            stats=stats,
        )
    finally:
        if temp:
            shutil.rmtree(temp, ignore_errors=True)


def _mine_into(
    inputs: Any,
    root: Path,
    *,
    engine: str,
    workers: int | None,
    scheduler: Any,
    model_dir: str | None,
    progress: Any,
    batch_size: int,
    chunk_size: int | None,
    on_batch: Callable[[int], None] | None,
    config: XConfig,
) -> RunStats:
    t0 = time.perf_counter()
    paths = expand_inputs(inputs, exclude=root)
    n_workers = workers or _default_workers()
    reporter = resolve_progress(progress)
    with Store(root) as store:
        done = store.done_ids()
        known = store.known_files()
        todo, skipped = [], 0
        for p in paths:
            try:
                st = os.stat(p)
                if (p, st.st_size, st.st_mtime_ns) in known:
                    skipped += 1
                    continue
            except OSError:
                pass  # recorded as an errors row by the worker
            todo.append(p)
        size = chunk_size or max(1, min(16, math.ceil(len(todo) / (n_workers * 4)) if todo else 1))
        chunks = chunked(todo, size)
        skip = frozenset(done)
        if engine == "dask":
            results = run_dask(chunks, scheduler=scheduler, workers=workers, model_dir=model_dir, skip=skip)
        else:
            results = run_local(chunks, workers=n_workers, model_dir=model_dir, skip=skip)
        seen = set(done)
        buffer: Rows = empty_rows()
        entries: list[dict[str, Any]] = []
        counts = {"analysed": 0, "errors": 0, "duplicates": 0, "batches": 0, "processed": 0}
        reporter.start(len(todo), skipped)

        def flush() -> None:
            nonlocal buffer, entries
            if not entries:
                return
            n = store.write_batch(buffer, entries)
            counts["batches"] += 1
            buffer, entries = empty_rows(), []
            if on_batch is not None:
                on_batch(n)

        try:
            for result in results:
                _absorb(result, seen, buffer, entries, counts)
                reporter.update(counts["processed"], counts["errors"])
                if sum(1 for e in entries if e["status"] != "skipped") >= batch_size:
                    flush()
            flush()
        finally:
            reporter.close()
            close = getattr(results, "close", None)
            if close:
                close()
        n_corpus = apply_corpus_rules(store, config)
    return RunStats(
        inputs=len(paths),
        analysed=counts["analysed"],
        skipped=skipped + counts["processed"] - counts["analysed"] - counts["errors"],
        errors=counts["errors"],
        duplicates=counts["duplicates"],
        batches=counts["batches"],
        corpus_findings=n_corpus,
        seconds=round(time.perf_counter() - t0, 3),
        workers=n_workers,
        engine=engine,
    )


def _absorb(result: ChunkResult, seen: set[str], buffer: Rows, entries: list, counts: dict[str, int]) -> None:
    drop: set[str] = set()
    for e in result.done:
        counts["processed"] += 1
        rid = e["report_id"]
        if e["status"] == "skipped":
            entries.append(e)  # remembered so the next run skips it by (path, size, mtime)
            continue
        if rid in seen:
            drop.add(rid)  # the same content under a second path: keep the first copy only
            counts["duplicates"] += 1
            entries.append({**e, "status": "skipped"})
            continue
        seen.add(rid)
        entries.append(e)
        counts["analysed" if e["status"] == "ok" else "errors"] += 1
    for table, rows in result.rows.items():
        buffer[table].extend(r for r in rows if r["report_id"] not in drop)


def apply_corpus_rules(store: Store, config: XConfig = DEFAULT_CONFIG) -> int:
    """Run the corpus rules over everything in `store`, write their findings and flags; return the count.

    Reads only the columns the rules need (signatures one year at a time), replaces
    ``findings/corpus.parquet`` and rewrites the ``reports``/``problems`` batch files whose
    ``agency_key``, ``repeated``, ``section_flags`` or ``n_corpus_findings`` changed.
    """
    reports = store.read("reports", ["report_id", "agency", "year", "health"])
    carry = [f"t3.carried_in.{c}" for c in _t3_cols()] + [f"t3.carried_out.{c}" for c in _t3_cols()]
    cells = store.read("cells", ["report_id", "key", "value"], filter=pc.field("key").isin(carry))
    problems = store.read("problems", ["report_id", "idx", "start", "end", "text"])
    sig_files = [str(p) for p in store.files("signatures")]

    def signatures_of_year(year: int) -> pd.DataFrame:
        cols = ["report_id", "section", "start", "end", "minhash"]
        if not sig_files:
            return store.read("signatures", cols)
        dataset = ds.dataset(sig_files, format="parquet")
        return to_pandas(dataset.to_table(columns=cols, filter=pc.field("year") == year))

    result = check_corpus(reports, cells, problems, signatures_of_year, config)
    store.write_corpus_findings([finding_row(rid, f, "corpus") for rid, f in result.findings])
    _update_flags(store, result)
    return len(result.findings)


def _t3_cols() -> tuple[str, ...]:
    from ..keys import T3_COLUMNS

    return T3_COLUMNS


def _update_flags(store: Store, result: CorpusResult) -> None:
    n_found: dict[str, int] = {}
    for rid, _ in result.findings:
        n_found[rid] = n_found.get(rid, 0) + 1
    repeated = result.repeated_reports
    for path in store.files("reports"):
        df = store.read("reports", files=[path])
        new = df.copy()
        new["agency_key"] = [result.agency_key.get(r) for r in new["report_id"]]
        new["repeated"] = [r in repeated for r in new["report_id"]]
        new["n_corpus_findings"] = [n_found.get(r, 0) for r in new["report_id"]]
        flags = []
        for rid, f in zip(new["report_id"], new["section_flags"], strict=True):
            kept = [x for x in (f or "").split(",") if x and x != "repeated"]
            flags.append(",".join(kept + (["repeated"] if rid in repeated else [])))
        new["section_flags"] = flags
        cols = ["agency_key", "repeated", "n_corpus_findings", "section_flags"]
        if not df[cols].astype(object).equals(new[cols].astype(object)):
            store.rewrite("reports", path.name, new)
    for path in store.files("problems"):
        df = store.read("problems", files=[path])
        flags = [
            (r, int(i)) in result.repeated_problems for r, i in zip(df["report_id"], df["idx"], strict=True)
        ]
        if list(df["repeated"]) != flags:
            new = df.copy()
            new["repeated"] = flags
            store.rewrite("problems", path.name, new)
