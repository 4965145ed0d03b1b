"""Build a `Report` from a small JSON description: how rule fixtures (and rule authors) state a case.

A spec holds the report ``text`` (sections are segmented from it by the real segmenter, meta read by
the real extractor), then overrides: ``meta`` fields, ``cells`` (key -> number, ``null`` for a blank,
``"/"`` for 「/」, or a dict of `TableCell` fields), ``claims`` (dicts of `Claim` fields; ``start``/``end``
are found by locating ``text`` in the report when not given), ``section_flags``, ``problems`` and
``improvements``. Independent of the table and claim parsers, so a rule can be tested on the exact
numbers it is about.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from ..meta import extract_meta
from ..model import Claim, Document, Improvement, Problem, Report, TableCell
from ..normalize import normalize_text
from ..sections import segment_sections
from ..template import detect_template


def _cell(key: str, spec: Any) -> TableCell:
    if isinstance(spec, dict):
        return TableCell(key=key, **{"raw": str(spec.get("value", "")), **spec})
    if spec is None:
        return TableCell(key=key, value=None, raw="", placeholder="blank")
    if isinstance(spec, str):
        if spec.strip() in ("/", "无"):
            return TableCell(key=key, value=None, raw=spec, placeholder="na")
        if spec.strip() in ("-", "—"):
            return TableCell(key=key, value=None, raw=spec, placeholder="dash")
        return TableCell(key=key, value=None, raw=spec)
    return TableCell(key=key, value=spec, raw=str(spec))


def _claims(text: str, specs: list[dict[str, Any]]) -> tuple[Claim, ...]:
    out = []
    pos = 0
    for c in specs:
        c = dict(c)
        if "start" not in c:
            i = text.find(c["text"], pos)
            if i < 0:
                i = text.find(c["text"])
            c["start"], c["end"] = (i, i + len(c["text"])) if i >= 0 else (0, 0)
            pos = max(pos, c["end"]) if i >= 0 else pos
        c.setdefault("unit", None)
        c.setdefault("approx", None)
        c.setdefault("section", "overview")
        if c.get("sentence") is not None:
            c["sentence"] = tuple(c["sentence"])
        out.append(Claim(**c))
    return tuple(out)


def report_from_spec(spec: dict[str, Any], *, path: str = "<fixture>") -> Report:
    """Return the `Report` a fixture spec describes (text through the real segmenter and meta reader)."""
    text = normalize_text(spec.get("text", ""))
    doc = Document(path=path, format="txt", reader="fixture", text=text)
    secs = segment_sections(text)
    cells = tuple(_cell(k, v) for k, v in (spec.get("cells") or {}).items())
    template = spec.get("meta", {}).get("template", detect_template(text, cells))
    meta = extract_meta(doc, secs, template)
    if spec.get("meta"):
        meta = dataclasses.replace(meta, **spec["meta"])
    return Report(
        document=doc,
        meta=meta,
        sections=secs,
        cells=cells,
        claims=_claims(text, spec.get("claims") or []),
        problems=tuple(Problem(**p) for p in spec.get("problems") or []),
        improvements=tuple(Improvement(**i) for i in spec.get("improvements") or []),
        section_flags=tuple(spec.get("section_flags") or ()),
    )
