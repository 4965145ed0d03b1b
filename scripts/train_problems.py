"""Rebuild the bundled classifier: corpus -> models/problems (run from the repository root).

    python corpora/problems/build_corpus.py      # regenerate labelled.csv from the pieces
    python scripts/train_problems.py             # train on its train split, evaluate, save

The shipped model is trained on the train split only, so `scripts/eval_problems.py` reproduces the
held-out numbers in ``models/problems/metrics.json``.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mining.problems.classifier import BUNDLED_DIR, read_labelled, save_model, train_model  # noqa: E402


def main() -> None:
    os.chdir(ROOT)
    data = Path("corpora/problems/labelled.csv")
    model, metrics = train_model(read_labelled(data), source=str(data))
    save_model(model, metrics, BUNDLED_DIR, data_path=data)
    test = metrics["test"]
    summary = {k: test.get(k) for k in ("micro_f1", "macro_f1", "top1_accuracy", "kind_accuracy")}
    sys.stdout.write(
        json.dumps({"threshold": metrics["threshold"], "cv": metrics["cv"], **summary}, indent=1) + "\n"
    )
    for cat, m in test["per_category"].items():
        sys.stdout.write(
            f"{cat:26s} P={m['precision']:.3f} R={m['recall']:.3f} F1={m['f1']:.3f} n={m['support']}\n"
        )


if __name__ == "__main__":
    main()
