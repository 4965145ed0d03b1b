"""Print the problem classifier's speed: model load time, sentences/s batched and one by one.

    python benchmarks/bench_problems.py [--model DIR]

Load time is measured twice: in a fresh interpreter (imports of scikit-learn/scipy/skops included)
and again in the same process (the files alone). Classification uses the corpus test sentences.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None)
    args = parser.parse_args()
    snippet = (
        "import time; t=time.perf_counter(); from mining.problems.classifier import load_model; "
        f"load_model({args.model!r}); print(time.perf_counter()-t)"
    )
    cold = float(
        subprocess.run(
            [sys.executable, "-c", snippet], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout
    )
    from mining.problems.classifier import BUNDLED_DATA, load_model, read_labelled

    load_model(args.model)
    t = time.perf_counter()
    model = load_model(args.model)
    warm = time.perf_counter() - t
    texts = [r.text for r in read_labelled(BUNDLED_DATA) if r.split == "test"]
    batch = (texts * (5000 // len(texts) + 1))[:5000]
    t = time.perf_counter()
    model.score(batch)
    model.kinds(batch)
    batched = len(batch) / (time.perf_counter() - t)
    t = time.perf_counter()
    for text in batch[:300]:
        model.score([text])
    single = 300 / (time.perf_counter() - t)
    out = sys.stdout.write
    out(f"model load: {cold:.3f} s in a fresh process (with imports), {warm:.3f} s warm\n")
    out(f"classify (categories + kind): {batched:,.0f} sentences/s batched ({len(batch)} sentences)\n")
    out(f"classify (categories): {single:,.0f} sentences/s one call per sentence\n")


if __name__ == "__main__":
    main()
