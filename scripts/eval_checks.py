"""Measure every single-report rule on generated reports with injected defects (corpora.synth).

    python scripts/eval_checks.py [--per-rule 40] [--clean 120] [--mode oracle|pipeline]
                                  [--format txt|md|html|docx|pdf|all|txt,html] [--write]
    python scripts/eval_checks.py --corpus corpora/demo [--mode pipeline]

Generated mode: for each rule code the generator can inject, reports are generated with that one
defect (formats and layouts cycle over the seeds); a rule's recall is the share of them on which it
fires. Clean reports (no defect) must raise no error or warning at all; their false alarms are counted
per code. Precision counts, per code, the reports where it fired (any severity) without the truth
listing it among the report's defects (clean and other-defect reports).

``--corpus DIR`` evaluates a written corpus instead (``corpora/demo``, or one made with
``python -m corpora.synth --out DIR``): every report against its ``*.truth.json`` ``defects``
(the X-rules, which need a corpus, are left to ``xxgk mine``).

``--mode pipeline`` (default) runs the whole ``mining.pipeline.analyze`` on the real file (readers,
tables, claims: the end-to-end number). ``--mode oracle`` reads the file with the real reader,
segmenter, meta extractor and problem classifier but takes the table cells and claims from the
generator's truth, so that a rule is measured apart from the table and claim parsers. ``--write`` stores the result in
``mining/checks/rule_metrics.json`` under its mode (what ``xxgk rules CODE`` prints); the other mode's
numbers are kept.
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

ALL_FORMATS = ("txt", "md", "html", "docx", "pdf")


def _synth():
    try:
        import corpora.synth as synth
    except ImportError as exc:
        raise SystemExit(
            f"corpora.synth is not importable ({exc}); merge the synth branch or main first"
        ) from exc
    return synth


def parse_formats(spec: str) -> tuple[str, ...]:
    """Return the formats a ``--format`` value names (``all``, one format, or a comma list)."""
    if spec == "all":
        return ALL_FORMATS
    fmts = tuple(f.strip() for f in spec.split(",") if f.strip())
    bad = [f for f in fmts if f not in ALL_FORMATS]
    if bad or not fmts:
        raise SystemExit(f"--format: unknown format(s) {bad or spec!r}; known: all, {', '.join(ALL_FORMATS)}")
    return fmts


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


def check_file(path: Path, truth: dict, fmt: str, mode: str, resources: Resources):
    """Return the findings on one report file (pipeline: as `analyze` gives them; oracle: on truth)."""
    try:
        report = analyze(path, resources, run_checks=(mode == "pipeline"), strict=False)
    except ReadError:
        # a reader that does not know the encoding: decode as the generator wrote it, and say so
        enc = (truth.get("style") or {}).get("encoding") or "utf-8"
        doc = Document(
            path=str(path), format=fmt, reader="eval", text=normalize_text(path.read_bytes().decode(enc))
        )
        report = analyze_document(doc, resources, run_checks=(mode == "pipeline"), strict=False)
    if mode == "oracle":
        findings, _ = check_report(oracle_report(report, truth))
    else:
        findings = report.findings
    return findings


def run_one(sr, mode: str, resources: Resources, tmp: Path):
    """Return the findings on one generated report (written to `tmp` first)."""
    path = tmp / sr.filename
    path.write_bytes(sr.data)
    return check_file(path, sr.truth, sr.fmt, mode, resources)


class Tally:
    """Counts per rule code over evaluated reports: injected, detected, false alarms, misses."""

    def __init__(self) -> None:
        self.injected: Counter = Counter()
        self.detected: Counter = Counter()
        self.wrong: Counter = Counter()  # reports where a code fired (any severity) without being expected
        self.clean_alarms: Counter = Counter()  # error/warning findings' codes on clean reports
        self.clean_info: Counter = Counter()  # info findings' codes on clean reports
        self.misses: dict[str, list] = defaultdict(list)
        self.alarms: dict[str, list] = defaultdict(list)
        self.by_format: dict[str, Counter] = defaultdict(Counter)
        self.clean = 0
        self.clean_with_alarms = 0
        self.reports = 0

    def add(self, label, fmt: str, expected: set[str], findings) -> None:
        self.reports += 1
        fired = {f.code for f in findings}
        for code in expected:
            self.injected[code] += 1
            self.by_format[fmt]["injected"] += 1
            if code in fired:
                self.detected[code] += 1
                self.by_format[fmt]["detected"] += 1
            else:
                self.misses[code].append(label)
        for code in fired - expected:
            self.wrong[code] += 1
            self.alarms[code].append(label)
        if not expected:
            self.clean += 1
            self.by_format[fmt]["clean"] += 1
            loud = {f.code for f in findings if f.severity != "info"}
            self.clean_alarms.update(loud)
            self.clean_info.update({f.code for f in findings if f.severity == "info"})
            if loud:
                self.clean_with_alarms += 1
                self.by_format[fmt]["clean_with_alarms"] += 1

    def result(self, source: str, mode: str) -> dict:
        rules = {}
        for code in [r.code for r in report_rules()]:
            tp, n, fp = self.detected[code], self.injected[code], self.wrong[code]
            rules[code] = {
                "injected": n,
                "detected": tp,
                "recall": round(tp / n, 4) if n else None,
                "precision": round(tp / (tp + fp), 4) if tp + fp else None,
                "false_alarms": fp,
                "clean_false_alarms": self.clean_alarms[code],
                "clean_info": self.clean_info[code],
                "missed": [str(x) for x in self.misses[code][:10]],
                "false_alarm_reports": [str(x) for x in self.alarms[code][:10]],
            }
        return {
            "source": source,
            "mode": mode,
            "reports": self.reports,
            "clean_reports": self.clean,
            "clean_reports_with_alarms": self.clean_with_alarms,
            "by_format": {k: dict(v) for k, v in sorted(self.by_format.items())},
            "rules": rules,
        }


def evaluate(per_rule: int, clean: int, mode: str, fmt: str = "txt", seed0: int = 1000) -> dict:
    """Return per-rule recall/precision on freshly generated reports (one injected defect each)."""
    synth = _synth()
    fmts = parse_formats(fmt)
    resources = load_resources()
    codes = [r.code for r in report_rules() if r.code in synth.SINGLE_DEFECTS]
    tally = Tally()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        for code in codes:
            seed, made = seed0, 0
            while made < per_rule and seed < seed0 + per_rule * 6:
                seed += 1
                f = fmts[seed % len(fmts)]
                try:
                    sr = synth.generate_report(seed=seed, defects=(code,), fmt=f)
                except synth.DefectError:
                    continue
                made += 1
                expected = {x["code"] for x in sr.truth["defects"]}
                tally.add(f"{seed}:{f}", f, expected, run_one(sr, mode, resources, tmp))
        for n in range(clean):
            seed = seed0 + 50000 + n
            f = fmts[seed % len(fmts)]
            sr = synth.generate_report(seed=seed, fmt=f)
            tally.add(f"{seed}:{f}", f, set(), run_one(sr, mode, resources, tmp))
    source = f"scripts/eval_checks.py --mode {mode} --per-rule {per_rule} --clean {clean} --format {fmt}"
    return tally.result(source, mode)


def evaluate_corpus(corpus: Path, mode: str) -> dict:
    """Return per-rule recall/precision on a written corpus, against each report's truth file."""
    synth = _synth()
    manifest_path = corpus / "manifest.json"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SystemExit(f"{manifest_path}: cannot read the corpus manifest ({exc})") from exc
    resources = load_resources()
    single = set(synth.SINGLE_DEFECTS)
    tally = Tally()
    for e in manifest["reports"]:
        truth = json.loads((corpus / e["truth"]).read_text(encoding="utf-8"))
        expected = {x["code"] for x in truth["defects"]} & single
        findings = check_file(corpus / e["file"], truth, e["format"], mode, resources)
        tally.add(e["file"], e["format"], expected, findings)
    return tally.result(f"scripts/eval_checks.py --mode {mode} --corpus {corpus}", mode)


def print_table(result: dict) -> None:
    print(result["source"])
    print(f"{'code':5} {'inj':>4} {'det':>4} {'recall':>7} {'prec':>6} {'FP':>4} {'cleanFP':>7} {'info':>4}")
    for code, m in result["rules"].items():
        r = "-" if m["recall"] is None else f"{m['recall']:.3f}"
        p = "-" if m["precision"] is None else f"{m['precision']:.3f}"
        extra = ""
        if m["missed"]:
            extra += f"  missed {m['missed']}"
        if m["false_alarm_reports"]:
            extra += f"  false {m['false_alarm_reports']}"
        print(
            f"{code:5} {m['injected']:4d} {m['detected']:4d} {r:>7} {p:>6} {m['false_alarms']:4d} "
            f"{m['clean_false_alarms']:7d} {m['clean_info']:4d}{extra}"
        )
    for fmt, c in result["by_format"].items():
        inj = c.get("injected", 0)
        rec = f"{c.get('detected', 0) / inj:.3f}" if inj else "-"
        print(
            f"  {fmt:5} injected {inj:4d} recall {rec}  clean {c.get('clean', 0):4d} "
            f"with error/warning {c.get('clean_with_alarms', 0)}"
        )
    print(
        f"reports: {result['reports']}, clean: {result['clean_reports']}, "
        f"clean with an error/warning: {result['clean_reports_with_alarms']}"
    )


def write_metrics(result: dict) -> None:
    """Store `result` in the metrics file under its mode, keeping the other mode's numbers."""
    try:
        stored = json.loads(METRICS_PATH.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        stored = {}
    if "modes" not in stored:  # the first layout held one oracle run at the top level
        stored = {"modes": {stored["mode"]: stored}} if stored.get("rules") else {"modes": {}}
    stored["modes"][result["mode"]] = result
    stored["primary"] = "pipeline" if "pipeline" in stored["modes"] else result["mode"]
    METRICS_PATH.write_text(json.dumps(stored, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--per-rule", type=int, default=40)
    ap.add_argument("--clean", type=int, default=120)
    ap.add_argument("--mode", choices=("oracle", "pipeline"), default="pipeline")
    ap.add_argument("--format", default="txt", help="txt, md, html, docx, pdf, all, or a comma list")
    ap.add_argument("--corpus", type=Path, help="evaluate a written corpus (manifest.json + truth files)")
    ap.add_argument("--seed", type=int, default=1000)
    ap.add_argument("--json", type=Path, help="also write the full result to this file")
    ap.add_argument("--write", action="store_true", help=f"write {METRICS_PATH.relative_to(ROOT)}")
    a = ap.parse_args(argv)
    if a.corpus is not None:
        result = evaluate_corpus(a.corpus, a.mode)
    else:
        result = evaluate(a.per_rule, a.clean, a.mode, a.format, seed0=a.seed)
    print_table(result)
    if a.json:
        a.json.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if a.write:
        write_metrics(result)
        print(f"wrote {METRICS_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
