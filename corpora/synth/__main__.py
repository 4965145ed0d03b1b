"""``python -m corpora.synth --out DIR --n 60 --years 2021-2024 --seed 0``: write a synthetic corpus."""

from __future__ import annotations

import argparse
import sys

from .corpus import DEFAULT_FORMATS, write_corpus, write_demo


def _years(text: str) -> list[int]:
    if "-" in text:
        lo, hi = (int(x) for x in text.split("-", 1))
        return list(range(lo, hi + 1))
    return [int(x) for x in text.split(",")]


def _formats(text: str) -> dict[str, float]:
    out: dict[str, float] = {}
    for part in text.split(","):
        name, _, weight = part.partition(":")
        out[name.strip()] = float(weight) if weight else 1.0
    return out


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments, write the corpus, print a one-line summary; return the exit code."""
    p = argparse.ArgumentParser(prog="python -m corpora.synth", description=__doc__)
    p.add_argument("--out", required=True, help="output folder (created)")
    p.add_argument("--n", type=int, default=60, help="number of agencies (default 60)")
    p.add_argument(
        "--years", type=_years, default=[2021, 2022, 2023, 2024], help="e.g. 2021-2024 or 2019,2020"
    )
    p.add_argument("--seed", type=int, default=0)
    p.add_argument(
        "--formats",
        type=_formats,
        default=dict(DEFAULT_FORMATS),
        help="format weights, e.g. txt:3,html:2,pdf (default: the demo mix)",
    )
    p.add_argument("--defect-rate", type=float, default=0.15, help="share of reports with one defect")
    p.add_argument(
        "--transpose",
        default="",
        help="tables printed transposed in every report: t3, t4 or t3,t4 (default none)",
    )
    p.add_argument(
        "--demo", action="store_true", help="write exactly the committed demo corpus (other options ignored)"
    )
    args = p.parse_args(argv)
    try:
        manifest = (
            write_demo(args.out)
            if args.demo
            else write_corpus(
                args.out,
                n_agencies=args.n,
                years=tuple(args.years),
                seed=args.seed,
                formats=args.formats,
                defect_rate=args.defect_rate,
                **({"transpose": tuple(t for t in args.transpose.split(",") if t)} if args.transpose else {}),
            )
        )
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    with_defects = sum(1 for r in manifest["reports"] if r["defects"])
    print(f"{manifest['n_reports']} reports ({with_defects} with defects) written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
