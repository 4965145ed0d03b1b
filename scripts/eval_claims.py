"""Score claim extraction on the labelled set in corpora/claims/ (test split unless --split dev).

Prints detection precision / recall / F1 (a predicted claim matches a gold claim when their spans
overlap, one to one), exact-value accuracy (value and unit equal), interval accuracy (approx, low
and high equal) and field-linking accuracy (field equal, null included), all on matched claims.

    python scripts/eval_claims.py [--split dev|test|all] [--errors N] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mining.claims import extract_claims, load_pipeline  # noqa: E402

DATA = ROOT / "corpora" / "claims"


def load_items(split: str) -> list[dict]:
    """Return the labelled sentences of `split` (dev, test or all)."""
    names = ["dev", "test"] if split == "all" else [split]
    items = []
    for name in names:
        with open(DATA / f"{name}.jsonl", encoding="utf-8") as fh:
            items += [json.loads(line) for line in fh if line.strip()]
    return items


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= 1e-6 * max(1.0, abs(b))


def evaluate(split: str = "test", nlp=None) -> dict:
    """Return the metrics of the extractor on `split`, with the list of errors."""
    nlp = nlp or load_pipeline()
    tp = fp = fn = 0
    value_ok = interval_ok = field_ok = 0
    errors: list[str] = []
    for item in load_items(split):
        text = item["text"]
        pred = list(extract_claims(text, (), template=item.get("template"), nlp=nlp))
        gold = item["claims"]
        used: set[int] = set()
        for g in gold:
            match = next(
                (
                    i
                    for i, p in enumerate(pred)
                    if i not in used and p.start < g["end"] and g["start"] < p.end
                ),
                None,
            )
            if match is None:
                fn += 1
                errors.append(f"MISS  {item['id']}: {g['text']!r} in {text}")
                continue
            used.add(match)
            tp += 1
            p = pred[match]
            if _close(p.value, g["value"]) and p.unit == g["unit"]:
                value_ok += 1
            else:
                errors.append(
                    f"VALUE {item['id']}: {p.text!r} -> {p.value} {p.unit}, gold {g['value']} {g['unit']}"
                )
            if p.approx == g["approx"] and _close(p.low, g["low"]) and _close(p.high, g["high"]):
                interval_ok += 1
            else:
                errors.append(
                    f"RANGE {item['id']}: {p.text!r} -> {p.approx} [{p.low}, {p.high}], "
                    f"gold {g['approx']} [{g['low']}, {g['high']}]"
                )
            if p.field == g["field"]:
                field_ok += 1
            else:
                errors.append(f"FIELD {item['id']}: {p.text!r} -> {p.field}, gold {g['field']} in {text}")
        for i, p in enumerate(pred):
            if i not in used:
                fp += 1
                errors.append(f"EXTRA {item['id']}: {p.text!r} in {text}")
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "split": split,
        "sentences": len(load_items(split)),
        "gold": tp + fn,
        "predicted": tp + fp,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "value_accuracy": value_ok / tp if tp else 0.0,
        "interval_accuracy": interval_ok / tp if tp else 0.0,
        "field_accuracy": field_ok / tp if tp else 0.0,
        "errors": errors,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="test", choices=["dev", "test", "all"])
    ap.add_argument("--errors", type=int, default=0, help="print this many errors")
    ap.add_argument("--json", action="store_true", help="print the metrics as JSON")
    args = ap.parse_args()
    m = evaluate(args.split)
    if args.json:
        print(json.dumps({k: v for k, v in m.items() if k != "errors"}, indent=2))
    else:
        print(
            f"{m['split']}: {m['sentences']} sentences, {m['gold']} gold claims, {m['predicted']} predicted\n"
            f"  detection  P={m['precision']:.3f} R={m['recall']:.3f} F1={m['f1']:.3f}\n"
            f"  value accuracy     {m['value_accuracy']:.3f}\n"
            f"  interval accuracy  {m['interval_accuracy']:.3f}\n"
            f"  field accuracy     {m['field_accuracy']:.3f}"
        )
    for line in m["errors"][: args.errors]:
        print(line)


if __name__ == "__main__":
    main()
