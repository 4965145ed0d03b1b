"""Report meta: agency, statistics year, publication date, template and body kind."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .model import Document, Meta, Section
from .normalize import compact

_CN_DIGITS = {
    "〇": 0,
    "零": 0,
    "○": 0,
    "O": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_TITLE = re.compile(
    r"(?P<agency>[^。；;，,]*?)(?:关于)?(?P<year>(?:19|20)\d{2}|[二〇一二三四五六七八九○零]{4})年度?的?"
    r"(?:政府信息公开|政务信息公开|政务公开|信息公开)[^。；;，,]{0,8}?(?:报告|年报)"
)
_YEAR_RE = r"(?P<year>(?:19|20)\d{2}|[二〇一二三四五六七八九○零]{4})"
_PHRASE = r"(?:政府信息公开|政务信息公开|政务公开|信息公开)[^。；;，,()（）]{0,8}?(?:报告|年报)"
# 「某局政府信息公开工作年度报告（2023年度）」 and 「2023年度某局政府信息公开工作年度报告」
_TITLE_YEAR_AFTER = re.compile(
    r"(?P<agency>[^。；;，,]*?)(?:关于)?" + _PHRASE + r"[(（]" + _YEAR_RE + r"年?度?[)）]"
)
_TITLE_YEAR_FIRST = re.compile(r"^" + _YEAR_RE + r"年度?(?P<agency>[^。；;，,\d]{2,30}?)" + _PHRASE)
_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})\s*[年./-]\s*(?P<m>\d{1,2})\s*[月./-]\s*(?P<d>\d{1,2})\s*日?")
_CN_DATE = re.compile(
    r"(?P<y>[二〇○零一二三四五六七八九]{4})年(?P<m>[一二三四五六七八九十]{1,3})月(?P<d>[一二三四五六七八九十]{1,3})日"
)
_DATE_LABEL = re.compile(r"(?:发布|发文|成文|公开|印发)?(?:日期|时间)\s*[:：]")
_GOVERNMENT = re.compile(r"(?:人民政府|政府)$")
_TOWNSHIP = re.compile(r"(?:乡|镇|街道|街道办事处|苏木)(?:人民政府)?$")
_AGENCY_END = re.compile(
    r"(?:局|委|委员会|办|办公室|办公厅|政府|院|厅|部|署|中心|会|所|馆|队|处|室|站|街道|公司|集团)$"
)
_PLACE_ONLY = re.compile(r"^.{1,12}?(?:省|自治区|市|州|盟|县|区|旗)$")


def _cn_small_number(s: str) -> int | None:
    if not s:
        return None
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
    return _CN_DIGITS.get(s)


def _year_value(raw: str) -> int | None:
    if raw.isdecimal():
        return int(raw)
    digits = [_CN_DIGITS.get(ch) for ch in raw]
    return None if None in digits else int("".join(map(str, digits)))


def _clean_agency(raw: str) -> str | None:
    # A breadcrumb run into the title (当前位置:首页>政务公开>政府信息公开年报某局…): the name is what
    # follows its last separator and the column name it ends with; no agency name holds either.
    raw = re.split(r"[>›»|｜:：/\\]", raw)[-1]
    raw = re.sub(r"^.*(?:年报|年度报告|工作报告)", "", raw)
    agency = re.sub(r"[#*_《》<>\"“”「」【】\[\]()（）\s]", "", raw)
    agency = re.sub(r"^(?:关于|印发)", "", agency)
    agency = re.sub(r"(?:关于|的)$", "", agency)
    return agency or None


def _title_lines(text: str, sections: Sequence[Section]) -> list[str]:
    first = next((s.heading_start for s in sections if s.key != "preamble"), len(text))
    head = text[: min(first, 2000)] if first else text[:400]
    lines = [re.sub(r"^\s*#{1,6}\s*|\*\*", "", ln).strip() for ln in head.split("\n")]
    return [ln for ln in lines if ln][:8]


_QUOTED_TITLE_LEAD = re.compile(r"^.*[《<「“\"]")
_CLAUSE_LEAD = re.compile(
    r"^(?:现将|现予|现|特|特此|予以|经|将|按照要求|根据要求)?(?:发布|公布|印发|编制|形成|报送|公开)"
)
_AGENCY_FIELD = re.compile(
    r"^\s*(?:发布机构|发文机关|发文单位|发布单位|公开主体)\s*[:：]\s*(?P<name>[^\s:：|,，;；]{2,30})"
)


def _agency_like(line: str) -> bool:
    """Return whether a whole line can be (part of) an agency name: short, no digits, no field label."""
    return 1 < len(line) <= 30 and not re.search(r"[\d:：。，,；;]", line)


def _find_title(lines: list[str]) -> tuple[str | None, int | None, str | None]:
    """Return (agency, year, title) from the first lines; the title may be broken over lines.

    The year starts the match on its own line (metadata lines above a title, 「发布日期：…」, never become
    part of the agency); the agency is what precedes the year on that line, else the line above when
    it looks like a name. A title quoted inside a sentence of the preface (「现发布《某局2024年…报告》」)
    gives its year, and an agency only from inside the quotes.
    """
    for n in range(len(lines)):
        first = compact(lines[n])
        for width in (1, 2, 3):
            chunk = "".join(compact(x) for x in lines[n : n + width])
            m = _TITLE.search(chunk)
            if not m or m.start("year") >= len(first):
                continue
            raw = m.group("agency")
            sentence = len(first) > 60 or "。" in first[: m.start()]
            if sentence:
                # a title cited in a sentence: only what is inside the opening quote names the agency
                quoted = _QUOTED_TITLE_LEAD.sub("", raw) if _QUOTED_TITLE_LEAD.match(raw) else ""
                agency = _clean_agency(_CLAUSE_LEAD.sub("", quoted))
                title = chunk[m.start() + len(raw) - len(quoted) : m.end()]
                return agency, _year_value(m.group("year")), title
            agency = _clean_agency(raw)
            if not agency and n > 0 and _agency_like(compact(lines[n - 1])):
                agency = _clean_agency(compact(lines[n - 1]))
            start = chunk.rfind(agency, 0, m.start("year")) if agency else -1
            return agency, _year_value(m.group("year")), chunk[max(start, 0) :]
        found = _year_elsewhere(lines, n)
        if found:
            return found
    return None, None, None


def _year_elsewhere(lines: list[str], n: int) -> tuple[str | None, int | None, str] | None:
    """Return a title starting on line `n` whose year is not right before 「政府信息公开」: in brackets
    after it (「…年度报告（2023年度）」, possibly on the next line) or before the agency (「2023年度某局…」)."""
    first = compact(lines[n])
    if len(first) > 60 or "。" in first:
        return None
    for width in (1, 2, 3):
        chunk = "".join(compact(x) for x in lines[n : n + width])
        m = _TITLE_YEAR_AFTER.search(chunk)
        if m and m.start() < len(first) and m.end("agency") <= len(first):
            agency = _clean_agency(m.group("agency"))
            if not agency and n > 0 and _agency_like(compact(lines[n - 1])):
                agency = _clean_agency(compact(lines[n - 1]))
            return agency, _year_value(m.group("year")), chunk
        m = _TITLE_YEAR_FIRST.search(chunk)
        if m and m.end("agency") <= len(first):
            agency = _clean_agency(m.group("agency"))
            return (
                (agency if agency and _AGENCY_END.search(agency) else None),
                _year_value(m.group("year")),
                chunk,
            )
    return None


def find_agency_field(text: str) -> str | None:
    """Return the agency of a labelled header field (「发布机构：某局」 of a CMS page's metadata box)."""
    for line in text.split("\n")[:15]:
        m = _AGENCY_FIELD.match(line)
        if m and _AGENCY_END.search(m.group("name")):
            return m.group("name")
    return None


def _iso(y: int, m: int, d: int) -> str | None:
    if 1 <= m <= 12 and 1 <= d <= 31 and 1990 <= y <= 2100:
        return f"{y:04d}-{m:02d}-{d:02d}"
    return None


def _date_in(line: str) -> str | None:
    m = _DATE.search(line)
    if m:
        return _iso(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    m = _CN_DATE.search(line)
    if m:
        y, mo, d = _year_value(m.group("y")), _cn_small_number(m.group("m")), _cn_small_number(m.group("d"))
        if y and mo and d:
            return _iso(y, mo, d)
    return None


def _signed_line(bare: str) -> tuple[str | None, str | None]:
    """Return (agency, date) of a signature line that holds both: 「某某县水利局　2024年1月20日」."""
    m = _DATE.search(bare) or _CN_DATE.search(bare)
    if not m or m.end() != len(bare) or not m.start():
        return None, None
    name = re.sub(r"[(（]?(?:盖章|印章|公章)[)）]?$", "", bare[: m.start()])
    if 2 < len(name) <= 30 and _AGENCY_END.search(name) and not re.search(r"[\d。，,;；:：]", name):
        return name, _date_in(bare[m.start() :])
    return None, None


def find_publish_date(text: str) -> str | None:
    """Return the ISO date printed under the signature or in a labelled header field, else None.

    Only a line that is a date and nothing else, or an agency name followed by a date (a signature
    on one line), among the last lines of the report, counts as the signature date; dates inside
    narrative sentences never do.
    """
    for line in text.split("\n")[:15]:
        if _DATE_LABEL.search(line):
            found = _date_in(line[_DATE_LABEL.search(line).end() :])
            if found:
                return found
    tail = [ln.strip() for ln in text.split("\n") if ln.strip()][-6:]
    for line in reversed(tail):
        bare = compact(line).strip("*_")
        if len(bare) <= 16:
            found = _date_in(bare)
            if found:
                return found
        else:
            found = _signed_line(bare)[1]
            if found:
                return found
    return None


def classify_body(agency: str | None) -> str | None:
    """Return ``government`` (本级政府 report), ``township`` or ``department`` for an agency name."""
    if not agency:
        return None
    if _TOWNSHIP.search(agency):
        return "township"
    if _GOVERNMENT.search(agency) or _PLACE_ONLY.match(agency):
        return "government"
    return "department"


def find_signature_agency(text: str) -> str | None:
    """Return the agency named in the signature block: the short line above (or below) the closing
    date, the name before the date on the same line, or a last line that is only a name."""
    tail = [compact(ln).strip("*_") for ln in text.split("\n") if ln.strip()][-4:]

    def named(name: str) -> bool:
        name = re.sub(r"[(（]?(?:盖章|印章|公章)[)）]?$", "", name)
        return (
            2 < len(name) <= 30 and bool(_AGENCY_END.search(name)) and not re.search(r"[\d。，,;；:：]", name)
        )

    for n in range(len(tail) - 1, -1, -1):
        agency = _signed_line(tail[n])[0]
        if agency:
            return agency
        if _date_in(tail[n]) and len(tail[n]) <= 16:
            for near in ([tail[n - 1]] if n else []) + ([tail[n + 1]] if n + 1 < len(tail) else []):
                if named(near):
                    return re.sub(r"[(（]?(?:盖章|印章|公章)[)）]?$", "", near)
    if tail and named(tail[-1]) and not re.search(r"报告|事项|情况", tail[-1]):
        return re.sub(r"[(（]?(?:盖章|印章|公章)[)）]?$", "", tail[-1])  # signed without a date
    return None


_PERIOD = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*年\s*(?:1\s*月\s*1\s*日|1\s*月份?)\s*(?:起\s*)?(?:至|到|—|－|-|~|～)\s*"
    r"(?:(?P=y)\s*年\s*)?12\s*月(?:\s*31\s*日|份)?"
)
_STATS_START = re.compile(
    r"统计(?:期限|时限|时间|区间)?为?\s*(?:自|从)?\s*(?P<y>(?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日"
)
_YEAR_END = re.compile(r"截[至止](?:到)?\s*(?P<y>(?:19|20)\d{2})\s*年\s*(?:12\s*月\s*31\s*日|底|末)")
_YEAR_LEAD = re.compile(
    r"(?:^|[。！？\n])\s*[*#]*\s*(?P<y>(?:19|20)\d{2})\s*年度?\s*(?:[，,]|以来|全年|来|我|本)"
)


def find_report_year(text: str, sections: Sequence[Section], publish_date: str | None) -> int | None:
    """Return the statistics year when no title states it, from the weakest-doubt evidence available.

    In order: the statistics period (「统计期限为2024年1月1日至12月31日」), a year-end cut-off
    (「截至2024年12月31日」), the year most paragraphs of 总体情况 open with (「2024年，我局…」), and the
    year before a publication date of the first half of a year (reports are due by 31 January or 31 March).
    """
    m = _STATS_START.search(text) or _PERIOD.search(text)
    if m:
        return int(m.group("y"))
    m = _YEAR_END.search(text)
    if m:
        return int(m.group("y"))
    overview = next((s for s in sections if s.key == "overview"), None)
    if overview is not None:
        years = [int(y.group("y")) for y in _YEAR_LEAD.finditer(text, overview.start, overview.end)]
        if years:
            return max(set(years), key=lambda y: (years.count(y), -years.index(y)))
    if publish_date and int(publish_date[5:7]) <= 6:
        return int(publish_date[:4]) - 1
    return None


def extract_meta(doc: Document, sections: Sequence[Section], template: str | None) -> Meta:
    """Return the `Meta` of a report read from its title lines, header fields, signature and tables."""
    agency, year, title = _find_title(_title_lines(doc.text, sections))
    if not agency:
        agency = find_agency_field(doc.text) or find_signature_agency(doc.text)
    publish_date = find_publish_date(doc.text)
    if year is None:
        year = find_report_year(doc.text, sections, publish_date)
    return Meta(
        agency=agency,
        year=year,
        publish_date=publish_date,
        template=template,
        body_kind=classify_body(agency),
        title=title,
    )
