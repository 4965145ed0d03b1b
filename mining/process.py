"""Process settings for a long run of reports: how the garbage collector works in a corpus worker.

CPython's cyclic collector scans its youngest generation each time 700 new container objects (lists,
tuples, dicts, class instances) are alive. A report's parse makes a few thousand (its cells, rows and
table cells), all freed together when the report is done, so with the default a collection runs
about every other report and scans objects that were about to die anyway; and every object loaded
before the run (the spaCy pipeline, the classifier, lexicons, warm caches) is scanned again by each
full collection. A worker that reads report after report therefore:

- freezes what is loaded by then (`gc.freeze`): it lives as long as the process and later
  collections skip it (frozen before the fork, as the Python documentation suggests for workers
  that share their parent's pages);
- lets the youngest generation grow to `BATCH_GC_THRESHOLD` objects before a collection.

Cycles are still collected, only less often: at most that many container objects wait for it.
Measured: an HTML report's parse 0.3 M instructions cheaper (`benchmarks/bench_instructions.py`
prints both settings), a whole `analyze` 1.9 %; `bench_mine.py --n 3000` saw peak PSS 636 MiB
before and 658 MiB after (no memory gain from the freeze, a little more held between collections).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

BATCH_GC_THRESHOLD = 10_000
"""New container objects before a collection of the youngest generation (CPython's default: 700)."""


def tune_worker_gc() -> None:
    """Set this process up for the rest of its life as a corpus worker (call it after loading)."""
    gc.freeze()
    gc.set_threshold(BATCH_GC_THRESHOLD, *gc.get_threshold()[1:])


@contextmanager
def batch_gc() -> Iterator[None]:
    """Run the block with a corpus worker's collector settings, then restore the process's own.

    For a run inside a process that goes on afterwards (a notebook calling `mine` with one worker).
    Objects someone else froze stay frozen; the ones frozen here are handed back to the collector.
    """
    before = gc.get_threshold()
    ours = gc.get_freeze_count() == 0
    if ours:
        gc.freeze()
    gc.set_threshold(BATCH_GC_THRESHOLD, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)
        if ours:
            gc.unfreeze()
