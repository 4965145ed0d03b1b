"""Print CPU instructions per report for read -> normalise -> sections -> tables, per format (valgrind).

    python benchmarks/bench_instructions.py [--dir corpora/demo] [--n 20] [--formats txt,md,html]

Wall-clock reports/s (`bench_parse.py`) moves with the machine and with whatever else runs on it; the
number of instructions a report needs does not (to within a fraction of a percent), so it is the
measure to compare two versions of the parser on a shared or slow machine. Each format is run twice
under ``valgrind --tool=callgrind``: once parsing one file (imports, caches and the first-call costs),
once parsing `n` more; the difference divided by `n` is printed, with CPython's garbage-collector
settings and with the ones a corpus worker runs with (`mining.process`: objects loaded before the run
frozen, a collection every 10,000 new container objects instead of 700). Address randomisation is
turned off (``setarch -R``) when it can be: hash tables keyed by object address otherwise move the
count by about 0.3 % from run to run. Needs valgrind on the PATH (it is not a dependency of xxgk:
``apt-get install valgrind``); without it the script says so and exits 0. Timings are not asserted
anywhere; this script only prints.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

_CHILD = """
import sys
from pathlib import Path
from mining.process import tune_worker_gc
from mining.readers import read_document
from mining.sections import segment_sections
from mining.tables import parse_tables
if sys.argv[1] == "batch":
    tune_worker_gc()  # as a corpus worker runs, once its imports are done
files = [Path(p) for p in sys.argv[2:]]
for p in files:
    doc = read_document(p)
    parse_tables(doc, segment_sections(doc.text))
"""
_COLLECTED = re.compile(r"Collected\s*:\s*(\d+)")


def count(files: list[Path], gc_mode: str = "default") -> int:
    """Return the instructions valgrind counts for a Python process parsing `files`.

    `gc_mode` ``batch`` runs the parse with the corpus workers' collector settings (`mining.process`),
    ``default`` with CPython's.
    """
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONHASHSEED": "0", "PYTHONPATH": str(root)}
    fixed = ["setarch", "-R"] if shutil.which("setarch") else []
    cmd = [
        *fixed,
        "valgrind",
        "--tool=callgrind",
        "--callgrind-out-file=/dev/null",
        sys.executable,
        "-c",
        _CHILD,
    ]
    proc = subprocess.run(
        [*cmd, gc_mode, *map(str, files)], env=env, capture_output=True, text=True, check=True, cwd=root
    )
    m = _COLLECTED.search(proc.stderr)
    if m is None:
        raise RuntimeError(f"no instruction count in valgrind's output: {proc.stderr[-500:]}")
    return int(m.group(1))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", type=Path, default=Path("corpora/demo"))
    ap.add_argument("--n", type=int, default=20, help="files measured per format (after one warm-up file)")
    ap.add_argument("--formats", default="txt,md,html")
    args = ap.parse_args(argv)
    if shutil.which("valgrind") is None:
        print("valgrind is not installed: instruction counts need it (apt-get install valgrind)")
        return 0
    from bench_parse import files_by_format  # (this script's folder is on sys.path)

    groups = files_by_format(args.dir)
    print(f"{'format':<6} {'files':>5} {'instructions/report':>20} {'as a corpus worker':>20}")
    for fmt in args.formats.split(","):
        files = groups.get(fmt, [])[: args.n + 1]
        if len(files) < 2:
            continue
        cells = []
        for mode in ("default", "batch"):
            per_report = (count(files, mode) - count(files[:1], mode)) / (len(files) - 1)
            cells.append(f"{per_report / 1e6:>18.2f} M")
        print(f"{fmt:<6} {len(files) - 1:>5} {cells[0]} {cells[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
