"""Print the held-out metrics of a problem classifier on a labelled CSV's test split.

python scripts/eval_problems.py                       # bundled model, corpora/problems/labelled.csv
python scripts/eval_problems.py --model DIR --data FILE
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mining.problems.classifier import BUNDLED_DATA, evaluate, load_model, read_labelled  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None, help="model directory (default: bundled)")
    parser.add_argument("--data", default=str(BUNDLED_DATA), help="labelled CSV with a split column")
    args = parser.parse_args(argv)
    model = load_model(args.model)
    rows = [r for r in read_labelled(args.data) if r.split == "test"]
    m = evaluate(model, rows)
    out = sys.stdout.write
    out(
        f"test problems: {m['n_problems']}  (kind rows: {m.get('n_kind', 0)})  threshold: {model.threshold}\n"
    )
    out(f"micro-F1 {m.get('micro_f1', 0):.4f}  macro-F1 {m.get('macro_f1', 0):.4f}  ")
    out(f"top-1 accuracy {m.get('top1_accuracy', 0):.4f}  kind accuracy {m.get('kind_accuracy', 0):.4f}\n")
    out(f"{'category':26s} {'P':>6s} {'R':>6s} {'F1':>6s} {'n':>5s}\n")
    for cat, c in (m.get("per_category") or {}).items():
        out(f"{cat:26s} {c['precision']:6.3f} {c['recall']:6.3f} {c['f1']:6.3f} {c['support']:5d}\n")


if __name__ == "__main__":
    main()
