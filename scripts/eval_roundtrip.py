"""Round trip on a generated corpus: parse every report and compare with its ground truth.

    PYTHONPATH=. python scripts/eval_roundtrip.py [corpora/demo] [--format html] [--limit 50] [--json out.json]

Prints, per format × layout × template: reports, table-cell accuracy (every printed key of the truth,
a null/placeholder cell must come back null), the share of reports with every cell right, meta
accuracy (agency, year, publish_date, template, body_kind) and section accuracy (the set of section
keys found equals the truth's). Unreadable files count as all wrong and are listed.

With ``--checks`` it also runs the rules (``load_resources``) and prints, per injected defect code,
how many of the reports carrying it got a finding with that code, and the findings raised on clean
reports (which should be none). X-rules need the corpus (``xxgk mine``), so single-file analysis
cannot find them.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from mining.model import SECTION_KEYS, XxgkError  # noqa: E402
from mining.pipeline import Resources, analyze, load_resources  # noqa: E402

META_FIELDS = ("agency", "year", "publish_date", "template", "body_kind")


def _same(a: object, b: object) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(float(a) - float(b)) < 1e-6
    return a == b


def evaluate(corpus: Path, *, fmt: str | None = None, limit: int | None = None, checks: bool = False) -> dict:
    """Return per-group and overall scores of the parser (and, with `checks`, the rules) against the truth."""
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    entries = [e for e in manifest["reports"] if fmt is None or e["format"] == fmt]
    if limit:
        entries = entries[:limit]
    groups: dict[tuple[str, str, str], dict] = defaultdict(
        lambda: {
            "reports": 0,
            "cells": 0,
            "cells_ok": 0,
            "perfect": 0,
            "meta": 0,
            "meta_ok": 0,
            "sections_ok": 0,
        }
    )
    wrong_keys: dict[str, int] = defaultdict(int)
    errors: list[str] = []
    recall: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    clean_findings: dict[str, int] = defaultdict(int)
    resources = load_resources() if checks else Resources()
    for e in entries:
        truth = json.loads((corpus / e["truth"]).read_text(encoding="utf-8"))
        g = groups[(e["format"], e["layout"], truth["meta"]["template"])]
        g["reports"] += 1
        expected = truth["tables"]
        g["cells"] += len(expected)
        g["meta"] += len(META_FIELDS)
        try:
            report = analyze(corpus / e["file"], resources, run_checks=checks)
        except (XxgkError, Exception) as exc:  # a crash is a result to report, not a reason to stop
            errors.append(f"{e['file']}: {type(exc).__name__}: {exc}")
            continue
        got = report.tables
        ok = 0
        for key, value in expected.items():
            if key in got and _same(got[key], value):
                ok += 1
            else:
                wrong_keys[key.rsplit(".", 1)[0]] += 1
        g["cells_ok"] += ok
        g["perfect"] += ok == len(expected)
        m = report.meta
        g["meta_ok"] += sum(_same(getattr(m, f), truth["meta"][f]) for f in META_FIELDS)
        found = [s.key for s in report.sections if s.key in SECTION_KEYS]
        g["sections_ok"] += found == truth["sections"]
        if checks:
            codes = {f.code for f in report.findings}
            for d in {d["code"] for d in truth["defects"]}:
                recall[d][0] += d in codes
                recall[d][1] += 1
            if not truth["defects"]:
                for f in report.findings:
                    clean_findings[f"{f.code}/{f.severity}"] += 1
    total = {
        k: sum(g[k] for g in groups.values())
        for k in ("reports", "cells", "cells_ok", "perfect", "meta", "meta_ok", "sections_ok")
    }
    return {
        "groups": dict(groups),
        "total": total,
        "errors": errors,
        "wrong_rows": dict(wrong_keys),
        "recall": {k: tuple(v) for k, v in sorted(recall.items())},
        "clean_findings": dict(clean_findings),
    }


def _share(a: int, b: int) -> str:
    return f"{a / b:6.1%}" if b else "     -"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("corpus", nargs="?", default=str(ROOT / "corpora" / "demo"))
    p.add_argument("--format", dest="fmt")
    p.add_argument("--limit", type=int)
    p.add_argument("--json", dest="json_out")
    p.add_argument("--checks", action="store_true", help="also run the rules: recall per injected defect")
    args = p.parse_args(argv)
    result = evaluate(Path(args.corpus), fmt=args.fmt, limit=args.limit, checks=args.checks)
    print(
        f"{'format':6} {'layout':7} {'tmpl':5} {'n':>4} {'cells':>7} {'perfect':>7} {'meta':>7} {'sections':>8}"
    )
    for (fmt, layout, template), g in sorted(result["groups"].items()):
        print(
            f"{fmt:6} {layout:7} {template:5} {g['reports']:4d} {_share(g['cells_ok'], g['cells']):>7} "
            f"{_share(g['perfect'], g['reports']):>7} {_share(g['meta_ok'], g['meta']):>7} "
            f"{_share(g['sections_ok'], g['reports']):>8}"
        )
    t = result["total"]
    print(
        f"{'all':6} {'':7} {'':5} {t['reports']:4d} {_share(t['cells_ok'], t['cells']):>7} "
        f"{_share(t['perfect'], t['reports']):>7} {_share(t['meta_ok'], t['meta']):>7} {_share(t['sections_ok'], t['reports']):>8}"
    )
    worst = sorted(result["wrong_rows"].items(), key=lambda kv: -kv[1])[:8]
    if worst:
        print("most often wrong rows: " + ", ".join(f"{k} ({n})" for k, n in worst))
    if result["recall"]:
        print(
            "defect recall (reports with a finding of the injected code): "
            + ", ".join(f"{code} {hit}/{n}" for code, (hit, n) in result["recall"].items())
        )
        clean = ", ".join(f"{k} ×{n}" for k, n in sorted(result["clean_findings"].items())) or "none"
        print(f"findings on clean reports: {clean}")
    for line in result["errors"][:10]:
        print("error:", line)
    if len(result["errors"]) > 10:
        print(f"... {len(result['errors']) - 10} more errors")
    if args.json_out:
        serial = {**result, "groups": {"/".join(k): v for k, v in result["groups"].items()}}
        Path(args.json_out).write_text(json.dumps(serial, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
