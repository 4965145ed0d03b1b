"""Measure every single-report rule on generated reports with injected defects (corpora.synth).

    python scripts/eval_checks.py [--per-rule 40] [--clean 120] [--mode oracle|pipeline] [--write]

For each rule code the generator can inject, reports are generated with that one defect; a rule's
recall is the share of them on which it fires. Clean reports (no defect) must raise no error or
warning at all; their false alarms are counted per code. Precision counts, per code, the reports
where it fired at warning or error without being injected (clean and other-defect reports).

``--mode pipeline`` runs the whole `analyze_document` pipeline on the generated file (readers, tables,
claims: the end-to-end number). ``--mode oracle`` reads the file with the real reader, segmenter and
meta extractor but takes the table cells and claims from the generator's truth, so that a rule is
measured apart from the parsers (what the committed metrics report while those stages are young).
``--write`` stores the table in ``mining/checks/rule_metrics.json`` (what ``xxgk rules CODE`` prints).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mining.checks import check_report, report_rules  # noqa: E402
from mining.checks.metrics import METRICS_PATH  # noqa: E402
from mining.model import Claim, Document, ReadError, TableCell  # noqa: E402
from mining.normalize import normalize_text  # noqa: E402
from mining.pipeline import Resources, analyze, analyze_document, load_resources  # noqa: E402


def _synth():
    try:
        import corpora.synth as synth
    except ImportError as exc:
        raise SystemExit(
            f"corpora.synth is not importable ({exc}); merge the synth branch or main first"
        ) from exc
    return synth


def oracle_report(report, truth):
    """Return `report` with the generator's table cells and claims in place of the parsed ones."""
    placeholders = truth.get("placeholders") or {}
    units = truth.get("units") or {}
    cells = []
    for key, value in (truth.get("tables") or {}).items():
        ph = placeholders.get(key)
        kind = None
        if value is None:
            kind = "na" if ph in ("/", "无") else ("dash" if ph in ("—", "-", "－") else "blank")
        raw = ph if ph is not None else ("" if value is None else str(value))
        if units.get(key):
            raw = f"{raw}{units[key]}"
        cells.append(TableCell(key=key, value=value, raw=raw, unit=units.get(key), placeholder=kind))
    text = report.text
    claims, pos = [], 0
    for c in truth.get("claims") or []:
        i = text.find(c["text"], pos)
        if i < 0:
            i = text.find(c["text"])
        if i < 0:
            continue
        pos = i + len(c["text"])
        claims.append(
            Claim(
                start=i,
                end=i + len(c["text"]),
                text=c["text"],
                value=c["value"],
                unit=c.get("unit"),
                approx=c.get("approx"),
                section=c.get("section", ""),
                field=c.get("field"),
                low=c.get("low"),
                high=c.get("high"),
                value_yuan=c.get("value_yuan"),
                negative=bool(c.get("negative")),
            )
        )
    return dataclasses.replace(report, cells=tuple(cells), claims=tuple(claims))


def run_one(sr, mode: str, resources: Resources, tmp: Path):
    path = tmp / sr.filename
    path.write_bytes(sr.data)
    try:
        report = analyze(path, resources, run_checks=(mode == "pipeline"), strict=False)
    except ReadError:
        # the readers may not know the encoding yet (GBK): decode as the generator wrote it
        enc = (sr.truth.get("style") or {}).get("encoding") or "utf-8"
        doc = Document(path=str(path), format=sr.fmt, reader="eval", text=normalize_text(sr.data.decode(enc)))
        report = analyze_document(doc, resources, run_checks=(mode == "pipeline"), strict=False)
    if mode == "oracle":
        findings, _ = check_report(oracle_report(report, sr.truth))
    else:
        findings = report.findings
    return findings


def evaluate(per_rule: int, clean: int, mode: str, fmt: str, seed0: int = 1000) -> dict:
    synth = _synth()
    resources = load_resources() if mode == "pipeline" else Resources()
    codes = [r.code for r in report_rules() if r.code in synth.SINGLE_DEFECTS]
    injected: Counter = Counter()
    detected: Counter = Counter()
    fired_wrongly: Counter = Counter()  # warning/error findings of a code that was not injected
    clean_alarms: Counter = Counter()
    misses: dict[str, list] = defaultdict(list)
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        for code in codes:
            seed, made = seed0, 0
            while made < per_rule and seed < seed0 + per_rule * 6:
                seed += 1
                try:
                    sr = synth.generate_report(seed=seed, defects=(code,), fmt=fmt)
                except synth.DefectError:
                    continue
                made += 1
                injected[code] += 1
                findings = run_one(sr, mode, resources, tmp)
                if any(f.code == code for f in findings):
                    detected[code] += 1
                else:
                    misses[code].append(seed)
                for c in {f.code for f in findings if f.severity != "info" and f.code != code}:
                    fired_wrongly[c] += 1
        for n in range(clean):
            sr = synth.generate_report(seed=seed0 + 50000 + n, fmt=fmt)
            findings = run_one(sr, mode, resources, tmp)
            for c in {f.code for f in findings if f.severity != "info"}:
                clean_alarms[c] += 1
                fired_wrongly[c] += 1
    rules = {}
    for code in [r.code for r in report_rules()]:
        tp, n = detected[code], injected[code]
        fp = fired_wrongly[code]
        rules[code] = {
            "injected": n,
            "detected": tp,
            "recall": round(tp / n, 4) if n else None,
            "precision": round(tp / (tp + fp), 4) if tp + fp else None,
            "false_alarms": fp,
            "clean_false_alarms": clean_alarms[code],
            "missed_seeds": misses[code][:10],
        }
    return {
        "source": f"scripts/eval_checks.py --mode {mode} --per-rule {per_rule} --clean {clean} --format {fmt}",
        "mode": mode,
        "clean_reports": clean,
        "clean_reports_with_alarms": None,
        "rules": rules,
    }


def print_table(result: dict) -> None:
    print(f"{'code':5} {'inj':>4} {'det':>4} {'recall':>7} {'prec':>6} {'FP':>4} {'cleanFP':>7}")
    for code, m in result["rules"].items():
        r = "-" if m["recall"] is None else f"{m['recall']:.3f}"
        p = "-" if m["precision"] is None else f"{m['precision']:.3f}"
        print(
            f"{code:5} {m['injected']:4d} {m['detected']:4d} {r:>7} {p:>6} {m['false_alarms']:4d} "
            f"{m['clean_false_alarms']:7d}  {m['missed_seeds'] or ''}"
        )
    total_clean = sum(m["clean_false_alarms"] for m in result["rules"].values())
    print(f"clean reports: {result['clean_reports']}, error/warning findings on them: {total_clean}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--per-rule", type=int, default=40)
    ap.add_argument("--clean", type=int, default=120)
    ap.add_argument("--mode", choices=("oracle", "pipeline"), default="oracle")
    ap.add_argument("--format", default="txt")
    ap.add_argument("--write", action="store_true", help=f"write {METRICS_PATH.relative_to(ROOT)}")
    a = ap.parse_args(argv)
    result = evaluate(a.per_rule, a.clean, a.mode, a.format)
    print_table(result)
    if a.write:
        METRICS_PATH.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {METRICS_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
