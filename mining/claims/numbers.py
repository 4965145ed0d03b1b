"""Numbers of the narrative: a Chinese-numeral converter and a scanner that finds quantities, not codes.

The scanner works on plain text (plus, when given, the token boundaries of a segmenter) and returns
`Quantity` records: value, unit, hedge and the interval the words allow. It leaves out every number
that is not a quantity: dates and years, times, ordinals and list markers, article and document
numbers, phone numbers, postcodes, addresses, URLs and e-mail addresses, hotline names (12345), and
percentages quoted as a target.

Interval convention (``low``/``high``), with ``step`` the place value of the lowest non-zero digit
(1200 -> 100, 860 -> 10, 9.35 -> 0.01, 1.2万 -> 1000):

=====================  =====================  ==========================================
words                  interval               bounds
=====================  =====================  ==========================================
exact ``56条``          [56, 56]               closed
``N余`` ``N多``          [N, N + step)          high exclusive
``近N`` ``将近N``        [N - step, N)          high exclusive (「近百」 -> [0, 100))
``不到N`` ``不足N``      [0, N)                 high exclusive
``约N`` ``N左右``        [N - step, N + step]   closed
``超过N`` ``N以上``      [N, None]              open above (``high`` is None)
``两三个`` ``3-5件``     [2, 3], [3, 5]         closed; ``value`` is the lower bound
``十几`` ``几十``        [11, 19], [20, 99]     closed
=====================  =====================  ==========================================

`interval_allows` applies the convention, so a check never re-implements it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

CN_DIGITS: dict[str, int] = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_SMALL_UNITS: dict[str, int] = {"十": 10, "百": 100, "千": 1000}
CN_BIG_UNITS: dict[str, int] = {"万": 10_000, "亿": 100_000_000}
_CN_CHARS = "".join(CN_DIGITS) + "".join(CN_SMALL_UNITS) + "".join(CN_BIG_UNITS)

EXCLUSIVE_HIGH = frozenset({"余", "多", "近", "将近", "接近", "不到", "不足", "几"})
"""Hedges whose ``high`` bound is exclusive (the value is strictly below it)."""


@dataclass(frozen=True)
class Quantity:
    """A quantity found in text: ``[start, end)`` covers the hedge, the number and the unit."""

    start: int
    end: int
    value: float
    unit: str | None
    approx: str | None = None
    low: float | None = None
    high: float | None = None
    num_start: int = -1
    """Where the number itself starts (after a prefix hedge such as 约/近)."""


def parse_chinese_number(s: str) -> float | None:
    """Return the value of a Chinese (or mixed Arabic/Chinese) numeral, None when `s` is not one.

    Handles 零/〇, 两, a leading 十 (十五 = 15), 万/亿 sections (一万零三千 = 13000), Arabic
    mantissas (3万, 1.2万) and the colloquial dropped unit (一千二 = 1200, 三万五 = 35000). A run of
    bare digits longer than one (二〇二四) is a code or a year, not a quantity, and returns None;
    so do adjacent digits (两三), which are ranges: see `parse_chinese_range`.
    """
    s = s.strip().replace(",", "")
    if not s:
        return None
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([万亿]{0,2})", s)
    if m:
        value = float(m.group(1))
        for ch in m.group(2):
            value *= CN_BIG_UNITS[ch]
        return value
    if any(ch not in _CN_CHARS for ch in s):
        return None
    if not any(ch in CN_SMALL_UNITS or ch in CN_BIG_UNITS for ch in s):
        return float(CN_DIGITS[s]) if len(s) == 1 else None
    total = 0.0  # completed 亿 sections
    section = 0.0  # the value below the current big unit
    digit: int | None = None
    last_unit = 1
    prev_digit_char = False
    for ch in s:
        if ch in CN_DIGITS:
            if prev_digit_char and CN_DIGITS[ch] != 0 and digit not in (None, 0):
                return None  # two digits in a row (两三): a range, not a number
            digit = CN_DIGITS[ch]
            prev_digit_char = True
            continue
        prev_digit_char = False
        if ch in CN_SMALL_UNITS:
            unit = CN_SMALL_UNITS[ch]
            if digit is None and unit != 10 and section == 0 and total == 0:
                digit = 1  # 百余 / 千余: 百 alone means one hundred
            section += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
        else:
            big = CN_BIG_UNITS[ch]
            section += digit or 0
            if section == 0:
                section = 1  # 万余 alone
            if big == 100_000_000:
                total = (total + section) * big
                section = 0.0
            else:
                section *= big
                total += section
                section = 0.0
            digit, last_unit = None, big
    if digit is not None:
        # 一千二 = 1200: a trailing digit right after a unit counts in the next lower place.
        if last_unit >= 100 and not s.endswith(("零" + s[-1], "〇" + s[-1])) and s[-2] not in CN_DIGITS:
            section += digit * last_unit // 10
        else:
            section += digit
    return total + section


def parse_chinese_range(s: str) -> tuple[float, float] | None:
    """Return (low, high) for adjacent-digit ranges: 两三 -> (2, 3), 三四十 -> (30, 40), 十五六 -> (15, 16)."""
    m = re.fullmatch(
        r"([一二两三四五六七八九十百千万]*?)([一二两三四五六七八九])([二两三四五六七八九])([十百千万]*)", s
    )
    if not m:
        return None
    head, a, b, tail = m.groups()
    da, db = CN_DIGITS[a], CN_DIGITS[b]
    if db != da + 1:
        return None
    if head and not tail:
        # 十五六 / 二十七八: the digits sit in the place below the head's last unit.
        base = parse_chinese_number(head)
        if base is None:
            return None
        place = 1
        if head.endswith("十"):
            place = 1
        elif head.endswith("百"):
            place = 10
        elif head.endswith("千"):
            place = 100
        return base + da * place, base + db * place
    if head:
        return None
    mult = parse_chinese_number("一" + tail) if tail else 1.0
    if mult is None:
        return None
    return da * mult, db * mult


def step_of(value: float) -> float:
    """Return the place value of the lowest non-zero digit of `value` (1200 -> 100, 9.35 -> 0.01)."""
    if value == 0:
        return 1.0
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    if "." in text:
        return 10.0 ** -len(text.split(".")[1])
    digits = text.lstrip("-")
    return 10.0 ** (len(digits) - len(digits.rstrip("0")))


def hedge_interval(value: float, approx: str | None) -> tuple[float | None, float | None]:
    """Return (low, high) for `value` under the hedge `approx` (see the module's convention table)."""
    if approx is None:
        return value, value
    step = step_of(value)
    if approx in ("余", "多", "几"):
        return value, value + step
    if approx in ("近", "将近", "接近"):
        return max(0.0, value - step), value
    if approx in ("不到", "不足", "以下", "以内"):
        return 0.0, value
    if approx in ("约", "大约", "左右", "大概", "约为"):
        return max(0.0, value - step), value + step
    if approx in ("超过", "以上", "逾", "多于", "不少于", "至少", "高于"):
        return value, None
    return value, value


def interval_allows(low: float | None, high: float | None, approx: str | None, x: float) -> bool:
    """Return whether `x` lies in the interval a claim's words allow (the module's convention)."""
    if low is not None and x < low - 1e-9:
        return False
    if high is None:
        return True
    if approx in EXCLUSIVE_HIGH and low != high:
        return x < high - 1e-9
    return x <= high + 1e-9


# ---------------------------------------------------------------------------------------------------
# The scanner

COUNT_UNITS: tuple[str, ...] = (
    "个工作日",
    "个百分点",
    "个月",
    "个",
    "人次",
    "万人次",
    "件次",
    "条次",
    "篇次",
    "件",
    "条",
    "篇",
    "次",
    "家",
    "期",
    "人",
    "名",
    "位",
    "份",
    "项",
    "场",
    "批",
    "户",
    "册",
    "本",
    "张",
    "部",
    "套",
    "所",
    "起",
    "宗",
    "封",
    "支",
    "台",
    "幅",
    "轮",
    "天",
    "小时",
    "分钟",
    "万字",
    "字",
    "页",
    "处",
    "组",
    "例",
    "场次",
    "栏",
    "单",
    "盒",
    "倍",
    "课时",
)
MONEY_UNITS: dict[str, float] = {"亿元": 1e8, "万元": 1e4, "千元": 1e3, "元": 1.0}
PERCENT_UNITS = ("%", "‰")

_UNIT_ALT = "|".join(sorted([*COUNT_UNITS, *MONEY_UNITS], key=len, reverse=True))
_ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CN_RUN = rf"[{_CN_CHARS}几数上]+"
_PREFIX_HEDGES = (
    "将近",
    "接近",
    "大约",
    "超过",
    "多于",
    "不少于",
    "不到",
    "不足",
    "至少",
    "约",
    "近",
    "逾",
    "高于",
)
_PREFIX_ALT = "|".join(_PREFIX_HEDGES)

# One regex finds every candidate; the checks below throw the non-quantities out.
_CANDIDATE = re.compile(
    rf"(?P<prefix>(?:{_PREFIX_ALT}) ?)?"
    rf"(?:(?P<pct_cn>百分之[{_CN_CHARS}点]+)"
    rf"|(?P<range_a>\d+(?:\.\d+)?) ?(?:-|~|～|—|–|至|到) ?(?P<range_b>\d+(?:\.\d+)?)(?= ?(?:{_UNIT_ALT}|%))"
    rf"|(?P<arabic>{_ARABIC})(?: ?(?P<big>[万亿](?!元)))?"
    rf"|(?P<cn>{_CN_RUN}))"
    rf"(?P<suffix1> ?[余多])?"
    rf" ?(?P<unit>{_UNIT_ALT}|%|‰)?"
    rf"(?P<suffix2>余|多|以上|以下|左右|以内)?"
)

_DATE_PATTERNS = [
    re.compile(r"\d{4} ?[-./] ?\d{1,2} ?[-./] ?\d{1,2}"),
    re.compile(
        r"\d{2,4} ?年(?:度|底|初|末|内|中|以来)?(?: ?\d{1,2} ?(?:-|—|~|至|到)? ?\d{0,2} ?月(?:份|底|初|末|中旬|上旬|下旬)?)?(?: ?\d{1,2} ?[日号])?"
    ),
    re.compile(r"\d{1,2} ?(?:-|—|~|至|到) ?\d{1,2} ?月"),
    re.compile(r"\d{1,2} ?月(?:份|底|初|末|中旬|上旬|下旬)?(?: ?\d{1,2} ?[日号])?"),
    re.compile(r"\d{1,2} ?[日号](?: ?(?:-|—|~|至|到) ?\d{1,2} ?[日号])?"),
    re.compile(
        r"[〇零一二三四五六七八九]{4}年(?:[一二三四五六七八九十]{1,3}月)?(?:[一二三四五六七八九十]{1,3}[日号])?"
    ),
    re.compile(r"[一二三四五六七八九十]{1,3}月(?:[一二三四五六七八九十]{1,3}[日号])?"),
    re.compile(r"\d{1,2} ?[:：] ?\d{2}(?: ?[-—~至到] ?\d{1,2} ?[:：] ?\d{2})?"),
    re.compile(r"\d{1,2} ?[时点](?: ?\d{1,2} ?分)?(?!多|余|[击赞])"),
]
_CODE_PATTERNS = [
    # 〔2021〕30号, [2019]60号, (2021)3号, 第711号
    re.compile(r"[〔\[【(（] ?\d{4} ?[〕\]】)）] ?(?:第 ?)?\d+ ?号"),
    re.compile(
        r"第 ?[\d一二三四五六七八九十百千零〇两]+ ?(?:号|条|项|款|章|节|批|次|届|季度|期|名|个|轮|条第|部分)?"
    ),
    re.compile(r"(?:https?://|www\.)[^\s，。；、）),;<>]+", re.IGNORECASE),
    re.compile(r"[\w.\-]+@[\w\-]+(?:\.[\w\-]+)+"),
    # phone and fax numbers: 0319-1234567, (0319)1234567, 13912345678, 400-123-4567
    re.compile(r"(?<![\d.])(?:\(?0\d{2,3}\)? ?[-—]? ?)?\d{7,8}(?: ?[-—转] ?\d{1,5})?(?![\d.])"),
    re.compile(r"(?<![\d.])0\d{2,3} ?[-—] ?\d{7,8}(?![\d.])"),
    re.compile(r"(?<![\d.])1[3-9]\d{9}(?![\d.])"),
    re.compile(r"(?<![\d.])[48]00 ?[-—]? ?\d{3} ?[-—]? ?\d{4}(?![\d.])"),
    # 12345 热线 and similar service numbers named by their digits
    re.compile(r"(?<![\d.])\d{3,6}(?= ?(?:政务|便民|服务|热线|平台|专线|市民|投诉|咨询))"),
    # postcodes and contact fields: the digits after 邮编/电话/传真/… in the same clause
    re.compile(
        r"(?:邮编|邮政编码|电话|传真|手机|联系方式|联系电话|咨询电话|办公电话|QQ|qq|微信号)[^，。；,;\n]{0,12}?[\d\-—()（） ]{3,}(?![\d\-—])(?! ?(?:个|次|件|条|人|通|余|多|万))"
    ),
    # addresses: 人民路88号, 3号楼, 5楼, 301室, 8层
    re.compile(r"\d+ ?(?:号楼|号院|号|楼|层|室|栋|幢|单元|弄|巷|路|街|大道|区|组团|国道|省道)"),
    re.compile(r"(?:路|街|道|巷|大厦|大楼|广场|中心|号院) ?\d+"),
    # list markers: (一) (1) ① 1. 1、 一、 at a clause start
    re.compile(r"[(（] ?[一二三四五六七八九十\d]{1,3} ?[)）]"),
    re.compile(
        r"(?:^|(?<=[\n。；;：:！？!?]))[ ]*(?:\d{1,2}|[一二三四五六七八九十]{1,3}) ?(?:[、.．,，](?!\d)|[)）])",
        re.MULTILINE,
    ),
    # statute and standard numbers: 国务院令711号, GB/T 1234-2020, DB51/T 2660—2019
    re.compile(r"[A-Za-z]{1,4} ?/? ?[A-Za-z]? ?\d[\d.\-—]*"),
    re.compile(r"令 ?\d+ ?号"),
    # versions and model numbers: 2.0 版, 5G, 4A, 3D
    re.compile(r"\d+(?:\.\d+)? ?(?:版|G|A级|A|D)(?![\u4e00-\u9fff]*元)"),
]

# Literal substrings without which a pattern cannot match (skipping it saves a scan of the text).
_NEEDS: dict[str, tuple[str, ...]] = {
    _CODE_PATTERNS[2].pattern: ("http", "www", "HTTP", "WWW"),
    _CODE_PATTERNS[3].pattern: ("@",),
    _DATE_PATTERNS[7].pattern: (":", "："),
}

# 「统一」「进一步」「千家万户」: a numeral inside a word. Checked when no token boundaries are given.
_WORD_BEFORE = set("统进唯同逐万千百划专单一每第其惟若十")
_IDIOMS_AFTER = re.compile(
    r"^(?:部分|起(?!案|行政|复议|诉讼|投诉|举报|事件|事故|申请)|个方面|个层面|个方向|件事|次性|次办|次都不|站式|网通|网办|张网|张图|张清单|张表|窗|门式|号|条龙|体化|把手|盘棋|揽子|线|手|批批|项项|条条|件件"
    r"|个意识|个自信|个维护|个确立|个代表|个务必|个全面|个表率|个中心|个基本点|个一|个窗口受理|个平台)"
)
_TARGET_BEFORE = re.compile(r"(?:力争|确保|要求|目标|不低于|不少于|达到|保持在?|控制在|实现) ?$")
_TARGET_AFTER = re.compile(r"^ ?(?:以上)? ?(?:的)?(?:目标|要求|标准|的考核|考核要求)")
_TARGET_CLAUSE = re.compile(r"(?:力争|确保|目标|不低于|不少于|要求达到|须达到|应达到)")
_PLAN_WORDS = re.compile(r"(?:要点|方案|规划|计划|意见|通知|办法|考核|目标|要求)")
_BARE_OK_BEFORE = re.compile(r"(?:为|是|达|达到|计|共计|合计|累计|总计|总数|数量|数|:|：) ?$")
_BARE_OK_AFTER = re.compile(r"^ ?(?:[，,。；;、）)\n]|$)")


def _excluded_regions(text: str) -> list[tuple[int, int]]:
    spans = []
    for pat in (*_DATE_PATTERNS, *_CODE_PATTERNS):
        need = _NEEDS.get(pat.pattern)
        if need is not None and not any(n in text for n in need):
            continue  # the pattern cannot match: skip the scan
        for m in pat.finditer(text):
            if m.end() > m.start():
                spans.append((m.start(), m.end()))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def _overlaps(regions: list[tuple[int, int]], start: int, end: int) -> bool:
    # regions are sorted and disjoint; a linear scan from a bisect point keeps this cheap.
    import bisect

    i = bisect.bisect_right(regions, (start, 10**12)) - 1
    for j in (i, i + 1):
        if 0 <= j < len(regions):
            s, e = regions[j]
            if s < end and start < e:
                return True
    return False


def _fuzzy_cn(s: str) -> tuple[float, float, float] | None:
    """Return (value, low, high) for 十几 / 几十 / 数十 / 数百 / 上百 / 上千 / 二十几, else None."""
    m = re.fullmatch(r"([一二两三四五六七八九]?十)几", s)
    if m:
        base = parse_chinese_number(m.group(1)) or 10
        return base + 1, base + 1, base + 9
    m = re.fullmatch(r"[几数]([十百千万])", s)
    if m:
        unit = parse_chinese_number("一" + m.group(1)) or 10
        return 2 * unit, 2 * unit, 10 * unit - 1
    m = re.fullmatch(r"上([百千万])", s)
    if m:
        unit = parse_chinese_number("一" + m.group(1)) or 100
        return unit, unit, 2 * unit - 1
    return None


def scan_quantities(text: str, boundaries: Iterable[int] | None = None) -> list[Quantity]:
    """Return the quantities stated in `text`, in order, without dates, codes, markers or targets.

    `boundaries` are token start/end offsets from a segmenter (jieba); with them a Chinese numeral
    must start and end on a token edge (「统一零售价」 holds no number). Without them a short list of
    word-forming neighbours plays that role.
    """
    bset = set(boundaries) if boundaries is not None else None
    regions = _excluded_regions(text)
    out: list[Quantity] = []
    for m in _CANDIDATE.finditer(text):
        q = _candidate_to_quantity(text, m, regions, bset)
        if q is not None:
            out.append(q)
    return out


def _candidate_to_quantity(
    text: str, m: re.Match, regions: list[tuple[int, int]], bset: set[int] | None
) -> Quantity | None:
    g = m.groupdict()
    prefix = (g["prefix"] or "").strip() or None
    num_start = m.start() + (len(g["prefix"]) if g["prefix"] else 0)
    unit = g["unit"]
    suffix = (g["suffix1"] or "").strip() or g["suffix2"]
    start, end = m.start(), m.end()
    num_end = m.end("unit") if unit else (m.end("suffix1") if g["suffix1"] else m.end())
    # The number itself (not the hedge around it) must not sit in a date, code or address.
    core_end = m.end("unit") if unit else num_end
    if _overlaps(regions, num_start, core_end if unit else num_end):
        return None
    if num_start > 0 and text[num_start - 1] in "第":
        return None
    if num_start > 0 and (text[num_start - 1].isdigit() or text[num_start - 1] in ".-/"):
        return None  # the tail of a longer code
    approx = prefix
    low = high = None
    if g["pct_cn"]:
        body = g["pct_cn"][3:]
        value = _parse_cn_decimal(body)
        if value is None:
            return None
        unit = "%"
    elif g["range_a"] is not None:
        a, b = float(g["range_a"]), float(g["range_b"])
        if b <= a:
            return None
        value, low, high = a, a, b
        approx = approx or "range"
    elif g["arabic"] is not None:
        raw = g["arabic"].replace(",", "")
        value = float(raw)
        if g["big"]:
            value *= CN_BIG_UNITS[g["big"]]
        if unit is None and not (
            _BARE_OK_BEFORE.search(text[max(0, num_start - 4) : num_start])
            and _BARE_OK_AFTER.match(text[num_end : num_end + 2])
        ):
            return None
        if (
            len(raw.split(".")[0]) >= 7
            and "," not in g["arabic"]
            and unit not in MONEY_UNITS
            and not g["big"]
        ):
            return None  # a long digit run without separators is an ID, not a count
    else:
        cn = g["cn"]
        if unit is None and not suffix:
            return None  # a bare Chinese numeral (一是, 三公, 两会) is never a claim
        if bset is not None:
            if num_start not in bset or (end not in bset and m.end("unit") not in bset):
                return None
        elif num_start > 0 and text[num_start - 1] in _WORD_BEFORE:
            return None
        if unit and _IDIOMS_AFTER.match(text[m.end("cn") :][:8]):
            return None
        if cn.startswith(("几", "数", "上")) or cn.endswith("几"):
            fz = _fuzzy_cn(cn)
            if fz is None:
                return None
            value, low, high = fz
            approx = approx or cn
        else:
            rng = parse_chinese_range(cn)
            if rng is not None:
                value, low, high = rng[0], rng[0], rng[1]
                approx = approx or "range"
            else:
                parsed = parse_chinese_number(cn)
                if parsed is None:
                    return None
                value = parsed
                if (
                    cn == "一"
                    and num_start > 0
                    and text[max(0, num_start - 2) : num_start].endswith(
                        ("是", "为", "这", "那", "同", "每", "成")
                    )
                ):
                    return None  # 「是一项系统工程」: an article, not a count
    if unit is None and g["pct_cn"] is None and g["arabic"] is None and not suffix:
        return None
    if suffix in ("余", "多") or (suffix and approx is None):
        approx = suffix if approx is None or approx == "range" and suffix in ("余", "多") else approx
    if unit in ("个工作日", "工作日", "天", "小时") and text[end : end + 1] == "内":
        return None  # 「20个工作日内」: a statutory time limit, not a stated result
    if unit in PERCENT_UNITS and _is_target(text, start, end):
        return None
    if low is None:
        low, high = hedge_interval(value, approx)
    return Quantity(
        start=start,
        end=end,
        value=value,
        unit=unit,
        approx=approx,
        low=low,
        high=high,
        num_start=num_start,
    )


def _parse_cn_decimal(body: str) -> float | None:
    if "点" in body:
        whole, frac = body.split("点", 1)
        w = parse_chinese_number(whole) if whole else 0.0
        digits = [CN_DIGITS.get(ch) for ch in frac]
        if w is None or not digits or any(d is None for d in digits):
            return None
        return w + float("0." + "".join(str(d) for d in digits))
    return parse_chinese_number(body)


def _is_target(text: str, start: int, end: int) -> bool:
    """Return whether the percentage at [start, end) is a target quoted from a plan, not a result."""
    if _TARGET_AFTER.match(text[end : end + 8]):
        return True
    clause_start = max(text.rfind(ch, 0, start) for ch in "，。；;,\n")
    clause = text[clause_start + 1 : start]
    if _TARGET_CLAUSE.search(clause):
        return True
    sent_start = max(text.rfind(ch, 0, start) for ch in "。；;\n")
    return bool(
        _TARGET_BEFORE.search(text[max(0, start - 8) : start])
        and _PLAN_WORDS.search(text[sent_start + 1 : start])
    )


def round_value(value: float) -> float:
    """Return `value` rounded to remove float noise from 1.2 × 10000 and the like."""
    return float(round(value, 6)) if not math.isinf(value) else value
