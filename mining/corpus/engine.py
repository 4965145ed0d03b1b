"""Run the per-report pipeline over chunks of paths: in local processes (fork) or on dask.distributed.

Both engines call the same `analyze_chunk`, so they produce the same rows; only the scheduling
differs. Each worker process builds `Resources` once: the local engine loads them in the parent
before forking (children inherit them), a dask worker on its first chunk.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..pipeline import Resources, analyze, load_resources
from ..process import batch_gc, tune_worker_gc
from .rows import Rows, content_id, empty_rows, error_row, exception_row, path_id, report_rows

_RESOURCES: dict[str, Resources] = {}
_SKIP: frozenset[str] = frozenset()


@dataclass
class ChunkResult:
    """What one chunk of paths produced: table rows and the status of every path."""

    rows: Rows
    done: list[dict[str, Any]] = field(default_factory=list)
    """One entry per path: report_id, path, size, mtime_ns, status (``ok``, ``error``, ``skipped``)."""


def get_resources(model_dir: str | None) -> Resources:
    """Return this process's `Resources`, loading them on first use."""
    key = str(model_dir or "")
    if key not in _RESOURCES:
        _RESOURCES[key] = load_resources(model_dir=model_dir)
    return _RESOURCES[key]


def analyze_chunk(
    paths: Sequence[str], model_dir: str | None = None, skip: Iterable[str] = ()
) -> ChunkResult:
    """Return the rows of every report in `paths`; a failing file becomes an ``errors`` row, never an exception."""
    skip_ids = set(skip) | _SKIP
    res = get_resources(model_dir)
    out = ChunkResult(rows=empty_rows())
    for path in paths:
        entry: dict[str, Any] = {"path": path, "size": None, "mtime_ns": None}
        try:
            st = os.stat(path)
            entry.update(size=st.st_size, mtime_ns=st.st_mtime_ns)
            rid = content_id(Path(path).read_bytes())
        except OSError as exc:
            rid = path_id(path)
            out.rows["errors"].append(
                error_row(
                    rid,
                    path,
                    stage="read",
                    reason=f"cannot open file: {exc.strerror or exc}",
                    error_type="ReadError",
                )
            )
            out.done.append({**entry, "report_id": rid, "status": "error"})
            continue
        entry["report_id"] = rid
        if rid in skip_ids:
            out.done.append({**entry, "status": "skipped"})
            continue
        try:
            report = analyze(path, res)
            rows = report_rows(report, report_id=rid, size_bytes=entry["size"])
        except Exception as exc:  # a broken file must not lose the chunk
            out.rows["errors"].append(exception_row(rid, path, exc))
            out.done.append({**entry, "status": "error"})
            continue
        for table, table_rows in rows.items():
            out.rows[table].extend(table_rows)
        out.done.append({**entry, "status": "ok"})
    return out


def _init_worker(model_dir: str | None, skip: frozenset[str]) -> None:
    global _SKIP
    _SKIP = skip
    get_resources(model_dir)  # no-op after fork: the parent loaded them already
    tune_worker_gc()


def _crash_result(paths: Sequence[str], reason: str) -> ChunkResult:
    out = ChunkResult(rows=empty_rows())
    for path in paths:
        try:
            rid = content_id(Path(path).read_bytes())
        except OSError:
            rid = path_id(path)
        out.rows["errors"].append(
            error_row(rid, path, stage="worker", reason=reason, error_type="WorkerCrash")
        )
        out.done.append({"path": path, "size": None, "mtime_ns": None, "report_id": rid, "status": "error"})
    return out


def run_local(
    chunks: Iterable[list[str]],
    *,
    workers: int,
    model_dir: str | None,
    skip: frozenset[str],
) -> Iterator[ChunkResult]:
    """Yield the result of every chunk, computed by `workers` forked processes (in completion order).

    At most ``2 × workers`` chunks are in flight, so memory stays bounded whatever the corpus size. A
    worker that dies (segfault, out of memory) breaks the pool: the pool is rebuilt, and the chunks
    that were in flight are retried one file at a time so that only the file that kills a worker
    again is recorded as an error.
    """
    if workers <= 1:
        global _SKIP
        _SKIP = skip
        get_resources(model_dir)
        with batch_gc():
            for chunk in chunks:
                yield analyze_chunk(chunk, model_dir)
        return
    methods = mp.get_all_start_methods()
    ctx = mp.get_context("fork" if "fork" in methods else "spawn")
    if ctx.get_start_method() == "fork":
        get_resources(model_dir)  # load once in the parent; forked children share the pages
    with batch_gc():  # (set before the pool forks: the children start with it)
        yield from _run_pool(chunks, ctx, workers=workers, model_dir=model_dir, skip=skip)


def _run_pool(
    chunks: Iterable[list[str]], ctx: Any, *, workers: int, model_dir: str | None, skip: frozenset[str]
) -> Iterator[ChunkResult]:
    """`run_local`'s pool of `workers` processes started by `ctx`."""
    it = iter(chunks)
    retry: list[list[str]] = []

    def make_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            workers, mp_context=ctx, initializer=_init_worker, initargs=(model_dir, skip)
        )

    pool = make_pool()
    pending: dict[Future, list[str]] = {}
    try:
        while True:
            while len(pending) < 2 * workers:
                chunk = retry.pop() if retry else next(it, None)
                if chunk is None:
                    break
                pending[pool.submit(analyze_chunk, chunk, model_dir)] = chunk
            if not pending:
                break
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            broken: list[list[str]] = []
            for fut in finished:
                chunk = pending.pop(fut)
                try:
                    yield fut.result()
                except BrokenProcessPool:
                    broken.append(chunk)
            if broken:
                broken += list(pending.values())
                pending.clear()
                pool.shutdown(wait=False, cancel_futures=True)
                pool = make_pool()
                for chunk in broken:
                    if len(chunk) == 1:
                        yield _crash_result(chunk, "the worker process died while analysing this file")
                    else:
                        retry.extend([p] for p in chunk)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def run_dask(
    chunks: Iterable[list[str]],
    *,
    scheduler: str | Any | None,
    workers: int | None,
    model_dir: str | None,
    skip: frozenset[str],
) -> Iterator[ChunkResult]:
    """Yield the result of every chunk computed on a dask.distributed cluster (in completion order).

    `scheduler` is an address (``tcp://host:8786``), a running ``distributed.Client``, or None to
    start a local cluster of `workers` processes for the duration of the run. The set of finished
    report ids is scattered once to every worker instead of being shipped with each chunk.
    """
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise RuntimeError("the dask engine needs dask.distributed: pip install 'xxgk[dask]'") from exc
    cluster = None
    if scheduler is None:
        cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True)
        client = Client(cluster)
    elif isinstance(scheduler, str):
        client = Client(scheduler)
    else:
        client = scheduler
    try:
        n_slots = max(1, sum(client.nthreads().values()))
        skip_future = client.scatter(list(skip), broadcast=True) if skip else ()
        it = iter(chunks)
        ac = as_completed()
        submitted: dict[str, list[str]] = {}

        def submit(chunk: list[str]) -> None:
            fut = client.submit(analyze_chunk, chunk, model_dir, skip_future, pure=False)
            submitted[fut.key] = chunk
            ac.add(fut)

        for _ in range(2 * n_slots):
            chunk = next(it, None)
            if chunk is None:
                break
            submit(chunk)
        for fut in ac:
            chunk = submitted.pop(fut.key)
            try:
                result = fut.result()
            except Exception as exc:  # a task lost by the cluster: record it, do not stop the run
                result = _crash_result(chunk, f"dask task failed: {type(exc).__name__}: {exc}")
            fut.release()
            yield result
            chunk = next(it, None)
            if chunk is not None:
                submit(chunk)
    finally:
        if cluster is not None:
            client.close()
            cluster.close()
        elif isinstance(scheduler, str):
            client.close()


def chunked(paths: Iterable[str], size: int) -> Iterator[list[str]]:
    """Yield lists of at most `size` paths."""
    chunk: list[str] = []
    for p in paths:
        chunk.append(p)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
