"""C-rules: residue of another agency's or another year's report (defect D6)."""

from __future__ import annotations

import re
from functools import lru_cache

from ...meta import find_signature_agency
from ...model import SECTION_KEYS
from ..lexicon import load_lexicon
from ..registry import rule

_CLAUSE_END = re.compile(r"[，,。；;：:!?！？\n]")
_SELF = re.compile(r"[我本](局|委|办|厅|院|署|中心|乡(?!镇)|镇|街道|县|区|旗|市)(?![员会])")
_PLACE_KINDS = ("县", "区", "旗", "市")
"""Place forms (我县, 我区) name the author only in a government's report; 我市 is never odd there."""
_AGENCY_KIND = (
    ("乡人民政府", "乡"),
    ("镇人民政府", "镇"),
    ("街道办事处", "街道"),
    ("县人民政府", "县"),
    ("区人民政府", "区"),
    ("旗人民政府", "旗"),
    ("市人民政府", "市"),
    ("委员会", "委"),
    ("委", "委"),
    ("办公室", "办"),
    ("局", "局"),
    ("厅", "厅"),
    ("院", "院"),
    ("中心", "中心"),
)


def _narrative(ctx):
    """Yield (start, end) of every narrative section, table lines excluded."""
    for s in ctx.report.sections:
        if s.key not in SECTION_KEYS:
            continue
        pos = s.start
        for line in ctx.report.text[s.start : s.end].split("\n"):
            if line.strip() and not line.startswith("\t") and line.count("\t") < 2:
                yield pos, pos + len(line)
            pos += len(line) + 1


def _clause(text: str, start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    a = max(
        (m.end() for m in _CLAUSE_END.finditer(text, max(lo, start - 60), start)), default=max(lo, start - 60)
    )
    m = _CLAUSE_END.search(text, end, min(hi, end + 60))
    return a, (m.start() if m else min(hi, end + 60))


@lru_cache(maxsize=64)
def _matcher(own_key: str):
    """Return one regex of every other sector's words for a report of `own_key`, and word -> (sector, kind)."""
    lex = load_lexicon()
    own = next(s for s in lex.sectors if s.key == own_key)
    words: dict[str, tuple] = {}
    for other in lex.sectors:
        if other.key == own_key:
            continue
        for w, kind in [(w, "short") for w in other.short_names] + [(w, "business") for w in other.business]:
            if w in own.shared or w in own.business or any(w in x for x in own.shared) or w in words:
                continue
            words[w] = (other, kind)
    alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(alternation or r"(?!x)x"), words


def _place_of(agency: str, sector) -> str:
    for cue in sorted(sector.agency_cues, key=len, reverse=True):
        i = agency.find(cue)
        if i > 0:
            return agency[:i]
    return ""


@rule(
    "C101",
    name="another-sectors-business",
    family="contamination",
    severity="warning",
    message="a {own} report names {other} business as its own: 「{word}」",
    explanation="""
Reports are often written by copying another agency's report and replacing names. What is left over
names another sector's business as the author's own: 「保障人民群众对人社工作的知情权」 in a health
commission's report, 「巨鹿文旅信息」 in a 卫生健康局 report. The author's sector is inferred from the
agency name through the lexicon `corpora/lexicon/sectors.json`; a report of a government (本级政府)
covers every sector and is not assessed.

Two kinds of word fire: a sector's short name used as the author's own line of work (人社 + 工作/信息/
领域…, or the author's place name + 文旅), and business only that sector does (社保卡, 不动产登记,
A级旅游景区…). A mention in a clause about working with another agency (配合, 联合, 会同, 与人社部门…)
and words the author's sector legitimately shares (医保 in a health report) never fire.

Example that fires: a 卫生健康局 report saying 「切实做好人社信息发布」.""",
)
def other_sector(ctx) -> None:
    lex = load_lexicon()
    agency = ctx.report.meta.agency
    own = lex.sector_of(agency)
    if own is None or ctx.report.meta.body_kind == "government":
        ctx.skip()
        return
    text = ctx.report.text
    place = _place_of(agency or "", own)
    place_stem = re.sub(r"(省|市|县|区|旗|州|盟|自治县|自治州)$", "", place[-4:]) if place else ""
    pattern, words = _matcher(own.key)
    seen: set[str] = set()
    for lo, hi in _narrative(ctx):
        for m in pattern.finditer(text, lo, hi):
            word = m.group(0)
            other, kind = words[word]
            a, b = m.start(), m.end()
            after = text[b : b + 3]
            before = text[max(lo, a - 1) : a]
            by_place = bool(place_stem) and text[max(lo, a - len(place_stem)) : a] == place_stem
            if kind == "short":
                named_as_own = any(after.startswith(w) for w in lex.context_words) or any(
                    word.endswith(w) for w in lex.context_words
                )
                if not (named_as_own or by_place) or (before in lex.conjunctions and not by_place):
                    continue
                if re.match(r"(部门|局|委|厅|办)", after):
                    continue  # names the other agency itself (人社局), not its business
            ca, cb = _clause(text, a, b, lo, hi)
            if any(w in text[ca:cb] for w in lex.cooperation):
                continue
            shown = (place_stem + word) if kind == "short" and by_place else word
            if kind == "short" and not by_place:
                shown += after[:2]
            if shown in seen:
                continue
            seen.add(shown)
            ctx.outcome(
                "fail",
                keys=(f"sector.{other.key}",),
                spans=((a, b),),
                own=own.name,
                other=other.name,
                word=shown,
                expected=own.name,
                actual=other.name,
                evidence=f"{shown}: " + ctx.quote_around(a, b),
            )
    if not seen:
        ctx.ok()


def _agency_kind(agency: str | None) -> str | None:
    if not agency:
        return None
    for suffix, kind in _AGENCY_KIND:
        if agency.endswith(suffix):
            return kind
    return None


@rule(
    "C102",
    name="inconsistent-self-reference",
    family="contamination",
    severity="info",
    message="the report refers to itself as {actual} ({detail})",
    explanation="""
An agency refers to itself by its own kind: a 委员会 writes 我委, a 局 writes 我局, an 办公室 我办. A
report that mixes them (我委 … 我局), or whose signature names an agency of another sector than its
title, was probably assembled from another agency's text. Generic forms (我单位, 本机关, 我部门) never
count. Informational: organs do get renamed, and a 委 may keep an old 局 habit.

Example that fires: a 卫生健康委员会 report with 「我委高度重视」 and later 「2024年我局未收到申请」.""",
)
def self_reference(ctx) -> None:
    text = ctx.report.text
    kinds: dict[str, int] = {}
    government = ctx.report.meta.body_kind == "government"
    for lo, hi in _narrative(ctx):
        for m in _SELF.finditer(text, lo, hi):
            k = m.group(1)
            if k in _PLACE_KINDS and (not government or k == "市"):
                continue  # 我县 in a bureau's report is the county, 我市 in a county's the city
            kinds.setdefault(k, m.start())
    own = _agency_kind(ctx.report.meta.agency)
    assessed = False
    if kinds:
        assessed = True
        odd = sorted(k for k in kinds if k != own) if own else []
        if len(kinds) > 1 or odd:
            forms = "、".join(f"我{k}" for k in sorted(kinds, key=kinds.get))
            first_odd = kinds[odd[0]] if odd else sorted(kinds.values())[1]
            ctx.outcome(
                "fail",
                keys=("self_reference",),
                spans=(ctx.line_span(first_odd),),
                expected=f"我{own}" if own else None,
                actual=forms,
                detail=f"the agency is a {own}" if own else "more than one form",
                evidence=forms,
            )
        else:
            ctx.ok()
    lex = load_lexicon()
    signed = find_signature_agency(text[-800:])  # the signature is in the last lines
    title_sector = lex.sector_of(ctx.report.meta.agency)
    sign_sector = lex.sector_of(signed)
    if title_sector and sign_sector:
        assessed = True
        if title_sector.key != sign_sector.key:
            ctx.outcome(
                "fail",
                keys=("signature",),
                spans=(ctx.locate(signed) or (len(text), len(text)),),
                expected=ctx.report.meta.agency,
                actual=signed,
                detail="the signature names another agency",
                evidence=f"{ctx.report.meta.agency}|{signed}",
            )
        else:
            ctx.ok()
    if not assessed:
        ctx.skip()


_YEAR = r"((?:19|20)\d{2})\s*年"
_PERIOD = re.compile(
    r"统计(?:期限|时间|期间|周期|区间|数据)?[^。；\n]{0,16}?" + _YEAR + r"\s*1\s*月\s*1\s*日"
)
_UNTIL = re.compile(r"截(?:至|止)(?:到)?\s*" + _YEAR + r"\s*(?:12\s*月\s*31\s*日|底|末)")
# No two adjacent runs that both match whitespace: they backtracked cubically on indented lines.
_LEAD = re.compile(
    r"^[#*>\-\s]*(?:[(（]?[一二三四五六七八九十\d]{1,2}[)）、.．]\s*)?(?:\*\*\s*)?"
    + _YEAR
    + r"(?:度|以来)?\s*[，,]"
)
_OWN_REPORT = re.compile(_YEAR + r"度?政府信息公开工作年度报告")
# Outside the preface a report title of another year is this report only when the text says so
# (「本机关2023年…报告」「现将…」); 「针对2023年…年度报告中提出的问题」 follows last year's report up.
_SELF_CUE = re.compile(r"(?:本|现将|现予|现发布|特发布|特此|此)[^。，,；;：:]{0,12}$")
# (pattern, older years only, a word the pattern cannot match without); _LEAD only at the line start
_YEAR_PATTERNS = (
    (_PERIOD, False, "统计"),
    (_UNTIL, False, "截"),
    (_OWN_REPORT, False, "年度报告"),
    (_LEAD, True, ""),
)


@rule(
    "C103",
    name="stale-current-year",
    family="contamination",
    severity="warning",
    message="the text gives {actual} as the current year of a {expected} report: 「{quote}」",
    explanation="""
Template residue: last year's report reused with the year not updated. Fires when a year other than
the report year appears where the text means the report year: the statistics period
(「统计期限为2023年1月1日至12月31日」), a year-end cut-off (「截至2023年12月31日」), the report's own
title in the preface (or in the body after 本/现将…), or a paragraph that opens with an older year as
its subject (「2022年，我局…」). Next year's plans (a later year), comparisons inside a sentence and
last year's report named as such (「针对2022年…年度报告中提出的问题」) never fire.

Example that fires: a 2024 report whose preface says 「本报告数据统计期限为2023年1月1日至12月31日」.""",
)
def stale_year(ctx) -> None:
    year = ctx.report.meta.year
    if year is None:
        ctx.skip()
        return
    text = ctx.report.text
    spans = list(_narrative(ctx))
    pre = ctx.report.section("preamble")
    if pre:
        title_end = text.find("\n", pre.start)
        spans.append((max(pre.start, title_end if title_end >= 0 else pre.start), pre.end))
    hits = 0
    in_preamble = (pre.start, pre.end) if pre else (0, 0)
    for lo, hi in spans:
        line = text[lo:hi]
        if "年" not in line:
            continue
        for pattern, older_only, cue in _YEAR_PATTERNS:
            if cue and cue not in line:
                continue  # cheap pre-filter: each pattern needs its cue word
            found = [pattern.match(line)] if pattern is _LEAD else pattern.finditer(line)
            for m in filter(None, found):
                if (
                    pattern is _OWN_REPORT
                    and not in_preamble[0] <= lo < in_preamble[1]
                    and not _SELF_CUE.search(line[: m.start()])
                ):
                    continue  # another year's report named in the body: a reference, not this report
                hits += 1
                y = int(m.group(1))
                stale = y < year if older_only else y != year
                if not stale:
                    ctx.ok()
                    continue
                a, b = lo + m.start(1), lo + m.end()
                ctx.outcome(
                    "fail",
                    keys=("meta.year",),
                    spans=((a, b),),
                    expected=year,
                    actual=y,
                    quote=re.sub(r"\s+", "", m.group(0))[:40],
                    evidence=ctx.quote_around(a, b),
                )
    if not hits:
        ctx.skip()
