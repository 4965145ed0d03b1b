"""The spaCy pipeline of the claims stage: ``spacy.blank("zh")`` on jieba plus four xxgk components.

Components (factories registered when this module is imported; nothing is *built* until
`load_pipeline` is called):

``xxgk_sentences``  sentence starts after 。！？ and line breaks (sets ``Token.is_sent_start``)
``xxgk_numbers``    quantities (`numbers.scan_quantities`, token edges from jieba) -> ``doc.spans["xxgk_claims"]``
``xxgk_negations``  negative statements meaning zero (未收到…申请, 未发生行政复议) -> the same span group
``xxgk_fields``     links every claim span to a table key (`fields.link_field`), reading the template
                    from ``doc.user_data["xxgk_template"]``

Each claim span carries ``span._.xxgk_claim``: a dict with the exact character offsets, value, unit,
approx, low/high, negative and field (a span is widened to whole tokens; the dict keeps the exact text).
"""

from __future__ import annotations

import bisect
import re
import threading
from pathlib import Path
from typing import Any

import numpy
import spacy
from spacy.attrs import IDX, LENGTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

from .fields import Lexicon, Link, link_field, load_lexicon
from .numbers import round_value, scan_quantities

SPAN_KEY = "xxgk_claims"
USER_DICT = Path(__file__).resolve().parents[2] / "corpora" / "lexicon" / "jieba_user_dict.txt"
_SENT_END = frozenset("。！？!?\n")
_CLAUSE_END = "，,。；;！？!?\n：:"
_SENT_RE = re.compile("[。！？!?\n]")
_CLAUSE_BREAKS = "，,；;：:"

_lock = threading.Lock()
_NLP: Language | None = None
_JIEBA_READY = False


def _ensure_extensions() -> None:
    if not Span.has_extension("xxgk_claim"):
        Span.set_extension("xxgk_claim", default=None)


def _ensure_jieba() -> None:
    """Load jieba's dictionary and the domain words once per process."""
    global _JIEBA_READY
    if _JIEBA_READY:
        return
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    if USER_DICT.is_file():
        jieba.load_userdict(str(USER_DICT))
    _JIEBA_READY = True


def token_offsets(doc: Doc) -> tuple[list[int], list[int]]:
    """Return the start and end character offsets of every token (one array read, no Token objects)."""
    if not len(doc):
        return [], []
    arr = doc.to_array([IDX, LENGTH])
    starts = arr[:, 0].tolist()
    return starts, [a + b for a, b in zip(starts, arr[:, 1].tolist(), strict=True)]


def char_span(doc: Doc, start: int, end: int, tok_starts: list[int], tok_ends: list[int]) -> Span | None:
    """Return the span of the tokens covering [start, end) (like ``alignment_mode="expand"``, by bisection)."""
    i = bisect.bisect_right(tok_starts, start) - 1
    j = bisect.bisect_left(tok_ends, end)
    if i < 0 or j >= len(tok_ends) or j < i:
        return None
    return Span(doc, i, j + 1)


@Language.factory("xxgk_sentences")
def make_sentences(nlp: Language, name: str) -> Any:
    """Return the component that starts a sentence after 。！？ and after a line break."""

    def sentences(doc: Doc) -> Doc:
        if not len(doc):
            return doc
        # One array write: setting Token.is_sent_start one by one re-checks the whole Doc each time.
        text = doc.text
        _, ends = token_offsets(doc)
        flags = numpy.full(len(doc), -1, dtype="int64")
        flags[0] = 1
        for i in range(1, len(doc)):
            if ends[i - 1] > 0 and text[ends[i - 1] - 1] in _SENT_END:
                flags[i] = 1
        doc.from_array([SENT_START], flags.astype("uint64").reshape(-1, 1))
        return doc

    return sentences


@Language.factory("xxgk_numbers")
def make_numbers(nlp: Language, name: str) -> Any:
    """Return the component that finds quantities and stores them as claim spans."""
    _ensure_extensions()

    def numbers(doc: Doc) -> Doc:
        tok_starts, tok_ends = token_offsets(doc)
        doc.user_data["xxgk_tokens"] = (tok_starts, tok_ends)
        spans = []
        for q in scan_quantities(doc.text, {*tok_starts, *tok_ends}):
            span = char_span(doc, q.start, q.end, tok_starts, tok_ends)
            if span is None:
                continue
            span._.xxgk_claim = {
                "start": q.start,
                "end": q.end,
                "num_start": q.num_start,
                "value": round_value(q.value),
                "unit": q.unit,
                "approx": q.approx,
                "low": None if q.low is None else round_value(q.low),
                "high": None if q.high is None else round_value(q.high),
                "negative": False,
                "field": None,
            }
            spans.append(span)
        doc.spans[SPAN_KEY] = spans
        return doc

    return numbers


@Language.factory("xxgk_negations")
def make_negations(nlp: Language, name: str) -> Any:
    """Return the component that turns negative statements meaning zero into claims of value 0."""
    _ensure_extensions()
    lex = load_lexicon()
    negator_re = re.compile("|".join(re.escape(n) for n in lex.negators))
    verbs = lex.neg_verbs
    # 「无法」「未来」「未经」「无论」: the negator is part of another word.
    not_negation = re.compile(
        r"^(?:法|论|需|须|关|疑|意|限|偿|条件|误|来|经|能|按|及|予|满|达|明|尽|列|公开|对|必|非|从|权|效|形|线|序|障|碍)"
    )
    soft = ("没有", "暂无", "尚无", "并无", "均无", "均未", "从未", "未曾", "尚未")
    # 无/没有/暂无 deny existence: the verb is implied («暂无依申请公开申请»).
    existential = ("无", "没有", "暂无", "尚无", "并无", "均无")

    def negations(doc: Doc) -> Doc:
        text = doc.text
        existing = list(doc.spans[SPAN_KEY]) if SPAN_KEY in doc.spans else []
        tokens = doc.user_data.get("xxgk_tokens") or token_offsets(doc)
        taken = [(s._.xxgk_claim["start"], s._.xxgk_claim["end"]) for s in existing]
        found = []
        pos = 0
        for m in negator_re.finditer(text):
            if m.start() < pos:
                continue
            rest = text[m.end() : m.end() + 30]
            if not_negation.match(rest):
                continue
            cut = min((rest.find(ch) for ch in _CLAUSE_END if ch in rest), default=len(rest))
            clause = rest[:cut]
            if any(ch.isdigit() for ch in clause):
                continue  # the clause states its own number
            verb = next((v for v in verbs if clause.startswith(v)), None)
            if verb is None and m.group(0) not in soft and not clause.startswith(("因", "相关", "任何")):
                # a bare 未/无 must be followed by a verb or directly by its object
                if not any(o.pattern.match(clause) for o in lex.neg_objects):
                    continue
            hits = []
            for obj in lex.neg_objects:
                om = obj.pattern.search(clause)
                if om is None:
                    continue
                if obj.verb_required and verb is None and m.group(0) not in existential:
                    continue
                hits.append((om.start(), om.end(), obj.field))
            if any(f and f.startswith("t4.") for _, _, f in hits):
                # 「未发生因…申请引发的行政复议」: the 申请 qualifies the review, it is no zero count of its own.
                hits = [h for h in hits if h[2] != "t3.new.total"]
            hits.sort()
            # one claim per object; the first one includes the negator
            seen_fields = set()
            for i, (s, e, fld) in enumerate(hits):
                if any(s < oe and os_ < e for os_, oe, _ in hits[:i]):
                    continue
                if fld is not None and fld in seen_fields:
                    continue
                seen_fields.add(fld)
                cs = m.start() if i == 0 else m.end() + s
                ce = m.end() + e
                if any(a < ce and cs < b for a, b in taken):
                    continue
                span = char_span(doc, cs, ce, *tokens)
                if span is None:
                    continue
                span._.xxgk_claim = {
                    "start": cs,
                    "end": ce,
                    "num_start": cs,
                    "value": 0.0,
                    "unit": None,
                    "approx": None,
                    "low": 0.0,
                    "high": 0.0,
                    "negative": True,
                    "field": fld,
                    "preset_field": True,
                }
                found.append(span)
                taken.append((cs, ce))
                pos = ce
        if found:
            doc.spans[SPAN_KEY] = sorted(existing + found, key=lambda s: s._.xxgk_claim["start"])
        return doc

    return negations


@Language.factory("xxgk_fields")
def make_fields(nlp: Language, name: str) -> Any:
    """Return the component that links each claim span to a canonical table key."""
    _ensure_extensions()
    lex: Lexicon = load_lexicon()

    def fields(doc: Doc) -> Doc:
        if SPAN_KEY not in doc.spans:
            return doc
        template = doc.user_data.get("xxgk_template")
        text = doc.text
        previous: Link | None = None
        prev_end = 0
        sent_start = 0
        starts = sentence_starts(text)
        for span in doc.spans[SPAN_KEY]:
            c = span._.xxgk_claim
            s = starts[bisect.bisect_right(starts, c["start"]) - 1]
            if s != sent_start:
                sent_start, previous, prev_end = s, None, s
            ctx_start = max(prev_end, sent_start)
            if c.get("preset_field"):
                parts = (c["field"] or "").split(".")
                link = (
                    Link(parts[0], ".".join(parts[1:-1]), parts[-1], c["field"])
                    if len(parts) >= 3
                    else Link(None, None, None, None)
                )
            else:
                before = text[ctx_start : c["num_start"]]
                brk = max(before.rfind(ch) for ch in _CLAUSE_BREAKS) + 1
                clause, wider = before[brk:], text[sent_start : ctx_start + brk]
                after_end = c["end"]
                cut = min(
                    (i for i in (text.find(ch, after_end) for ch in _CLAUSE_END) if i >= 0), default=len(text)
                )
                k = bisect.bisect_right(starts, after_end)
                rest = text[after_end : starts[k] if k < len(starts) else len(text)]
                link = link_field(
                    clause, text[after_end:cut], c["unit"], template, previous, lex, wider=wider, rest=rest
                )
                c["field"] = link.key
            if link.family is not None:
                previous = link
            prev_end = c["end"]
        return doc

    return fields


def sentence_starts(text: str) -> list[int]:
    """Return the offsets where the sentences of `text` start (0, then after each 。！？ or line break)."""
    return [0, *(m.end() for m in _SENT_RE.finditer(text) if m.end() < len(text))]


def sentence_start(text: str, pos: int) -> int:
    """Return the offset where the sentence holding `pos` starts (after 。！？ or a line break)."""
    return max(text.rfind(ch, 0, pos) for ch in _SENT_END) + 1


def sentence_end(text: str, pos: int) -> int:
    """Return the offset just past the sentence end holding `pos` (its 。！？ included)."""
    ends = [i for i in (text.find(ch, pos) for ch in _SENT_END) if i >= 0]
    return min(ends) + 1 if ends else len(text)


def build_pipeline() -> Language:
    """Return a new claims pipeline (jieba segmenter + the four xxgk components)."""
    _ensure_jieba()
    _ensure_extensions()
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    for name in ("xxgk_sentences", "xxgk_numbers", "xxgk_negations", "xxgk_fields"):
        nlp.add_pipe(name)
    return nlp


def load_pipeline() -> Language:
    """Return the claims pipeline, built once per process and shared afterwards."""
    global _NLP
    if _NLP is None:
        with _lock:
            if _NLP is None:
                _NLP = build_pipeline()
    return _NLP
