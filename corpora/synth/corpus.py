"""`generate_corpus` / `write_corpus`: many agencies over several years, linked year to year.

Each agency keeps its identity across years: this year's 上年结转 is last year's 结转下年度 (per
applicant column), table 二 stocks continue, and section 五 partly repeats last year's problem
categories in new words. Defects are spread round-robin over the codes so that every code gets cases,
and the corpus rules get theirs: X101 (carry-over mismatch), X102 (a problem repeated verbatim), X103
(section 六 copied from last year), X201 (section 五 copied from another agency of the same year).
"""

from __future__ import annotations

import hashlib
import json
import random
import zlib
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from .generate import (
    CORPUS_DEFECTS,
    SINGLE_DEFECTS,
    DefectError,
    SynthReport,
    describe_agency,
    generate_report,
    random_agency,
)
from .render import LAYOUTS

DEFAULT_FORMATS: dict[str, float] = {"txt": 0.34, "md": 0.12, "html": 0.30, "docx": 0.12, "pdf": 0.12}


def _applicable(code: str, *, year: int, body_kind: str, has_previous: bool, has_peer: bool) -> bool:
    if code in ("T201", "L102", "S104"):
        return year >= 2021
    if code == "C101":
        return body_kind == "department"
    if code in ("X101", "X102", "X103"):
        return has_previous
    if code == "X201":
        return has_peer
    return True


def _report_seed(seed: int, index: int, year: int) -> int:
    return zlib.crc32(f"{seed}:{index}:{year}".encode()) & 0x7FFFFFFF


def generate_corpus(
    *,
    n_agencies: int = 60,
    years: Sequence[int] = (2021, 2022, 2023, 2024),
    seed: int = 0,
    formats: Mapping[str, float] | Sequence[str] | None = None,
    defect_rate: float = 0.15,
    corpus_share: float = 0.35,
    codes: Sequence[str] | None = None,
    transpose: Sequence[str] = (),
) -> Iterator[SynthReport]:
    """Yield one report per agency and year (year by year), deterministic for `seed`.

    `formats` maps format -> weight (or lists formats, equally weighted); the layout is drawn among
    the format's layouts. A share `defect_rate` of the reports carries one defect: a corpus defect
    (X-rule) with probability `corpus_share` when one applies, else a single-report one; the codes
    (all of them unless `codes` narrows them) are used evenly so each gets cases. Memory holds only
    the previous and current year's truths, so the corpus can be large. `transpose` (``t3``, ``t4``)
    prints those tables transposed in every report (`generate_report`'s option).
    """
    rng = random.Random(f"corpus:{seed}")
    weights = (
        dict(DEFAULT_FORMATS)
        if formats is None
        else ({f: 1.0 for f in formats} if not isinstance(formats, Mapping) else dict(formats))
    )
    unknown = [f for f in weights if f not in LAYOUTS]
    if unknown:
        raise ValueError(f"unknown formats {unknown}; known: {', '.join(LAYOUTS)}")
    allowed = tuple(codes) if codes is not None else SINGLE_DEFECTS + CORPUS_DEFECTS
    single = [c for c in SINGLE_DEFECTS if c in allowed]
    corpus = [c for c in CORPUS_DEFECTS if c in allowed]
    rng.shuffle(single)
    rng.shuffle(corpus)
    order = {c: n for n, c in enumerate(single + corpus)}
    used = dict.fromkeys(order, 0)

    names: list[str] = []
    seen: set[str] = set()
    while len(names) < n_agencies:
        a = random_agency(rng)
        if a.name not in seen:
            seen.add(a.name)
            names.append(a.name)
    kinds = {n: describe_agency(n).body_kind for n in names}

    previous: dict[int, dict] = {}
    for year in sorted(years):
        current: dict[int, dict] = {}
        for i, name in enumerate(names):
            fmt = rng.choices(list(weights), weights=list(weights.values()))[0]
            layout = rng.choice(LAYOUTS[fmt])
            prev = previous.get(i)
            if prev is not None and prev["meta"]["year"] != year - 1:
                prev = None
            peers = list(current)
            wanted: list[str] = []
            if rng.random() < defect_rate:
                # Corpus defects only once the agency has a past, so X201 is not spent on the first year.
                pool = corpus if corpus and prev is not None and rng.random() < corpus_share else single
                context = {
                    "year": year,
                    "body_kind": kinds[name],
                    "has_previous": prev is not None,
                    "has_peer": bool(peers),
                }
                usable = [c for c in pool if _applicable(c, **context)] or [
                    c for c in single if _applicable(c, **context)
                ]
                if usable:
                    # The least used code goes next, so that every code gets cases however few defects.
                    code = min(usable, key=lambda c: (used[c], order[c]))
                    used[code] += 1
                    wanted = [code]
            peer = None
            if "X201" in wanted:
                # A copied section 五 must not also repeat the agency's own last year (that is X102).
                own = {p["text"] for p in (prev or {}).get("problems", [])}
                fits = [
                    j
                    for j in peers
                    if current[j]["problems"] and not own & {p["text"] for p in current[j]["problems"]}
                ]
                if fits:
                    peer = current[rng.choice(fits)]
                else:
                    wanted = []
            filename = f"a{i:03d}_{year}.{fmt}"
            report_seed = _report_seed(seed, i, year)
            try:
                report = generate_report(
                    seed=report_seed,
                    agency=name,
                    year=year,
                    fmt=fmt,
                    layout=layout,
                    defects=tuple(wanted),
                    previous=prev,
                    peer=peer,
                    filename=filename,
                    transpose=tuple(transpose),
                )
            except DefectError:
                report = generate_report(
                    seed=report_seed,
                    agency=name,
                    year=year,
                    fmt=fmt,
                    layout=layout,
                    previous=prev,
                    filename=filename,
                    transpose=tuple(transpose),
                )
            truth = report.truth
            truth["agency_index"] = i
            if prev is not None:
                truth["previous_file"] = prev["file"]
            if peer is not None:
                # The source of a cross-agency copy shares the near-duplicate section: X201 is symmetric.
                peer["defects"].append(
                    {
                        "code": "X201",
                        "keys": ["problems"],
                        "detail": {"copied_by": filename, "role": "source"},
                    }
                )
            current[i] = truth
            yield report
        previous = current


def _truth_bytes(truth: Mapping[str, Any]) -> bytes:
    return (json.dumps(truth, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode("utf-8")


DEMO_PARAMS: dict[str, Any] = {
    "n_agencies": 50,
    "years": (2019, 2020, 2021, 2022, 2023, 2024),
    "seed": 0,
    "defect_rate": 0.15,
}
"""The parameters of the committed demo corpus (``corpora/demo``)."""
DEMO_SAMPLE: dict[str, Any] = {
    "seed": 20231,
    "year": 2023,
    "fmt": "txt",
    "layout": "tabs",
    "filename": "sample.txt",
}
"""The clean single report the README's first command analyses (``corpora/demo/sample.txt``)."""


def write_corpus(
    out_dir: str | Path, *, sample: Mapping[str, Any] | None = None, **kwargs: Any
) -> dict[str, Any]:
    """Write every report of `generate_corpus(**kwargs)` with ``<stem>.truth.json`` and ``manifest.json``.

    Returns the manifest: one entry per report (file, truth file, sha256, agency, year, template,
    format, layout, defect codes). `sample` (arguments of `generate_report`) adds one standalone
    report first. Truth files are written after the whole year is generated, because
    an X201 copy adds a note to its source's truth.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    entries: list[dict[str, Any]] = []
    pending: list[SynthReport] = []
    year_of_pending: int | None = None

    def flush() -> None:
        for r in pending:
            stem = r.filename.rsplit(".", 1)[0]
            (out / r.filename).write_bytes(r.data)
            (out / f"{stem}.truth.json").write_bytes(_truth_bytes(r.truth))
            entries.append(
                {
                    "file": r.filename,
                    "truth": f"{stem}.truth.json",
                    "sha256": hashlib.sha256(r.data).hexdigest(),
                    "agency": r.truth["meta"]["agency"],
                    "year": r.truth["meta"]["year"],
                    "template": r.truth["meta"]["template"],
                    "body_kind": r.truth["meta"]["body_kind"],
                    "format": r.fmt,
                    "layout": r.layout,
                    "seed": r.truth["seed"],
                    "defects": sorted({d["code"] for d in r.truth["defects"]}),
                    "injected": r.truth["injected"],
                    "previous": r.truth.get("previous_file"),
                }
            )
        pending.clear()

    if sample is not None:
        pending.append(generate_report(**sample))
        flush()
    for report in generate_corpus(**kwargs):
        year = report.truth["meta"]["year"]
        if year_of_pending is not None and year != year_of_pending:
            flush()
        year_of_pending = year
        pending.append(report)
    flush()
    params = {k: (list(v) if isinstance(v, (tuple, list)) else v) for k, v in kwargs.items()}
    manifest = {
        "generator": "corpora.synth",
        "params": params,
        "n_reports": len(entries),
        "reports": entries,
    }
    (out / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return manifest


def write_demo(out_dir: str | Path) -> dict[str, Any]:
    """Write the demo corpus (`DEMO_PARAMS` plus `DEMO_SAMPLE`) and return its manifest."""
    return write_corpus(out_dir, sample=DEMO_SAMPLE, **DEMO_PARAMS)
