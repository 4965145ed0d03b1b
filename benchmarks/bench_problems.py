"""Print the problem classifier's speed: model load time, sentences/s batched and one by one.

    python benchmarks/bench_problems.py [--model DIR]

Load time is measured in a fresh interpreter (imports included, interpreter start excluded) and again
in the same process (the files alone); "pipelines" is the extra cost of loading the scikit-learn
Pipelines with skops, which only training/evaluation code touches. Classification uses the corpus
test sentences, through the NumPy fast path (what `ProblemModel.score`/`kinds` run) and through the
Pipelines' ``predict_proba`` for comparison.
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
    from mining.problems.classifier import BUNDLED_DATA, clean_item, load_model, pipeline_of, read_labelled

    load_model(args.model)
    t = time.perf_counter()
    model = load_model(args.model)
    warm = time.perf_counter() - t
    t = time.perf_counter()
    categories, kind = pipeline_of(model.categories), pipeline_of(model.kind)
    pipelines = time.perf_counter() - t
    texts = [r.text for r in read_labelled(BUNDLED_DATA) if r.split == "test"]
    batch = (texts * (5000 // len(texts) + 1))[:5000]
    out = sys.stdout.write
    out(f"model load: {cold:.3f} s in a fresh process (with imports), {warm:.3f} s warm")
    out(f" (+{pipelines:.2f} s to load the scikit-learn pipelines, only when used)\n")

    def rate(fn, items) -> float:
        t = time.perf_counter()
        fn(items)
        return len(items) / (time.perf_counter() - t)

    def one_by_one(fn):
        return lambda items: [fn([x]) for x in items]

    def sk_both(items):
        cleaned = [clean_item(x) for x in items]
        categories.predict_proba(cleaned)
        kind.predict_proba(cleaned)

    def fast_both(items):
        cleaned = [clean_item(x) for x in items]
        model.fast.categories.predict_proba(cleaned)
        model.fast.kind.predict_proba(cleaned)

    def dicts(items):
        model.score(items)
        model.kinds(items)

    out(
        f"classify (categories + kind probabilities), batched ({len(batch)} sentences): fast path "
        f"{rate(fast_both, batch):,.0f}/s, scikit-learn {rate(sk_both, batch):,.0f}/s; "
        f"as score()/kinds() dicts {rate(dicts, batch):,.0f}/s\n"
    )
    out(
        "classify (categories), one score() call per sentence: fast path "
        f"{rate(one_by_one(model.score), batch[:1000]):,.0f}/s, scikit-learn "
        f"{rate(one_by_one(lambda x: categories.predict_proba([clean_item(t) for t in x])), batch[:300]):,.0f}/s\n"
    )


if __name__ == "__main__":
    main()
