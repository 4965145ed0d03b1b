"""The Parquet dataset under ``--out DIR``: batches that are complete or absent, and a manifest per batch.

Layout::

    DIR/_manifest/batch-000001.json   one per committed batch: its files and the status of every report
    DIR/<table>/batch-000001.parquet  one file per table and batch (``reports``, ``cells``, …)
    DIR/findings/corpus.parquet       the corpus rules' findings (X101…), rewritten by every run
    DIR/.lock                         the pid of the run writing DIR

A batch is written table by table to hidden temporary names, each renamed into place (atomic on one
file system), and committed by writing its manifest last. A batch without a manifest was interrupted:
its files are deleted when the store is opened again, and its reports are analysed again. Reports
listed in a manifest are never analysed twice (their content hash is the key).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from ..model import XxgkError
from .rows import Rows
from .schema import SCHEMAS, TABLES

MANIFEST_DIR = "_manifest"
CORPUS_PART = "corpus.parquet"
FORMAT_VERSION = 1
_BATCH = re.compile(r"^batch-(\d{6})\.(?:parquet|json)$")


def _atomic_write_bytes(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def write_table_atomic(path: Path, table: pa.Table) -> None:
    """Write `table` to `path` through a temporary file and a rename, so `path` is complete or absent."""
    tmp = path.with_name(f".{path.name}.tmp")
    pq.write_table(table, tmp, compression="zstd")
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def to_arrow(table: str, rows: list[dict[str, Any]]) -> pa.Table:
    """Return `rows` as an Arrow table with the fixed schema of `table`."""
    schema = SCHEMAS[table]
    return pa.Table.from_pylist(rows, schema=schema)


_NULLABLE = {pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype()}


def to_pandas(table: pa.Table) -> pd.DataFrame:
    """Return `table` as a DataFrame with nullable integers and booleans (a missing year stays <NA>, not NaN)."""
    return table.to_pandas(types_mapper=_NULLABLE.get)


class Store:
    """One output directory: the committed batches, the ids they hold, and atomic writes."""

    def __init__(self, root: str | Path, *, writable: bool = True) -> None:
        self.root = Path(root)
        self.writable = writable
        self.manifests: list[dict[str, Any]] = []
        self._locked = False
        if writable:
            self.root.mkdir(parents=True, exist_ok=True)
            for t in TABLES:
                (self.root / t).mkdir(exist_ok=True)
            (self.root / MANIFEST_DIR).mkdir(exist_ok=True)
            self._lock()
        elif not (self.root / MANIFEST_DIR).is_dir():
            raise XxgkError(f"{self.root}: not an xxgk mine output directory (no {MANIFEST_DIR}/ folder)")
        self._load_manifests()
        if writable:
            self._drop_orphans()

    # -- lifecycle ---------------------------------------------------------------------------------
    def _lock(self) -> None:
        lock = self.root / ".lock"
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            try:
                pid = int(lock.read_text().strip() or 0)
            except (OSError, ValueError):
                pid = 0
            if pid and pid != os.getpid() and _alive(pid):
                raise XxgkError(f"{self.root}: another xxgk mine run (pid {pid}) is writing here") from None
            lock.unlink(missing_ok=True)  # a stale lock of a killed run
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        os.write(fd, str(os.getpid()).encode())
        os.close(fd)
        self._locked = True

    def close(self) -> None:
        """Release the directory for other runs."""
        if self._locked:
            (self.root / ".lock").unlink(missing_ok=True)
            self._locked = False

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _load_manifests(self) -> None:
        mdir = self.root / MANIFEST_DIR
        self.manifests = []
        for p in sorted(mdir.glob("batch-*.json")):
            try:
                self.manifests.append(json.loads(p.read_text(encoding="utf-8")))
            except (OSError, json.JSONDecodeError) as exc:
                raise XxgkError(
                    f"{p}: unreadable batch manifest ({exc}); delete it to redo that batch"
                ) from exc

    def _drop_orphans(self) -> None:
        listed = {(t, m["tables"][t]["file"]) for m in self.manifests for t in m["tables"]}
        for t in TABLES:
            for p in (self.root / t).iterdir():
                if p.name.startswith(".") and p.name.endswith(".tmp"):
                    p.unlink()
                elif _BATCH.match(p.name) and (t, p.name) not in listed:
                    p.unlink()  # written by a batch that never committed
        for p in (self.root / MANIFEST_DIR).glob(".*.tmp"):
            p.unlink()

    # -- what is done ------------------------------------------------------------------------------
    def done_ids(self) -> set[str]:
        """Return the report ids of every committed report (analysed or recorded as an error)."""
        return {r["report_id"] for m in self.manifests for r in m["reports"] if r["status"] != "skipped"}

    def known_files(self) -> dict[tuple[str, int, int], str]:
        """Return (path, size, mtime_ns) -> report id for committed files (skip without reading)."""
        out = {}
        for m in self.manifests:
            for r in m["reports"]:
                if r["status"] != "skipped" and r.get("size") is not None:
                    out[(r["path"], r["size"], r["mtime_ns"])] = r["report_id"]
        return out

    def next_batch(self) -> int:
        nums = [m["batch"] for m in self.manifests]
        return max(nums, default=0) + 1

    # -- writing -----------------------------------------------------------------------------------
    def write_batch(self, rows: Rows, reports: list[dict[str, Any]]) -> int:
        """Commit one batch (every table, then the manifest) and return its number."""
        n = self.next_batch()
        name = f"batch-{n:06d}"
        tables = {}
        for t in TABLES:
            table_rows = rows.get(t, [])
            if not table_rows:
                continue
            write_table_atomic(self.root / t / f"{name}.parquet", to_arrow(t, table_rows))
            tables[t] = {"file": f"{name}.parquet", "rows": len(table_rows)}
        manifest = {"version": FORMAT_VERSION, "batch": n, "tables": tables, "reports": reports}
        data = json.dumps(manifest, ensure_ascii=False).encode("utf-8")
        _atomic_write_bytes(self.root / MANIFEST_DIR / f"{name}.json", data)
        self.manifests.append(manifest)
        return n

    def write_corpus_findings(self, rows: list[dict[str, Any]]) -> None:
        """Replace the corpus rules' findings (``findings/corpus.parquet``) atomically."""
        write_table_atomic(self.root / "findings" / CORPUS_PART, to_arrow("findings", rows))

    def rewrite(self, table: str, file_name: str, frame: pd.DataFrame) -> None:
        """Replace one committed batch file of `table` by `frame` (same rows, updated columns)."""
        arrow = pa.Table.from_pandas(frame, schema=SCHEMAS[table], preserve_index=False)
        write_table_atomic(self.root / table / file_name, arrow)

    # -- reading -----------------------------------------------------------------------------------
    def files(self, table: str) -> list[Path]:
        """Return the committed files of `table` (batch files in order, then the corpus part)."""
        out = [self.root / table / m["tables"][table]["file"] for m in self.manifests if table in m["tables"]]
        corpus = self.root / table / CORPUS_PART
        if table == "findings" and corpus.exists():
            out.append(corpus)
        return out

    def read(
        self,
        table: str,
        columns: Iterable[str] | None = None,
        filter: Any = None,
        files: list[Path] | None = None,
    ) -> pd.DataFrame:
        """Return `table` (or some columns, rows matching a pyarrow `filter`) as a DataFrame."""
        schema = SCHEMAS[table]
        paths = [str(p) for p in (self.files(table) if files is None else files)]
        cols = list(columns) if columns is not None else schema.names
        if not paths:
            return to_pandas(schema.empty_table().select(cols))
        dataset = ds.dataset(paths, schema=schema, format="parquet")
        return to_pandas(dataset.to_table(columns=cols, filter=filter))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
