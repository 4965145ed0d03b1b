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

# A share: «予以公开和部分公开的占56%», «…共3件，占办结总量的60%», «自然人申请占比40%»; the quantity
# before the cue is the numerator (checks.N103 finds its base), the words after it name the base.
_SHARE_CUE = re.compile(r"(?:占(?:比)?(?:[^，,。；;:：]{0,12}?的)?|比例|比重)(?:为|达|是|约)?\s*$")
_CONNECTIVE = re.compile(r"[，,；;：:、\s共计合总其中为是达有的]*")
_EXISTENTIAL = re.compile(r"[\s,，;；:：、]*(?:另有|还有|共有|尚有|有|其中|另|共|计|合计)?[\s]*")
LEXICON_PATH = Path(__file__).resolve().parents[2] / "corpora" / "lexicon" / "fields.json"


@dataclass(frozen=True)
class Cue:
    """One compiled lexicon pattern: a row or a column of a table family."""

    family: str
    target: str | None
    pattern: re.Pattern
    weak: bool = False
    template: str | None = None
    refines: str | None = None


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
    qualifiers: re.Pattern | None
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
        Cue(r["family"], r["row"], re.compile(pat), bool(r.get("weak")), r.get("template"), r.get("refines"))
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
        qualifiers=re.compile("|".join(data["qualifiers"])) if data.get("qualifiers") else None,
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


_ANY_CACHE: dict[tuple[int, str | None, bool], re.Pattern] = {}


def _any_cue(cues: tuple[Cue, ...], template: str | None, weak: bool) -> re.Pattern:
    """Return one regex matching wherever any of `cues` would: a cheap test before the per-cue scan."""
    key = (id(cues), template, weak)
    pat = _ANY_CACHE.get(key)
    if pat is None:
        alts = [c.pattern.pattern for c in cues if c.weak == weak and _template_ok(c.template, template)]
        pat = re.compile("|".join(f"(?:{a})" for a in alts) or r"(?!x)x")
        _ANY_CACHE[key] = pat
    return pat


def _nearest(
    cues: tuple[Cue, ...], context: str, template: str | None, *, weak: bool
) -> tuple[Cue, int] | None:
    """Return the cue nearest the end of `context`, with the end of its match.

    The match ending last wins (ties: the longest). A match it overlaps that starts earlier wins
    over it («不予处理的申请»: 不予处理, not 处理…申请), and a sub-row cue of the winner's row found in
    the same context refines it («不掌握…无法提供» -> unavailable.not_held).
    """
    if not _any_cue(cues, template, weak).search(context):
        return None
    hits: list[tuple[int, int, Cue]] = []
    for cue in cues:
        if cue.weak != weak or not _template_ok(cue.template, template):
            continue
        hits += [(m.start(), m.end(), cue) for m in cue.pattern.finditer(context) if m.end() > m.start()]
    if not hits:
        return None
    best = max(hits, key=lambda h: (h[1], h[1] - h[0]))
    for h in sorted(hits, key=lambda h: h[0]):
        if h[0] < best[0] and h[1] > best[0] and h[2].target != best[2].target:
            best = h
            break
    if best[2].target:
        subs = [
            h
            for h in hits
            if h[2].family == best[2].family
            and ((h[2].target or "").startswith(best[2].target + ".") or h[2].refines == best[2].target)
        ]
        if subs:
            sub = max(subs, key=lambda h: (h[1], h[1] - h[0]))
            return sub[2], max(sub[1], best[1])
    return best[2], best[1]


def _first(cues: tuple[Cue, ...], text: str, template: str | None) -> Cue | None:
    """Return the strong cue whose match starts first in `text` (ties: the longest)."""
    best: tuple[int, int, Cue] | None = None
    for cue in cues:
        if cue.weak or not _template_ok(cue.template, template):
            continue
        m = cue.pattern.search(text)
        if m and (best is None or (m.start(), -(m.end() - m.start())) < best[:2]):
            best = (m.start(), -(m.end() - m.start()), cue)
    return best[2] if best else None


def link_field(
    clause: str,
    after: str,
    unit: str | None,
    template: str | None,
    previous: Link | None,
    lexicon: Lexicon | None = None,
    *,
    wider: str = "",
    rest: str = "",
    any_unit: bool = False,
) -> Link:
    """Return the `Link` of a number from the words around it.

    `rest` is the remainder of the sentence after the number. `clause` holds the words before the number back to the previous number or clause break, `wider`
    the rest of the sentence before that, `after` the words after the unit up to the clause end.
    Cascade: a row cue in the clause; a column cue inheriting the row of `previous` (the previous
    number of the sentence); the first row cue after the number («对3件申请作出部分公开答复»); a
    column cue with a row cue earlier in the sentence; a row cue earlier in the sentence when the
    clause is only a connective («…申请，共计12件»); a weak cue in the clause.
    A percentage links only when it is a share of a table quantity (`_link_share`); `any_unit` skips
    the unit check (used for those shares).
    """
    lex = lexicon or load_lexicon()
    none = Link(None, None, None, None)
    if unit in ("%", "‰"):
        return _link_share(clause, template, previous, lex)
    family = row = None
    row_end = col_end = -1
    col_cue: Cue | None = None
    row_hit = _nearest(lex.rows, clause, template, weak=False)
    if row_hit:
        family, row, row_end = row_hit[0].family, row_hit[0].target, row_hit[1]
        hit = _nearest(lex.columns.get(family, ()), clause, template, weak=False)
        if hit:
            col_cue, col_end = hit
    if family is None and previous is not None and previous.family is not None:
        hit = _nearest(lex.columns.get(previous.family, ()), clause, template, weak=False)
        if hit:
            family, row, col_cue, col_end = previous.family, previous.row, hit[0], hit[1]
    if family is None:
        cue = _first(lex.rows, after, template)
        if cue is not None:
            family, row, row_end = cue.family, cue.target, len(clause)
    if family is None and _EXISTENTIAL.fullmatch(clause) and rest:
        # 「另有3件申请因…，结转下一年度继续办理」: the number is the subject; the predicate comes later.
        cue = _first(lex.rows, rest, template)
        if cue is not None:
            family, row, row_end = cue.family, cue.target, len(clause)
    if family is None and wider:
        wide_hit = _nearest(lex.rows, wider, template, weak=False) or _nearest(
            lex.rows, wider, template, weak=True
        )
        if wide_hit:
            hit = _nearest(lex.columns.get(wide_hit[0].family, ()), clause, template, weak=False)
            connective = len(re.sub(r"[，,；;：:、\s共计合总其中为是达有]", "", clause)) == 0
            if hit or connective:
                family, row = wide_hit[0].family, wide_hit[0].target
                if hit:
                    col_cue, col_end = hit
    if family is None:
        weak_hit = _nearest(lex.rows, clause, template, weak=True)
        if weak_hit:
            family, row, row_end = weak_hit[0].family, weak_hit[0].target, weak_hit[1]
            hit = _nearest(lex.columns.get(family, ()), clause, template, weak=False)
            if hit:
                col_cue, col_end = hit
    if family is None:
        return none
    if lex.qualifiers is not None and lex.qualifiers.search(clause):
        return none  # a breakdown by channel («通过信函方式收到») is no table cell
    # A blocker nearer the number than the cue («行政处罚…罚款9.35万元») means another quantity.
    last_cue_end = max(row_end, col_end)
    for m in lex.blockers.finditer(clause):
        if m.end() > last_cue_end and m.start() >= last_cue_end - 1:
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
    if not any_unit and unit not in lex.unit_classes[unit_class]:
        return none
    key = fam["key"].format(row=row, col=col)
    if key not in valid_keys(template):
        return Link(family, row, col, None)
    return Link(family, row, col, key)


def _link_share(clause: str, template: str | None, previous: Link | None, lex: Lexicon) -> Link:
    """Return the link of a percentage stated as a share of a table quantity, else an empty link.

    Rates and changes («办结率100%», «同比下降5%») are no table quantity. A share names its
    numerator before the cue («予以公开和部分公开的占»), or is the previous number's share
    («予以公开3件，占办结总量的60%»).
    """
    none = Link(None, None, None, None)
    m = _SHARE_CUE.search(clause)
    if m is None:
        return none
    head = clause[: m.start()]
    if _CONNECTIVE.fullmatch(head):
        return previous if previous is not None and previous.key else none
    link = link_field(head, "", None, template, previous, lex, any_unit=True)
    return link if link.key else none
