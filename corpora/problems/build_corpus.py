"""Write ``corpora/problems/labelled.csv`` from the hand-written pieces (deterministic).

Run from the repository root: ``python corpora/problems/build_corpus.py``. Columns: ``text``,
``labels`` (";"-joined categories), ``kind`` (problem|measure|other), ``split`` (train|test) and
``group`` (the pieces a row was built from, for grouped cross-validation).

Each category's objects, defects, whole sentences and measures are split 70/30 *before* they are
combined, so every test sentence is made only of pieces no training sentence uses: the held-out
score measures generalisation to new wording, not recall of a template. The split is stratified by
construction (every category keeps ~30 % of its pieces for test).
"""

from __future__ import annotations

import csv
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pieces import ADVERBS, AGENCIES, MEASURE_FRAMES, OTHER, PIECES, PROBLEM_LEADS  # noqa: E402
from pieces_more import DEFECT_DEFINED, EXTRA, NEUTRAL_SUBJECTS  # noqa: E402

OUT = Path(__file__).resolve().parent / "labelled.csv"
TEST_SHARE = 0.3
COMBOS_PER_CATEGORY = 90
MULTI = {"train": 180, "test": 45}
_ADVERB_SLOT = re.compile(r"^(不|有待|存在|缺乏|较|未|尚|偏|亟)")


def _split(items: list[str], seed: str) -> dict[str, list[tuple[int, str]]]:
    indexed = list(enumerate(items))
    random.Random(seed).shuffle(indexed)
    n_test = max(2, round(len(items) * TEST_SHARE))
    return {"test": sorted(indexed[:n_test]), "train": sorted(indexed[n_test:])}


def _clause(rng: random.Random, subject: str, predicate: str) -> str:
    adverb = rng.choice(ADVERBS) if _ADVERB_SLOT.match(predicate) else ""
    return f"{subject}{adverb}{predicate}"


def _end(rng: random.Random) -> str:
    return rng.choice(["。", "。", "。", "；", ""])


def _fill(rng: random.Random, template: str) -> str:
    return template.format(
        agency=rng.choice(AGENCIES),
        year=rng.choice(range(2019, 2025)),
        n=rng.choice(range(120, 2400)),
        k=rng.choice(range(2, 30)),
        m="{m}",
    )


def build_rows() -> list[dict[str, str]]:
    """Return every corpus row (problems, multi-label problems, measures, others) in a stable order."""
    rows: list[dict[str, str]] = []
    merged = {
        cat: {k: v + EXTRA.get(cat, {}).get(k, []) for k, v in blocks.items()}
        for cat, blocks in PIECES.items()
    }
    parts = {cat: {k: _split(v, f"{cat}/{k}") for k, v in blocks.items()} for cat, blocks in merged.items()}
    neutral = _split(NEUTRAL_SUBJECTS, "neutral")
    for cat in DEFECT_DEFINED:
        for split in ("train", "test"):
            parts[cat]["S"][split] = parts[cat]["S"][split] + [(100 + i, s) for i, s in neutral[split]]
    for cat, blocks in parts.items():
        rng = random.Random(f"rows/{cat}")
        for split in ("train", "test"):
            combos = [(i, s, j, p) for i, s in blocks["S"][split] for j, p in blocks["P"][split]]
            if split == "train":
                combos = rng.sample(combos, min(COMBOS_PER_CATEGORY, len(combos)))
            for i, s, _j, p in combos:
                text = rng.choice(PROBLEM_LEADS) + _clause(rng, s, p) + _end(rng)
                rows.append(_row(text, [cat], "problem", split, f"{cat}:S{i}"))
            for i, f in blocks["F"][split]:
                for lead in [""] + ([rng.choice(PROBLEM_LEADS[4:])] if split == "train" else []):
                    rows.append(_row(lead + f + _end(rng), [cat], "problem", split, f"{cat}:F{i}"))
            for i, m in blocks["M"][split]:
                frames = rng.sample(MEASURE_FRAMES, 3 if split == "train" else 2)
                for frame in frames:
                    text = _fill(rng, frame).format(m=m) + rng.choice(["。", "。", "；"])
                    rows.append(_row(text, [cat], "measure", split, f"{cat}:M{i}"))
    rng = random.Random("rows/multi")
    cats = sorted(parts)
    for split, count in MULTI.items():
        for _ in range(count):
            a, b = rng.sample(cats, 2)
            clauses = []
            for cat in (a, b):
                _, s = rng.choice(parts[cat]["S"][split])
                _, p = rng.choice(parts[cat]["P"][split])
                clauses.append(_clause(rng, s, p))
            text = rng.choice(PROBLEM_LEADS) + "，".join(clauses) + _end(rng)
            rows.append(_row(text, [a, b], "problem", split, f"multi:{a}+{b}"))
    rng = random.Random("rows/other")
    for split, items in _split(OTHER, "other").items():
        for i, template in items:
            for _ in range(2 if split == "train" else 1):
                rows.append(_row(_fill(rng, template), [], "other", split, f"other:{i}"))
    seen: set[str] = set()
    unique = []
    for row in rows:
        if row["text"] not in seen:
            seen.add(row["text"])
            unique.append(row)
    return unique


def _row(text: str, labels: list[str], kind: str, split: str, group: str) -> dict[str, str]:
    return {"text": text, "labels": ";".join(labels), "kind": kind, "split": split, "group": group}


def main() -> None:
    rows = build_rows()
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["text", "labels", "kind", "split", "group"])
        writer.writeheader()
        writer.writerows(rows)
    counts: dict[tuple[str, str], int] = {}
    for row in rows:
        counts[(row["kind"], row["split"])] = counts.get((row["kind"], row["split"]), 0) + 1
    sys.stdout.write(f"{OUT}: {len(rows)} rows {sorted(counts.items())}\n")


if __name__ == "__main__":
    main()
