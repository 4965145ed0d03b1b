"""Field linking: the words before a number -> the canonical table key it speaks about.

The phrasings live in ``corpora/lexicon/fields.json`` (readable, editable without touching code).
A cue is a regular expression; the *nearest* row cue before a number wins, a column cue of the same
table picks the column, and a column cue with no row cue («其中维持1件», «自然人8件») inherits the
row of the previous number in the sentence. Keys are checked against `mining.keys`, so a lexicon
entry can never invent a key.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..keys import derived_sums, expected_keys

LEXICON_PATH = Path(__file__).resolve().parents[2] / "corpora" / "lexicon" / "fields.json"


@dataclass(frozen=True)
class Cue:
    """One compiled lexicon pattern: a row or a column of a table family."""

    family: str
    target: str | None
    pattern: re.Pattern
    weak: bool = False
    template: str | None = None


@dataclass(frozen=True)
class Link:
    """The row and column a number was linked to, and the key they make (None when not a table quantity)."""

    family: str | None
    row: str | None
    col: str | None
    key: str | None


@dataclass(frozen=True)
class NegationObject:
    pattern: re.Pattern
    field: str | None
    verb_required: bool


@dataclass(frozen=True)
class Lexicon:
    """The compiled field lexicon."""

    families: dict[str, dict]
    unit_classes: dict[str, frozenset]
    rows: tuple[Cue, ...]
    columns: dict[str, tuple[Cue, ...]]
    column_units: dict[tuple[str, str], str]
    blockers: re.Pattern
    negators: tuple[str, ...]
    neg_verbs: tuple[str, ...]
    neg_objects: tuple[NegationObject, ...]


def _template_ok(cue_template: str | None, template: str | None) -> bool:
    if cue_template is None:
        return True
    if cue_template.startswith("!"):
        return template != cue_template[1:]
    return template == cue_template


@lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> Lexicon:
    """Return the compiled field lexicon (``corpora/lexicon/fields.json`` unless `path` is given)."""
    p = Path(path) if path else LEXICON_PATH
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"{p}: cannot read the field lexicon ({exc})") from exc
    rows = tuple(
        Cue(r["family"], r["row"], re.compile(pat), bool(r.get("weak")), r.get("template"))
        for r in data["rows"]
        for pat in r["patterns"]
    )
    columns: dict[str, tuple[Cue, ...]] = {}
    column_units: dict[tuple[str, str], str] = {}
    for fam, cols in data.get("columns", {}).items():
        columns[fam] = tuple(
            Cue(fam, c["col"], re.compile(pat), False, c.get("template"))
            for c in cols
            for pat in c["patterns"]
        )
        for c in cols:
            if c.get("units") and c["col"]:
                column_units[(fam, c["col"])] = c["units"]
    neg = data["negations"]
    return Lexicon(
        families=data["families"],
        unit_classes={k: frozenset(v) for k, v in data["unit_classes"].items()},
        rows=rows,
        columns=columns,
        column_units=column_units,
        blockers=re.compile("|".join(data["blockers"])),
        negators=tuple(sorted(neg["negators"], key=len, reverse=True)),
        neg_verbs=tuple(sorted(neg["verbs"], key=len, reverse=True)),
        neg_objects=tuple(
            NegationObject(re.compile(o["pattern"]), o["field"], bool(o.get("verb_required")))
            for o in neg["objects"]
        ),
    )


@lru_cache(maxsize=8)
def valid_keys(template: str | None) -> frozenset[str]:
    """Return every key a claim may link to under `template`: printed cells and derived sums."""
    keys = set(expected_keys(template))
    keys |= set(derived_sums({}, template))
    return frozenset(keys)


def _nearest(
    cues: tuple[Cue, ...], context: str, template: str | None, *, weak: bool
) -> tuple[Cue, int] | None:
    """Return the cue whose match ends nearest the end of `context` (ties: the longest), with its end."""
    best: tuple[int, int, Cue] | None = None
    for cue in cues:
        if cue.weak != weak or not _template_ok(cue.template, template):
            continue
        for m in cue.pattern.finditer(context):
            score = (m.end(), m.end() - m.start())
            if best is None or score > best[:2]:
                best = (score[0], score[1], cue)
    return (best[2], best[0]) if best else None


def link_field(
    context: str,
    after: str,
    unit: str | None,
    template: str | None,
    previous: Link | None,
    lexicon: Lexicon | None = None,
) -> Link:
    """Return the `Link` of a number given the words before it (`context`) and after it (`after`).

    `previous` is the link of the previous number of the same sentence: its row is inherited when the
    context names only a column («其中维持1件»).
    """
    lex = lexicon or load_lexicon()
    none = Link(None, None, None, None)
    if unit in ("%", "‰"):
        return none
    row_hit = _nearest(lex.rows, context, template, weak=False)
    family = row = None
    row_end = 0
    if row_hit:
        family, row, row_end = row_hit[0].family, row_hit[0].target, row_hit[1]
    col_cue = None
    col_end = -1
    if family is not None:
        hit = _nearest(lex.columns.get(family, ()), context, template, weak=False)
        if hit:
            col_cue, col_end = hit
    else:
        # A column with no row: inherit the row of the previous number of the sentence.
        if previous is not None and previous.family is not None:
            hit = _nearest(lex.columns.get(previous.family, ()), context, template, weak=False)
            if hit:
                family, row, col_cue, col_end = previous.family, previous.row, hit[0], hit[1]
                row_end = col_end
        if family is None:
            after_hit = _nearest(lex.rows, after, template, weak=False)
            if after_hit and after_hit[1] <= len(after):
                family, row, row_end = after_hit[0].family, after_hit[0].target, len(context)
        if family is None:
            weak_hit = _nearest(lex.rows, context, template, weak=True)
            if weak_hit:
                family, row, row_end = weak_hit[0].family, weak_hit[0].target, weak_hit[1]
                hit = _nearest(lex.columns.get(family, ()), context, template, weak=False)
                if hit:
                    col_cue, col_end = hit
    if family is None:
        return none
    # A blocker nearer the number than the cue («行政处罚…罚款9.35万元») means another quantity.
    last_cue_end = max(row_end, col_end)
    for m in lex.blockers.finditer(context):
        if m.start() >= last_cue_end - 1 and m.end() > last_cue_end:
            return none
    fam = lex.families[family]
    if col_cue is not None:
        if col_cue.target is None:
            return Link(family, row, None, None)  # 法人或其他组织: a sum of columns with no key
        col = col_cue.target
    else:
        col = fam["default_col"]
        if col is None:
            return Link(family, row, None, None)
    unit_class = lex.column_units.get((family, col), fam["units"])
    if unit not in lex.unit_classes[unit_class]:
        return none
    key = fam["key"].format(row=row, col=col)
    if key not in valid_keys(template):
        return Link(family, row, col, None)
    return Link(family, row, col, key)
